#pragma once
// Writing a run's report to a file: the one call behind `loupe-cli report` and the GUI's
// File > Export report.

#include <QString>
#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>

#include "core/device/device.h"
#include "core/report/run_report.h"

namespace loupe::widgets {

enum class ReportFormat { Html, Pdf };

/// Html for a name ending in .html or .htm, Pdf for .pdf (any case); empty for another.
std::optional<ReportFormat> reportFormatOf(const QString& path);

/// Writes the report of `report` to `path` as `format`, through QSaveFile (a failed write leaves
/// no file). Needs a QGuiApplication; any thread (QPainter on SVG and PDF devices only). Returns
/// false with `error` (when given) saying why.
bool writeReport(std::shared_ptr<const report::RunReport> report, const QString& path,
                 ReportFormat format, QString* error = nullptr);

/// Gathers the report of `runFolder` (report::gatherRunReport: reads the folder and the dataset,
/// and computes SHAP values on `device` without a shap.csv, which takes seconds: run it off the
/// UI thread) and writes it to `path`. Throws InputError for a missing or malformed run folder
/// or a file that cannot be written, Cancelled when `stop` is requested.
void exportRunReport(const std::filesystem::path& runFolder, const QString& path,
                     ReportFormat format, const report::ReportOptions& options,
                     device::Device& device, std::stop_token stop = {});

}  // namespace loupe::widgets
