#include "app/gui/jobs/compress_job.h"

#include <utility>
#include <vector>

#include "core/device/device.h"
#include "core/error.h"
#include "core/train/training_record.h"

namespace loupe::gui {
namespace {

/// The rows of split `name` of the run's predictions through the model's pipeline, with labels.
train::TrainData rowsOf(const train::ExperimentResult& run, const data::Table& table,
                        const std::string& name) {
    const train::PredictionSet& p = run.predictions;
    std::vector<int64_t> rows;
    train::TrainData d;
    for (size_t i = 0; i < p.rows.size() && i < p.splits.size() && i < p.labels.size(); ++i)
        if (p.splits[i] == name) {
            rows.push_back(p.rows[i]);
            d.y.push_back(static_cast<float>(p.labels[i]));
        }
    d.x = rows.empty() ? Matrix(0, run.model.inputs()) : run.model.pipeline.transform(table, rows);
    return d;
}

}  // namespace

QString compressedRunName(const std::string& id, const nlohmann::json& parameters) {
    return QString::fromStdString(plugins::compressedRunName(id, parameters));
}

CompressJob::CompressJob(std::shared_ptr<const plugins::PluginManager> manager, QObject* parent)
    : Job(parent), m_manager(std::move(manager)) {}

bool CompressJob::start(std::shared_ptr<const train::ExperimentResult> source,
                        std::shared_ptr<const data::Table> table, const QString& id,
                        nlohmann::json parameters, std::optional<plugins::ComparisonRow> original,
                        const QString& device) {
    if (!source || !table || !m_manager) return false;
    if (parameters.is_null()) parameters = nlohmann::json::object();  // {} given: all defaults
    return launch([this, manager = m_manager, source = std::move(source), table = std::move(table),
                   id = id.toStdString(), parameters = std::move(parameters),
                   original = std::move(original),
                   spec = device.toStdString()](JobContext& context) -> std::function<void()> {
        // Only posted closures touch `this`; they run on the job's thread while it exists.
        const auto say = [&](qint64 done, qint64 total, const QString& stage) {
            context.post([this, done, total, stage] { emit progress(done, total, stage); });
        };
        const plugins::PluginEntry* entry = manager->find(id);
        if (!entry) throw InputError("no plugin '" + id + "'");
        const nlohmann::json resolved = entry->metadata.resolve(parameters);

        say(0, 0, tr("Preparing the rows"));
        const train::ExperimentResult& run = *source;
        const int64_t classes = run.model.task == data::Task::Classification
                                    ? static_cast<int64_t>(run.model.classNames.size())
                                    : 0;
        // Fine-tuning trains as the run did: its rows resampled and its class weights.
        const train::FineTuningSetup tuning =
            train::fineTuningSetup(run.training, rowsOf(run, *table, "train"), classes);
        const train::TrainData valRows = rowsOf(run, *table, "val");
        if (tuning.train.x.rows() == 0)
            throw InputError("the run has no training rows to fine-tune on");
        device::DeviceChoice choice = device::makeDevice(spec);
        context.post([this, name = QString::fromStdString(choice.device->name())] {
            emit deviceChosen(name);
        });

        Throttle throttle;
        plugins::CompressionInput input;
        input.model = &run.model;
        input.train = &tuning.train;
        input.validation = &valRows;
        input.task = run.model.task;
        input.classes = classes;
        input.trainConfig = tuning.config;
        input.device = choice.device.get();
        input.stop = context.stopToken();
        input.progress = [&](const ProgressInfo& p) {
            context.waitWhilePaused();
            if (throttle.due())
                say(p.done, p.total,
                    QString::fromStdString(p.stage + (p.detail.empty() ? "" : " " + p.detail)));
        };
        plugins::CompressionResult compressed = manager->run(id, input, resolved);

        // The compressed model as a run: every row the source predicted, on the same splits.
        say(0, 0, tr("Predicting with the compressed model"));
        train::PredictionSet predictions =
            train::predictRows(*choice.device, compressed.model, *table, run.predictions.rows);
        predictions.labels = run.predictions.labels;
        predictions.splits = run.predictions.splits;
        train::History history;
        history.valMetricName =
            run.model.task == data::Task::Classification ? "val_accuracy" : "val_r2";
        auto result = std::make_shared<train::ExperimentResult>(train::rebuildExperiment(
            std::move(compressed.model), std::move(history), std::move(predictions)));
        result->features = run.features;
        result->training = run.training;

        // Side by side on the rows training never saw: test, else validation.
        say(0, 0, tr("Measuring size, speed and accuracy"));
        auto outcome = std::make_shared<CompressOutcome>();
        plugins::HeldOutRows held;
        for (const char* name : {"test", "val"}) {
            train::TrainData d = rowsOf(run, *table, name);
            if (d.x.rows() == 0) continue;
            held.x = std::move(d.x);
            held.labels.assign(d.y.begin(), d.y.end());
            held.split = name;
            break;
        }
        if (held.x.rows() == 0)
            throw InputError("the run has no test or validation rows to compare on");
        outcome->runName = compressedRunName(id, resolved);
        outcome->original =
            original && original->sizeBytes > 0
                ? *original
                : plugins::measureModel(run.model, *choice.device, held, "original");
        outcome->compressed = plugins::measureModel(result->model, *choice.device, held,
                                                    outcome->runName.toStdString(), id);
        outcome->split = held.split;
        outcome->notes = QString::fromStdString(compressed.notes);
        outcome->result = std::move(result);
        return [this, outcome = std::shared_ptr<const CompressOutcome>(std::move(outcome))] {
            emit finished(outcome);
        };
    });
}

}  // namespace loupe::gui
