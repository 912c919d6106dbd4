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

int runTrain(const TrainOptions& o, bool hiddenGiven) {
    Terminal terminal(o.quiet);
    // Everything a user can get wrong is checked before the data is read or a model is trained.
    const nn::ModelSpec spec = modelSpec(o, hiddenGiven);
    const std::optional<data::Task> askedTask = parseTask(o.task);
    if (o.val + o.test >= 0.9)
        throw InputError("--val + --test must leave at least 10% of the rows for training");
    requireInputFile(o.data);
    io::checkOutputFolder(o.out);

    const data::Table table = data::readTable(o.data, [&](const ProgressInfo& p) {
        terminal.progress(p.done, p.total, p.stage.empty() ? std::string("reading") : p.stage);
    });
    terminal.endProgress();
    const data::Column& targetColumn = table.column(o.target);
    const data::Task task = askedTask ? *askedTask : data::inferTask(targetColumn);
    const data::Target target = data::encodeTarget(targetColumn, task, table.source());
    const bool classification = task == data::Task::Classification;
    const std::vector<float>& labels = target.values;
    const data::Split split = data::stratifiedSplit(
        target.rows, classification ? labels : std::vector<float>{}, o.val, o.test, o.seed);
    if (split.train.size() < 2)
        throw InputError(
            "too few rows with a target to train on (" + std::to_string(target.rows.size()) + ")",
            table.source());

    const std::vector<std::string> features = data::defaultFeatures(table, o.target);
    if (features.empty())
        throw InputError("no usable feature columns besides the target '" + o.target + "'",
                         table.source());
    data::Pipeline pipeline;
    pipeline.fit(table, features, split.train);
    const train::TrainData trainSet{pipeline.transform(table, split.train),
                                    labelsOf(target, split.train)};
    const train::TrainData valSet{pipeline.transform(table, split.val),
                                  labelsOf(target, split.val)};

    const int64_t outputs = classification ? static_cast<int64_t>(target.classNames.size()) : 1;
    checkModelSize(spec, pipeline.outputWidth(), outputs);
    nn::Model model = nn::Model::build(spec, pipeline.outputWidth(), outputs, o.seed);
    model.task = task;
    model.classNames = classification ? target.classNames : std::vector<std::string>{};
    model.targetName = o.target;
    model.pipeline = pipeline;
    terminal.say("data: " + table.source() + ": " + std::to_string(table.rowCount()) + " rows, " +
                 std::to_string(features.size()) + " features; " +
                 std::string(data::toString(task)) +
                 (classification ? " (" + std::to_string(outputs) + " classes)" : "") + "; split " +
                 std::to_string(split.train.size()) + "/" + std::to_string(split.val.size()) + "/" +
                 std::to_string(split.test.size()));

    device::DeviceChoice choice = device::makeDevice(o.device);
    if (!choice.note.empty()) terminal.say(choice.note);
    device::Device& device = *choice.device;

    const train::TrainConfig config = trainConfig(o, !split.val.empty());
    std::stop_source stop;
    train::TrainCallbacks callbacks;
    std::string lastEpoch;
    callbacks.onBatch = [&](int64_t epoch, int64_t batch, int64_t batches, double loss) {
        if (gInterrupted) stop.request_stop();
        terminal.progress((epoch - 1) * batches + batch + 1, config.epochs * batches,
                          "epoch " + std::to_string(epoch) + "/" + std::to_string(config.epochs) +
                              "  batch loss " + formatMetric({{"v", loss}}, "v") + lastEpoch);
    };
    callbacks.onEpoch = [&](const train::EpochRecord& e) {
        lastEpoch = "  val_loss " + formatMetric({{"v", e.valLoss}}, "v");
    };
    train::History history;
    {
        InterruptGuard guard;
        history = train::fit(model, device, trainSet, valSet, config, callbacks, stop.get_token());
    }
    terminal.endProgress();
    if (history.cancelled || gInterrupted) throw Cancelled();

    io::PredictionSet predictions = predictRows(device, model, table, target.rows);
    predictions.labels.assign(labels.begin(), labels.end());
    if (!classification)
        for (size_t i = 0; i < target.rows.size(); ++i)
            predictions.labels[i] = targetColumn.numeric[static_cast<size_t>(target.rows[i])];
    predictions.splits.assign(target.rows.size(), "train");
    std::vector<std::pair<std::string, nlohmann::json>> reports;
    for (const auto& [name, rows] : {std::pair{"train", &split.train}, std::pair{"val", &split.val},
                                     std::pair{"test", &split.test}}) {
        for (int64_t row : *rows) {
            const auto at = std::lower_bound(target.rows.begin(), target.rows.end(), row);
            predictions.splits[static_cast<size_t>(at - target.rows.begin())] = name;
        }
    }
    for (const char* name : {"train", "val", "test"}) {
        const bool present = std::find(predictions.splits.begin(), predictions.splits.end(),
                                       name) != predictions.splits.end();
        if (present) reports.emplace_back(name, io::splitReport(predictions, name));
    }

    io::StagedFolder staged(o.out);
    io::saveModel(model, staged.file("model.h5"));
    io::writeMetrics(staged.file("metrics.json"),
                     io::metricsDocument(task, model.classNames, reports));
    io::writeHistory(staged.file("history.csv"), history);
    io::writePredictions(staged.file("predictions.csv"), predictions);
    staged.commit();

    terminal.say("device: " + device.name());
    terminal.say(
        "epochs: " + std::to_string(history.epochs.size()) + " (best " +
        std::to_string(history.bestEpoch) + (history.stoppedEarly ? ", stopped early)" : ")") +
        ", " +
        formatMetric({{"v", history.epochs.empty() ? 0.0 : history.epochs.back().seconds}}, "v") +
        " s");
    for (const auto& [name, report] : reports)
        if (name == "test" || reports.size() == 1)
            terminal.say(name + ": " + summarize(report, task));
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
