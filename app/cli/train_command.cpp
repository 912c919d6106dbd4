#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stop_token>

#include "app/cli/commands.h"
#include "app/cli/options.h"
#include "app/cli/run_outputs.h"
#include "app/cli/terminal.h"
#include "core/data/pipeline.h"
#include "core/data/reader.h"
#include "core/data/split.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "core/io/run_folder.h"
#include "core/nn/model.h"
#include "core/train/trainer.h"

namespace loupe::cli {
namespace {

/// Weights, gradients and two Adam moments: 16 bytes a parameter, 8 GB at this count.
constexpr double kMaxParameters = 5e8;

struct TrainOptions {
    std::string data, target, out;
    std::string model = "mlp";
    std::string hidden = "64,32";
    std::string activation = "relu";
    float dropout = 0.0f;
    int64_t epochs = 100;
    int64_t batch = 32;
    float lr = 1e-3f;
    std::string optimizer = "adam";
    float l1 = 0.0f;
    float l2 = 0.0f;
    int64_t earlyStop = 0;  // off, as scikit-learn's MLP: see docs/cli.md
    double val = 0.15;
    double test = 0.15;
    uint64_t seed = 0;
    std::string device = "auto";
    std::string task = "auto";
    bool quiet = false;
};

/// Set by SIGINT/SIGTERM while training; the batch callback turns it into a stop request, so the
/// run ends cleanly and --out is left untouched.
volatile std::sig_atomic_t gInterrupted = 0;
extern "C" void onInterrupt(int) { gInterrupted = 1; }

/// Installs onInterrupt for the lifetime of the object and restores the previous handlers.
class InterruptGuard {
public:
    InterruptGuard() {
        gInterrupted = 0;
        m_int = std::signal(SIGINT, onInterrupt);
        m_term = std::signal(SIGTERM, onInterrupt);
    }
    ~InterruptGuard() {
        std::signal(SIGINT, m_int);
        std::signal(SIGTERM, m_term);
    }

private:
    void (*m_int)(int) = SIG_DFL;
    void (*m_term)(int) = SIG_DFL;
};

nn::ModelSpec modelSpec(const TrainOptions& o, bool hiddenGiven) {
    nn::ModelSpec spec;
    spec.activation = parseActivation(o.activation);
    spec.dropout = o.dropout;
    if (o.model == "logreg") {
        if (hiddenGiven) throw InputError("--hidden does not apply to --model logreg");
    } else if (o.model == "mlp") {
        spec.hidden = parseLayerSizes(o.hidden, "--hidden");
    } else {
        throw InputError("--model: unknown model '" + o.model + "' (expected mlp or logreg)");
    }
    return spec;
}

train::TrainConfig trainConfig(const TrainOptions& o, bool hasVal) {
    train::TrainConfig config;
    config.epochs = o.epochs;
    config.batchSize = o.batch;
    config.learningRate = o.lr;
    config.optimizer = parseOptimizer(o.optimizer);
    config.l1 = o.l1;
    config.l2 = o.l2;
    config.earlyStopPatience = hasVal ? o.earlyStop : 0;
    config.seed = o.seed;
    return config;
}

/// Refuses a model whose weights alone would not fit in memory, before allocating them.
void checkModelSize(const nn::ModelSpec& spec, int64_t inputs, int64_t outputs) {
    double parameters = 0.0;
    double width = static_cast<double>(inputs);
    for (int64_t units : spec.hidden) {
        parameters += (width + 1.0) * static_cast<double>(units);
        width = static_cast<double>(units);
    }
    parameters += (width + 1.0) * static_cast<double>(outputs);
    if (parameters > kMaxParameters) {
        char text[160];
        std::snprintf(text, sizeof text,
                      "--hidden: the model would have %.3g parameters; at most %.3g fit in "
                      "memory for training",
                      parameters, kMaxParameters);
        throw InputError(text);
    }
}

/// Labels of `rows`, a subset of target.rows (sorted); target.values[i] is target.rows[i]'s.
std::vector<float> labelsOf(const data::Target& target, const std::vector<int64_t>& rows) {
    std::vector<float> out;
    out.reserve(rows.size());
    for (int64_t row : rows) {
        const auto at = std::lower_bound(target.rows.begin(), target.rows.end(), row);
        out.push_back(target.values[static_cast<size_t>(at - target.rows.begin())]);
    }
    return out;
}

/// The dataset read, its target encoded and split, and the pipeline fitted on the training rows.
struct PreparedData {
    data::Table table;
    data::Target target;
    data::Split split;
    std::vector<std::string> features;
    data::Pipeline pipeline;
};

PreparedData prepareData(const TrainOptions& o, std::optional<data::Task> askedTask,
                         Terminal& terminal) {
    PreparedData d;
    d.table = data::readTable(o.data, [&](const ProgressInfo& p) {
        terminal.progress(p.done, p.total, p.stage.empty() ? std::string("reading") : p.stage);
    });
    terminal.endProgress();
    const data::Column& targetColumn = d.table.column(o.target);
    const data::Task task = askedTask ? *askedTask : data::inferTask(targetColumn);
    d.target = data::encodeTarget(targetColumn, task, d.table.source());
    const bool classification = task == data::Task::Classification;
    d.split = data::stratifiedSplit(d.target.rows,
                                    classification ? d.target.values : std::vector<float>{}, o.val,
                                    o.test, o.seed);
    if (d.split.train.size() < 2)
        throw InputError(
            "too few rows with a target to train on (" + std::to_string(d.target.rows.size()) + ")",
            d.table.source());
    d.features = data::defaultFeatures(d.table, o.target);
    if (d.features.empty())
        throw InputError("no usable feature columns besides the target '" + o.target + "'",
                         d.table.source());
    d.pipeline.fit(d.table, d.features, d.split.train);
    return d;
}

/// Every row with a target, tagged with its split, with true labels (regression: the column's
/// exact values).
io::PredictionSet predictAll(device::Device& device, const nn::Model& model,
                             const PreparedData& d) {
    const std::vector<int64_t>& rows = d.target.rows;
    io::PredictionSet predictions = predictRows(device, model, d.table, rows);
    predictions.labels.assign(d.target.values.begin(), d.target.values.end());
    if (model.task == data::Task::Regression) {
        const data::Column& column = d.table.column(model.targetName);
        for (size_t i = 0; i < rows.size(); ++i)
            predictions.labels[i] = column.numeric[static_cast<size_t>(rows[i])];
    }
    predictions.splits.assign(rows.size(), "train");
    for (const auto& [name, picked] :
         {std::pair{"val", &d.split.val}, std::pair{"test", &d.split.test}})
        for (int64_t row : *picked) {
            const auto at = std::lower_bound(rows.begin(), rows.end(), row);
            predictions.splits[static_cast<size_t>(at - rows.begin())] = name;
        }
    return predictions;
}

train::History trainModel(nn::Model& model, device::Device& device, const PreparedData& d,
                          const TrainOptions& o, Terminal& terminal) {
    const train::TrainData trainSet{d.pipeline.transform(d.table, d.split.train),
                                    labelsOf(d.target, d.split.train)};
    const train::TrainData valSet{d.pipeline.transform(d.table, d.split.val),
                                  labelsOf(d.target, d.split.val)};
    const train::TrainConfig config = trainConfig(o, !d.split.val.empty());
    std::stop_source stop;
    std::string lastEpoch;
    train::TrainCallbacks callbacks;
    callbacks.onBatch = [&](int64_t epoch, int64_t batch, int64_t batches, double loss) {
        if (gInterrupted) stop.request_stop();
        if (!terminal.progressDue()) return;
        terminal.progress((epoch - 1) * batches + batch + 1, config.epochs * batches,
                          "epoch " + std::to_string(epoch) + "/" + std::to_string(config.epochs) +
                              "  batch loss " + fixed4(loss) + lastEpoch);
    };
    callbacks.onEpoch = [&](const train::EpochRecord& e) {
        lastEpoch = "  val_loss " + fixed4(e.valLoss);
    };
    train::History history;
    {
        InterruptGuard guard;
        history = train::fit(model, device, trainSet, valSet, config, callbacks, stop.get_token());
    }
    terminal.endProgress();
    if (history.cancelled || gInterrupted) throw Cancelled();
    return history;
}

int runTrain(const TrainOptions& o, bool hiddenGiven) {
    Terminal terminal(o.quiet);
    // Everything a user can get wrong is checked before the data is read or a model is trained.
    const nn::ModelSpec spec = modelSpec(o, hiddenGiven);
    const std::optional<data::Task> askedTask = parseTask(o.task);
    if (o.val + o.test >= 0.9)
        throw InputError("--val + --test must leave at least 10% of the rows for training");
    requireInputFile(o.data);
    io::checkOutputFolder(o.out);

    const PreparedData d = prepareData(o, askedTask, terminal);
    const data::Task task = d.target.task;
    const bool classification = task == data::Task::Classification;
    const int64_t outputs = classification ? static_cast<int64_t>(d.target.classNames.size()) : 1;
    checkModelSize(spec, d.pipeline.outputWidth(), outputs);
    nn::Model model = nn::Model::build(spec, d.pipeline.outputWidth(), outputs, o.seed);
    model.task = task;
    model.classNames = classification ? d.target.classNames : std::vector<std::string>{};
    model.targetName = o.target;
    model.pipeline = d.pipeline;
    terminal.say("data: " + d.table.source() + ": " + std::to_string(d.table.rowCount()) +
                 " rows, " + std::to_string(d.features.size()) + " features; " +
                 std::string(data::toString(task)) +
                 (classification ? " (" + std::to_string(outputs) + " classes)" : "") + "; split " +
                 std::to_string(d.split.train.size()) + "/" + std::to_string(d.split.val.size()) +
                 "/" + std::to_string(d.split.test.size()));

    device::DeviceChoice choice = device::makeDevice(o.device);
    if (!choice.note.empty()) terminal.say(choice.note);
    const train::History history = trainModel(model, *choice.device, d, o, terminal);

    const io::PredictionSet predictions = predictAll(*choice.device, model, d);
    std::vector<std::pair<std::string, nlohmann::json>> reports;
    for (const auto& [name, rows] :
         {std::pair{"train", &d.split.train}, std::pair{"val", &d.split.val},
          std::pair{"test", &d.split.test}})
        if (!rows->empty()) reports.emplace_back(name, io::splitReport(predictions, name));

    io::StagedFolder staged(o.out);
    io::saveModel(model, staged.file("model.h5"));
    io::writeMetrics(staged.file("metrics.json"),
                     io::metricsDocument(task, model.classNames, reports));
    io::writeHistory(staged.file("history.csv"), history);
    io::writePredictions(staged.file("predictions.csv"), predictions);
    staged.commit();

    const double seconds = history.epochs.empty() ? 0.0 : history.epochs.back().seconds;
    terminal.say("device: " + choice.device->name());
    terminal.say("epochs: " + std::to_string(history.epochs.size()) + " (best " +
                 std::to_string(history.bestEpoch) +
                 (history.stoppedEarly ? ", stopped early" : "") + "), " + fixed4(seconds) + " s");
    const auto& [lastName, lastReport] = reports.back();  // test, or val/train without one
    terminal.say(lastName + ": " + summarize(lastReport, task));
    terminal.say("wrote " + o.out + " (model.h5, metrics.json, history.csv, predictions.csv)");
    return 0;
}

}  // namespace

Command addTrainCommand(CLI::App& parent) {
    auto options = std::make_shared<TrainOptions>();
    TrainOptions& o = *options;
    CLI::App* app =
        parent.add_subcommand("train", "Train a model on a dataset and write a run folder");
    app->add_option("DATA", o.data, "Dataset file (CSV or HDF5)")->required();
    app->add_option("--target", o.target, "Target column")->required();
    app->add_option("--out", o.out,
                    "Output folder: model.h5, metrics.json, history.csv, predictions.csv")
        ->required();
    app->add_option("--model", o.model, "mlp, or logreg (no hidden layers)")
        ->check(CLI::IsMember({"mlp", "logreg"}))
        ->capture_default_str();
    CLI::Option* hidden =
        app->add_option("--hidden", o.hidden, "Hidden layer sizes (mlp)")->capture_default_str();
    app->add_option("--activation", o.activation, "Hidden activation")
        ->check(CLI::IsMember({"relu", "tanh", "sigmoid", "gelu"}))
        ->capture_default_str();
    app->add_option("--dropout", o.dropout, "Dropout after each hidden layer")
        ->check(numberIn(0.0, 0.95))
        ->capture_default_str();
    app->add_option("--epochs", o.epochs, "Maximum epochs")
        ->check(wholeNumberIn(1, 1'000'000))
        ->capture_default_str();
    app->add_option("--batch", o.batch, "Mini-batch size")
        ->check(wholeNumberIn(1, 10'000'000))
        ->capture_default_str();
    app->add_option("--lr", o.lr, "Learning rate")
        ->check(numberIn(0.0, 10.0, true))
        ->capture_default_str();
    app->add_option("--optimizer", o.optimizer, "adam, adamw or sgd (momentum 0.9)")
        ->check(CLI::IsMember({"adam", "adamw", "sgd"}))
        ->capture_default_str();
    app->add_option("--l1", o.l1, "L1 penalty on weights")
        ->check(numberIn(0.0, 100.0))
        ->capture_default_str();
    app->add_option("--l2", o.l2, "L2 penalty on weights (decoupled decay with adamw)")
        ->check(numberIn(0.0, 100.0))
        ->capture_default_str();
    app->add_option("--early-stop", o.earlyStop,
                    "Stop after this many epochs without a lower validation loss and keep the "
                    "best weights; 0 = off (small validation splits stop too early)")
        ->check(wholeNumberIn(0, 1'000'000))
        ->capture_default_str();
    app->add_option("--val", o.val, "Validation fraction (stratified)")
        ->check(numberIn(0.0, 0.8))
        ->capture_default_str();
    app->add_option("--test", o.test, "Test fraction (stratified)")
        ->check(numberIn(0.0, 0.8))
        ->capture_default_str();
    app->add_option("--seed", o.seed, "Seed for the split, the weights, shuffling and dropout")
        ->check(unsignedNumber())
        ->capture_default_str();
    app->add_option("--device", o.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    app->add_option("--task", o.task, "auto, classification or regression")
        ->check(CLI::IsMember({"auto", "classification", "regression"}))
        ->capture_default_str();
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options, hidden] { return runTrain(*options, hidden->count() > 0); }};
}

}  // namespace loupe::cli
