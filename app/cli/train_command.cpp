#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "app/cli/commands.h"
#include "app/cli/interrupt_guard.h"
#include "app/cli/options.h"
#include "app/cli/run_outputs.h"
#include "app/cli/terminal.h"
#include "app/cli/train_options.h"
#include "core/data/leakage.h"
#include "core/data/reader.h"
#include "core/error.h"
#include "core/eval/threshold_tuning.h"
#include "core/io/atomic_file.h"
#include "core/io/cross_validation_files.h"
#include "core/io/model_file.h"
#include "core/io/run_folder.h"
#include "core/nn/model.h"
#include "core/train/cross_validation.h"
#include "core/train/experiment.h"
#include "core/train/training_record.h"

namespace loupe::cli {
namespace {

/// Weights, gradients and two Adam moments: 16 bytes a parameter, 8 GB at this count.
constexpr double kMaxParameters = 5e8;

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

/// Trains with a terminal progress bar; Ctrl-C stops after the current batch and throws Cancelled.
train::History trainWithProgress(nn::Model& model, device::Device& device, const data::Table& table,
                                 const train::PreparedExperiment& d,
                                 const train::ExperimentRequest& request, Terminal& terminal) {
    const int64_t epochs = request.train.epochs;
    std::string lastEpoch;
    train::TrainCallbacks callbacks;
    callbacks.onBatch = [&](int64_t epoch, int64_t batch, int64_t batches, double loss) {
        if (!terminal.progressDue()) return;
        terminal.progress((epoch - 1) * batches + batch + 1, epochs * batches,
                          "epoch " + std::to_string(epoch) + "/" + std::to_string(epochs) +
                              "  batch loss " + fixed4(loss) + lastEpoch);
    };
    callbacks.onEpoch = [&](const train::EpochRecord& e) {
        lastEpoch = "  val_loss " + fixed4(e.valLoss);
    };
    train::History history;
    bool interrupted = false;
    {
        InterruptGuard guard;
        history = train::trainModel(model, device, table, d, request, callbacks, guard.token());
        interrupted = guard.interrupted();
    }
    terminal.endProgress();
    if (history.cancelled || interrupted) throw Cancelled();
    return history;
}

/// K-fold cross-validation with a progress bar; Ctrl-C throws Cancelled.
train::CrossValidation crossValidateWithProgress(const data::Table& table,
                                                 const train::ExperimentRequest& request,
                                                 device::Device& device, int64_t folds,
                                                 Terminal& terminal) {
    train::CrossValidation cv;
    {
        InterruptGuard guard;
        cv = train::crossValidate(
            table, request, device, folds,
            [&](const ProgressInfo& p) {
                if (terminal.progressDue()) terminal.progress(p.done, p.total, p.stage);
            },
            guard.token());
    }
    terminal.endProgress();
    return cv;
}

/// "accuracy 0.9533 ± 0.0267, f1_macro ..." for the summary line.
std::string cvSummary(const train::CrossValidation& cv, data::Task task) {
    const std::vector<std::string> names = task == data::Task::Classification
                                               ? std::vector<std::string>{"accuracy", "f1_macro"}
                                               : std::vector<std::string>{"rmse", "r2"};
    std::string text;
    for (const std::string& name : names) {
        if (!cv.mean.contains(name) || !cv.mean[name].is_number()) continue;
        if (!text.empty()) text += ", ";
        text += name + " " + fixed4(cv.mean[name].get<double>()) + " ± " +
                fixed4(cv.std[name].get<double>());
    }
    return text.empty() ? "n/a" : text;
}

/// The positive-class scores and 0/1 labels of the predictions in `split`.
void binaryScores(const train::PredictionSet& p, const std::string& split, std::vector<int>& y,
                  std::vector<double>& scores) {
    for (size_t i = 0; i < p.rows.size(); ++i)
        if (p.splits[i] == split) {
            y.push_back(static_cast<int>(p.labels[i]));
            scores.push_back(p.outputs(Eigen::Index(i), 1));
        }
}

/// metrics.json's "threshold": tuned on the validation rows, then read on the test rows.
nlohmann::json tuneThreshold(const eval::ThresholdTarget& target,
                             const train::PredictionSet& predictions, Terminal& terminal) {
    std::vector<int> y;
    std::vector<double> scores;
    binaryScores(predictions, "val", y, scores);
    const eval::TunedThreshold tuned = eval::tuneThreshold(y, scores, target);
    nlohmann::json json = eval::tunedThresholdJson(target, tuned, "val");
    y.clear();
    scores.clear();
    binaryScores(predictions, "test", y, scores);
    if (!y.empty())
        json["test"] =
            eval::thresholdScoresJson(eval::scoresAtThreshold(y, scores, tuned.threshold), target);
    terminal.say("threshold (" + eval::toString(target.goal) + ", tuned on val): " +
                 (json["threshold"].is_null() ? std::string("none (no row positive)")
                                              : fixed4(tuned.threshold)) +
                 (tuned.reached ? "" : " (target not reached)") +
                 (json.contains("test")
                      ? "; test precision " + fixed4(json["test"]["precision"].get<double>()) +
                            ", recall " + fixed4(json["test"]["recall"].get<double>())
                      : std::string()));
    return json;
}

int runTrain(const TrainOptions& o, bool hiddenGiven) {
    Terminal terminal(o.quiet);
    // Everything a user can get wrong is checked before the data is read or a model is trained.
    const train::ExperimentRequest request = experimentRequest(o, hiddenGiven);
    if (o.val + o.test >= 0.9)
        throw InputError("--val + --test must leave at least 10% of the rows for training");
    requireInputFile(o.data);
    io::checkOutputFolder(o.out);

    const data::Table table = data::readTable(o.data, [&](const ProgressInfo& p) {
        terminal.progress(p.done, p.total, p.stage.empty() ? std::string("reading") : p.stage);
    });
    terminal.endProgress();
    const train::PreparedExperiment d = train::prepareExperiment(table, request);
    for (const data::LeakageWarning& w :
         data::checkLeakage(table, d.features, request.target, d.target, d.split))
        terminal.say("warning: " + w.message);
    const data::Task task = d.target.task;
    const bool classification = task == data::Task::Classification;
    checkModelSize(request.model, d.pipeline.outputWidth(), d.outputs);
    std::optional<eval::ThresholdTarget> thresholdTarget;
    if (!o.tuneThreshold.empty()) {
        thresholdTarget = eval::parseThresholdTarget(o.tuneThreshold);
        if (!classification || d.outputs != 2)
            throw InputError("--tune-threshold needs a target with two classes");
        if (d.split.val.empty())
            throw InputError("--tune-threshold tunes on the validation rows: --val must be > 0");
    }
    nn::Model model = train::buildModel(d, request);
    terminal.say("data: " + table.source() + ": " + std::to_string(table.rowCount()) + " rows, " +
                 std::to_string(d.features.size()) + " features; " +
                 std::string(data::toString(task)) +
                 (classification ? " (" + std::to_string(d.outputs) + " classes)" : "") +
                 "; split " + std::to_string(d.split.train.size()) + "/" +
                 std::to_string(d.split.val.size()) + "/" + std::to_string(d.split.test.size()));

    device::DeviceChoice choice = device::makeDevice(o.device);
    if (!choice.note.empty()) terminal.say(choice.note);
    std::optional<train::CrossValidation> cv;
    if (o.cv > 0) {
        cv = crossValidateWithProgress(table, request, *choice.device, o.cv, terminal);
        terminal.say("cv: " + std::to_string(o.cv) + " folds, held-out " + cvSummary(*cv, task) +
                     " (mean ± std)");
    }
    const train::History history =
        trainWithProgress(model, *choice.device, table, d, request, terminal);

    const train::PredictionSet predictions = train::predictAll(*choice.device, model, table, d);
    const auto reports = train::splitReports(predictions, d.split);

    io::StagedFolder staged(o.out);
    io::saveModel(model, staged.file("model.h5"));
    nlohmann::json metrics = io::metricsDocument(task, model.classNames, reports);
    metrics["training"] = train::trainingRecord(request, o.data, choice.device->name(), history);
    metrics["training"].update(train::imbalanceSettings(request));
    metrics["training"]["cv_folds"] = o.cv;
    if (thresholdTarget)
        metrics["threshold"] = tuneThreshold(*thresholdTarget, predictions, terminal);
    io::writeMetrics(staged.file("metrics.json"), metrics);
    if (cv) io::writeCrossValidation(staged.file("cv.json").parent_path(), *cv);
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
    terminal.say("wrote " + o.out + " (model.h5, metrics.json, history.csv, predictions.csv" +
                 (cv ? ", cv.json, cv_history.csv)" : ")"));
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
    CLI::Option* hidden = addTrainingOptions(app, o);
    app->add_option("--cv", o.cv,
                    "Before the final model, K-fold cross-validation (stratified by class): "
                    "writes cv.json (each metric's mean and std) and cv_history.csv; 0 = off")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                int64_t value = -1;
                const auto [ptr, ec] =
                    std::from_chars(text.data(), text.data() + text.size(), value);
                const bool ok = ec == std::errc() && ptr == text.data() + text.size() &&
                                (value == 0 || (value >= 2 && value <= 100));
                return ok ? std::string()
                          : "expected 0 (off) or a whole number from 2 to 100, got '" + text + "'";
            },
            "0 or 2 to 100"))
        ->capture_default_str();
    app->add_option("--tune-threshold", o.tuneThreshold,
                    "Two classes: tune the decision threshold on the validation rows for "
                    "precision:P, recall:R or cost:FP:FN; written to metrics.json \"threshold\"")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                try {
                    eval::parseThresholdTarget(text);
                    return {};
                } catch (const InputError& error) {
                    return error.what();
                }
            },
            "precision:P|recall:R|cost:FP:FN"));
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options, hidden] { return runTrain(*options, hidden->count() > 0); }};
}

}  // namespace loupe::cli
