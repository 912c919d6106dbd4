#include "app/gui/jobs/training_job.h"

#include <utility>

#include "core/device/device.h"
#include "core/train/training_record.h"

namespace loupe::gui {

TrainingJob::TrainingJob(QObject* parent) : Job(parent) {}

bool TrainingJob::start(std::shared_ptr<const data::Table> table, train::ExperimentRequest request,
                        const QString& device) {
    if (!table) return false;
    return launch([this, table = std::move(table), request = std::move(request),
                   spec = device.toStdString()](JobContext& context) -> std::function<void()> {
        // Only posted closures touch `this`; they run on the job's thread while it exists.
        const std::stop_token stop = context.stopToken();
        train::PreparedExperiment prepared = train::prepareExperiment(*table, request);
        auto result = std::make_shared<train::ExperimentResult>();
        result->model = train::buildModel(prepared, request);
        device::DeviceChoice choice = device::makeDevice(spec);

        train::TrainingSetup setup;
        setup.task = prepared.target.task;
        setup.classNames = result->model.classNames;
        setup.trainRows = static_cast<int64_t>(prepared.split.train.size());
        setup.valRows = static_cast<int64_t>(prepared.split.val.size());
        setup.testRows = static_cast<int64_t>(prepared.split.test.size());
        setup.features = prepared.pipeline.outputWidth();
        setup.parameters = result->model.parameterCount();
        setup.epochs = request.train.epochs;
        setup.device = choice.device->name();
        setup.deviceNote = choice.note;
        context.post([this, setup] { emit setupReady(setup); });

        train::ProgressTracker tracker(request.train.epochs);
        Throttle batchThrottle, epochThrottle;
        train::BatchProgress lastBatch;
        bool batchPending = false;
        train::TrainCallbacks callbacks;
        callbacks.onBatch = [&](int64_t epoch, int64_t batch, int64_t batches, double loss) {
            context.waitWhilePaused();
            lastBatch = tracker.batch(epoch, batch, batches, loss);
            batchPending = !batchThrottle.due();
            if (!batchPending) {
                lastBatch.curve = tracker.takeCurve();
                context.post([this, p = lastBatch] { emit batchProgress(p); });
            }
        };
        callbacks.onEpoch = [&](const train::EpochRecord& record) {
            tracker.epoch(record);
            if (epochThrottle.due())
                context.post([this, p = tracker.takeEpochs()] { emit epochProgress(p); });
        };
        result->history = train::trainModel(result->model, *choice.device, *table, prepared,
                                            request, callbacks, stop);
        // The throttles held back the last reports: deliver them so the curves end where
        // training did.
        if (batchPending) {
            lastBatch.curve = tracker.takeCurve();
            context.post([this, p = lastBatch] { emit batchProgress(p); });
        }
        if (tracker.hasEpochs())
            context.post([this, p = tracker.takeEpochs()] { emit epochProgress(p); });

        result->predictions = train::predictAll(*choice.device, result->model, *table, prepared);
        result->reports = train::splitReports(result->predictions, prepared.split);
        // What the run's metrics.json keeps of how it was trained, as loupe-cli train writes it:
        // reports read the data file and the settings from it.
        result->training =
            train::trainingRecord(request, table->source(), setup.device, result->history);
        result->training.update(train::imbalanceSettings(request));
        result->split = std::move(prepared.split);
        result->features = std::move(prepared.features);
        return [this, result = std::shared_ptr<const train::ExperimentResult>(std::move(result))] {
            emit finished(result);
        };
    });
}

}  // namespace loupe::gui
