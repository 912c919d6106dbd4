#include "widgets/report/report_export.h"

#include <QFileInfo>
#include <QSaveFile>

#include "core/error.h"
#include "widgets/report/html_report.h"
#include "widgets/report/pdf_report.h"

namespace loupe::widgets {

std::optional<ReportFormat> reportFormatOf(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
        return ReportFormat::Html;
    if (suffix == QLatin1String("pdf")) return ReportFormat::Pdf;
    return std::nullopt;
}

bool writeReport(std::shared_ptr<const report::RunReport> report, const QString& path,
                 ReportFormat format, QString* error) {
    const auto fail = [&](const QString& message) {
        if (error) *error = message;
        return false;
    };
    const ReportDocument document = buildReportDocument(std::move(report));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(file.errorString());
    if (format == ReportFormat::Html) {
        const QByteArray html = htmlReport(document);
        if (file.write(html) != html.size()) return fail(file.errorString());
    } else {
        QString why;
        if (!writePdfReport(document, &file, &why)) return fail(why);
    }
    if (!file.commit()) return fail(file.errorString());
    return true;
}

void exportRunReport(const std::filesystem::path& runFolder, const QString& path,
                     ReportFormat format, const report::ReportOptions& options,
                     device::Device& device, std::stop_token stop) {
    auto report = std::make_shared<report::RunReport>(
        report::gatherRunReport(runFolder, options, device, {}, stop));
    QString error;
    if (!writeReport(std::move(report), path, format, &error))
        throw InputError("cannot write the report: " + error.toStdString(), path.toStdString());
}

}  // namespace loupe::widgets
