#include "app/gui/jobs/report_job.h"

#include "core/device/device.h"
#include "widgets/report/report_export.h"

namespace loupe::gui {

ReportJob::ReportJob(QObject* parent) : Job(parent) {}

bool ReportJob::start(const QString& runFolder, const QString& path, const QString& device) {
    const std::optional<widgets::ReportFormat> format = widgets::reportFormatOf(path);
    if (!format) return false;
    return launch([this, folder = runFolder.toStdString(), path, format = *format,
                   spec = device.toStdString()](JobContext& context) -> std::function<void()> {
        device::DeviceChoice choice = device::makeDevice(spec);
        widgets::exportRunReport(std::filesystem::path(folder), path, format,
                                 report::ReportOptions{}, *choice.device, context.stopToken());
        return [this, path] { emit finished(path); };
    });
}

}  // namespace loupe::gui
