#include "app/gui/jobs/explain_job.h"

#include <utility>

#include "core/device/device.h"

namespace loupe::gui {

ExplainJob::ExplainJob(QObject* parent) : Job(parent) {}

bool ExplainJob::start(std::shared_ptr<const data::Table> table,
                       std::shared_ptr<const train::ExperimentResult> run,
                       explain::ExplainRequest request, const QString& device) {
    if (!table || !run) return false;
    return launch([this, table = std::move(table), run = std::move(run),
                   request = std::move(request),
                   spec = device.toStdString()](JobContext& context) -> std::function<void()> {
        // Only posted closures touch `this`; they run on the job's thread while it exists.
        device::DeviceChoice choice = device::makeDevice(spec);
        Throttle throttle;
        ProgressInfo last;
        bool pending = false;
        auto report = [&](const ProgressInfo& p) {
            last = p;
            pending = !throttle.due();
            if (!pending) context.post([this, p] { emit progress(p.done, p.total); });
        };
        auto explanation = std::make_shared<const explain::ShapExplanation>(explain::explainRun(
            *choice.device, run->model, *table, run->split, request, report, context.stopToken()));
        // The throttle may have held back the last row: the bar should end full.
        if (pending) context.post([this, p = last] { emit progress(p.done, p.total); });
        return [this, explanation = std::move(explanation)] { emit finished(explanation); };
    });
}

}  // namespace loupe::gui
