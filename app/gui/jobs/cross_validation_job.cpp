#include "app/gui/jobs/cross_validation_job.h"

#include <utility>

#include "core/device/device.h"

namespace loupe::gui {

CrossValidationJob::CrossValidationJob(QObject* parent) : Job(parent) {}

bool CrossValidationJob::start(std::shared_ptr<const data::Table> table,
                               train::ExperimentRequest request, int64_t folds,
                               const QString& device) {
    if (!table) return false;
    return launch([this, table = std::move(table), request = std::move(request), folds,
                   spec = device.toStdString()](JobContext& context) -> std::function<void()> {
        // Only posted closures touch `this`; they run on the job's thread while it exists.
        device::DeviceChoice choice = device::makeDevice(spec);
        Throttle throttle;
        const auto report = [&](const ProgressInfo& p) {
            context.waitWhilePaused();  // core reports after every epoch: a pause holds there
            if (!throttle.due()) return;
            context.post([this, done = qint64(p.done), total = qint64(p.total),
                          stage = QString::fromStdString(p.stage)] {
                emit progress(done, total, stage);
            });
        };
        auto cv = std::make_shared<const train::CrossValidation>(train::crossValidate(
            *table, request, *choice.device, folds, report, context.stopToken()));
        return [this, cv] { emit finished(cv); };
    });
}

}  // namespace loupe::gui
