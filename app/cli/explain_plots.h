#pragma once
// The plots `loupe-cli explain` writes beside shap.csv: the summary beeswarm and a force plot of
// each of the first few explained rows, drawn by widgets/explain's ShapPlot on an offscreen
// QGuiApplication (no display needed).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/explain/shap_summary.h"

namespace loupe::cli {

/// At most this many force plots, one per explained row, in the order of --rows.
constexpr size_t kMaxForcePlots = 5;

/// Writes folder/summary.svg and folder/force_<row>.svg (row: the data row id) for the first
/// kMaxForcePlots rows; returns the names written. Starts a QGuiApplication on the offscreen
/// platform (unless QT_QPA_PLATFORM says otherwise) when none runs. Throws InputError naming
/// the file when one cannot be written.
std::vector<std::string> writeExplainPlots(
    std::shared_ptr<const explain::ShapExplanation> explanation,
    const std::filesystem::path& folder);

}  // namespace loupe::cli
