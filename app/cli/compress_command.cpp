// loupe-cli compress: runs a compression plugin on a trained model and writes the compressed
// model as a run folder (model.h5, metrics.json, history.csv, predictions.csv) with compare.json,
// the original and the compressed model measured side by side on the test rows training held out.
// With --project, the compression is recorded in the project's run database (kind "compress").

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include "app/cli/commands.h"
#include "app/cli/interrupt_guard.h"
#include "app/cli/options.h"
#include "app/cli/run_outputs.h"
#include "app/cli/terminal.h"
#include "core/data/reader.h"
#include "core/data/split.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "core/io/run_folder.h"
#include "core/store/fingerprint.h"
#include "core/store/run_database.h"
#include "core/train/predictions.h"
#include "core/train/training_record.h"
#include "plugins/api/compression_comparison.h"
#include "plugins/api/plugin_manager.h"

namespace loupe::cli {
namespace {

namespace fs = std::filesystem;

struct CompressOptions {
    std::string model, data, target, plugin, out, project;
    std::vector<std::string> params;
    std::string device = "auto";
    uint64_t seed = 0;
    double val = 0.15, test = 0.15;
    bool quiet = false;
};

/// --param name=value pairs; a repeated name keeps the last value.
std::map<std::string, std::string> parseParams(const std::vector<std::string>& given) {
    std::map<std::string, std::string> params;
    for (const std::string& text : given) {
        const size_t eq = text.find('=');
        if (eq == std::string::npos || eq == 0)
            throw InputError("--param takes name=value, got '" + text + "'");
        params[text.substr(0, eq)] = text.substr(eq + 1);
    }
    return params;
}

/// Each labeled row's split: from predictions.csv beside the model when training wrote one (the
/// exact split), else the stratified split train makes with the same seed and fractions.
std::vector<std::string> splitsOf(const CompressOptions& o, const nn::Model& model,
                                  const LabeledRows& labeled, const nlohmann::json& record,
                                  Terminal& terminal) {
    std::vector<std::string> splits(labeled.rows.size());
    const fs::path predictions = fs::path(o.model).parent_path() / "predictions.csv";
    std::error_code ec;
    if (fs::exists(predictions, ec)) {
        const train::PredictionSet saved = io::readPredictions(predictions);
        std::map<int64_t, std::string> byRow;
        for (size_t i = 0; i < saved.rows.size() && i < saved.splits.size(); ++i)
            byRow[saved.rows[i]] = saved.splits[i];
        for (size_t i = 0; i < labeled.rows.size(); ++i) {
            const auto found = byRow.find(labeled.rows[i]);
            if (found == byRow.end())
                throw InputError("row " + std::to_string(labeled.rows[i]) +
                                     " of the data is not in the training run's predictions; "
                                     "is this the dataset the model was trained on?",
                                 predictions.string());
            splits[i] = found->second;
        }
        terminal.say("splits: as in " + predictions.string());
        return splits;
    }
    double val = o.val, test = o.test;
    uint64_t seed = o.seed;
    if (record.is_object()) {
        val = record.value("val_fraction", val);
        test = record.value("test_fraction", test);
        seed = record.value("seed", seed);
    }
    std::vector<float> labels;
    if (model.task == data::Task::Classification)
        labels.assign(labeled.labels.begin(), labeled.labels.end());
    const data::Split split = data::stratifiedSplit(labeled.rows, labels, val, test, seed);
    std::map<int64_t, std::string> byRow;
    for (int64_t r : split.train) byRow[r] = "train";
    for (int64_t r : split.val) byRow[r] = "val";
    for (int64_t r : split.test) byRow[r] = "test";
    for (size_t i = 0; i < labeled.rows.size(); ++i) splits[i] = byRow[labeled.rows[i]];
    terminal.say("splits: seed " + std::to_string(seed) + ", val " + fixed4(val) + ", test " +
                 fixed4(test) + " (no predictions.csv beside the model)");
    return splits;
}

/// The rows of split `name` through the model's pipeline, with their labels.
train::TrainData dataOf(const nn::Model& model, const data::Table& table,
                        const LabeledRows& labeled, const std::vector<std::string>& splits,
                        const std::string& name) {
    std::vector<int64_t> rows;
    train::TrainData d;
    for (size_t i = 0; i < splits.size(); ++i)
        if (splits[i] == name) {
            rows.push_back(labeled.rows[i]);
            d.y.push_back(static_cast<float>(labeled.labels[i]));
        }
    d.x = rows.empty() ? Matrix(0, model.inputs()) : model.pipeline.transform(table, rows);
    return d;
}

int runCompress(const CompressOptions& o) {
    Terminal terminal(o.quiet);
    requireInputFile(o.model);
    requireInputFile(o.data);
    io::checkOutputFolder(o.out);
    const std::map<std::string, std::string> given = parseParams(o.params);

    plugins::PluginManager manager;
    manager.scan();
    const plugins::PluginEntry* entry = manager.find(o.plugin);
    if (!entry) {
        std::string known;
        for (const plugins::PluginEntry& p : manager.plugins())
            known += (known.empty() ? "" : ", ") + p.metadata.id;
        throw InputError("no plugin '" + o.plugin + "' (" +
                         (known.empty() ? std::string("none found") : "found: " + known) +
                         "; loupe-cli plugins lists them and any that failed to load)");
    }
    const nlohmann::json parameters = entry->metadata.resolve(given);  // bad values: exit 2

    const nn::Model model = io::loadModel(o.model);
    if (o.target != model.targetName)
        throw InputError("the model was trained for target '" + model.targetName + "', not '" +
                         o.target + "'");
    const data::Table table = data::readTable(o.data);
    const LabeledRows labeled = labeledRows(model, table);
    if (labeled.rows.empty())
        throw InputError("no row has a value in the target column '" + model.targetName + "'",
                         table.source());
    const fs::path metricsFile = fs::path(o.model).parent_path() / "metrics.json";
    std::error_code ec;
    const nlohmann::json record =
        fs::exists(metricsFile, ec) ? io::readTrainingRecord(metricsFile) : nlohmann::json();
    const std::vector<std::string> splits = splitsOf(o, model, labeled, record, terminal);
    const int64_t classes =
        model.task == data::Task::Classification ? int64_t(model.classNames.size()) : 0;
    // Fine-tuning trains as the run did: its rows resampled and its class weights.
    const train::FineTuningSetup tuning = train::fineTuningSetup(
        record, dataOf(model, table, labeled, splits, "train"), classes, o.seed);
    const train::TrainData valRows = dataOf(model, table, labeled, splits, "val");
    if (tuning.train.x.rows() == 0) throw InputError("no training rows to fine-tune on");

    device::DeviceChoice choice = device::makeDevice(o.device);
    if (!choice.note.empty()) terminal.say(choice.note);
    std::unique_ptr<store::RunDatabase> db;
    int64_t runId = 0;
    if (!o.project.empty()) {
        db = std::make_unique<store::RunDatabase>(store::RunDatabase::pathFor(o.project));
        store::RunRecord run;
        run.kind = "compress";
        run.name = plugins::compressedRunName(o.plugin, parameters);
        run.config = {{"plugin", o.plugin},
                      {"parameters", parameters},
                      {"source",
                       {{"model", fs::absolute(o.model).string()},
                        {"parameters", model.parameterCount()},
                        {"training", record}}}};
        run.datasetPath = fs::absolute(o.data).string();
        run.datasetFingerprint = store::fingerprintFile(o.data);
        // A plugin that trains (distill) has its own seed; else the split's.
        const auto seed = parameters.find("seed");
        run.seed = seed != parameters.end() && seed->is_number_integer() ? seed->get<uint64_t>()
                   : record.is_object() ? record.value("seed", o.seed)
                                        : o.seed;
        run.device = choice.device->name();
        runId = db->begin(std::move(run));
    }
    InterruptGuard interrupt;
    plugins::CompressionInput input;
    input.model = &model;
    input.train = &tuning.train;
    input.validation = &valRows;
    input.task = model.task;
    input.classes = classes;
    input.trainConfig = tuning.config;
    input.device = choice.device.get();
    input.stop = interrupt.token();
    input.progress = [&](const ProgressInfo& p) {
        if (terminal.progressDue())
            terminal.progress(p.done, p.total, p.stage + (p.detail.empty() ? "" : " " + p.detail));
    };
    plugins::CompressionResult result;
    try {
        result = manager.run(o.plugin, input, parameters);
    } catch (const plugins::PluginError& e) {
        terminal.endProgress();
        const std::string line = "loupe-cli: error: " + oneLine(e.what()) + "\n";
        std::fflush(stdout);
        std::fwrite(line.data(), 1, line.size(), stderr);
        if (db) db->finish(runId, store::RunStatus::Failed, {}, {}, oneLine(e.what()));
        return 1;
    }
    terminal.endProgress();
    if (interrupt.interrupted()) {
        if (db) db->finish(runId, store::RunStatus::Cancelled, {});
        throw Cancelled();
    }

    // Compare on the rows training never saw: test, else validation.
    plugins::HeldOutRows held;
    for (const char* name : {"test", "val"}) {
        const train::TrainData d = dataOf(model, table, labeled, splits, name);
        if (d.x.rows() == 0) continue;
        held.x = d.x;
        held.labels.assign(d.y.begin(), d.y.end());
        held.split = name;
        break;
    }
    std::vector<plugins::ComparisonRow> rows;
    rows.push_back(plugins::measureModel(model, *choice.device, held, "original"));
    rows.push_back(plugins::measureModel(result.model, *choice.device, held, o.plugin, o.plugin));

    train::PredictionSet predictions =
        train::predictRows(*choice.device, result.model, table, labeled.rows);
    predictions.labels = labeled.labels;
    predictions.splits = splits;
    std::vector<std::pair<std::string, nlohmann::json>> reports;
    for (const char* name : {"train", "val", "test"})
        if (std::find(splits.begin(), splits.end(), name) != splits.end())
            reports.emplace_back(name, train::splitReport(predictions, name));
    nlohmann::json metrics =
        io::metricsDocument(result.model.task, result.model.classNames, reports);
    if (record.is_object()) metrics["training"] = record;
    metrics["compression"] = {{"plugin", o.plugin},
                              {"parameters", parameters},
                              {"source_model", fs::absolute(o.model).string()},
                              {"notes", result.notes}};
    train::History history;
    history.valMetricName = model.task == data::Task::Classification ? "val_accuracy" : "val_r2";

    io::StagedFolder staged(o.out);
    io::saveModel(result.model, staged.file("model.h5"));
    io::writeMetrics(staged.file("metrics.json"), metrics);
    io::writePredictions(staged.file("predictions.csv"), predictions);
    io::writeHistory(staged.file("history.csv"), history);
    io::writeFileAtomic(staged.file("compare.json"),
                        plugins::comparisonJson(rows, held.split, result.notes).dump(2) + "\n");
    staged.commit();
    if (db) {
        std::map<std::string, double> recorded = store::flattenMetrics(metrics);
        recorded.merge(plugins::comparisonMetrics(rows[0], rows[1], held.split));
        db->finish(runId, store::RunStatus::Finished, recorded, fs::absolute(o.out).string());
    }

    for (const plugins::ComparisonRow& r : rows) {
        std::string line = r.name + ": " + std::to_string(r.parameters) + " parameters (" +
                           std::to_string(r.nonzeroParameters) + " non-zero), " +
                           std::to_string(r.sizeBytes) + " bytes";
        for (const auto& [key, value] : r.metrics.items())
            line += ", " + key + " " + (value.is_number() ? fixed4(value.get<double>()) : "n/a");
        terminal.say(line);
    }
    terminal.say("wrote " + o.out +
                 " (model.h5, compare.json, metrics.json, predictions.csv, history.csv)");
    return 0;
}

}  // namespace

Command addCompressCommand(CLI::App& parent) {
    auto options = std::make_shared<CompressOptions>();
    CompressOptions& o = *options;
    CLI::App* app = parent.add_subcommand(
        "compress", "Compress a trained model with a plugin and compare it with the original");
    app->add_option("MODEL", o.model, "Model file (.h5), ideally in the run folder train wrote")
        ->required();
    app->add_option("DATA", o.data, "The dataset the model was trained on")->required();
    app->add_option("--target", o.target, "Target column (the model's)")->required();
    app->add_option("--plugin", o.plugin, "Plugin id (loupe-cli plugins lists them)")->required();
    app->add_option("--param", o.params, "A plugin parameter, name=value (repeatable)");
    app->add_option("--out", o.out, "Output folder: model.h5, compare.json, metrics.json, ...")
        ->required();
    app->add_option("--device", o.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    app->add_option("--seed", o.seed, "Split seed when the model has no run folder beside it")
        ->capture_default_str();
    app->add_option("--val", o.val, "Validation fraction, likewise")
        ->check(numberIn(0.0, 1.0, true))
        ->capture_default_str();
    app->add_option("--test", o.test, "Test fraction, likewise")
        ->check(numberIn(0.0, 1.0, true))
        ->capture_default_str();
    app->add_option(
        "--project", o.project,
        "Record the compression in this project's run database (NAME.runs/runs.sqlite)");
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options] { return runCompress(*options); }};
}

}  // namespace loupe::cli
