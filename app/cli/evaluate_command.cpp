#include <memory>

#include "app/cli/commands.h"
#include "app/cli/options.h"
#include "app/cli/run_outputs.h"
#include "app/cli/terminal.h"
#include "core/data/reader.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "core/io/run_folder.h"
#include "core/train/predictions.h"

namespace loupe::cli {
namespace {

struct EvaluateOptions {
    std::string model, data, out;
    std::string device = "auto";
    bool quiet = false;
};

int runEvaluate(const EvaluateOptions& o) {
    Terminal terminal(o.quiet);
    requireInputFile(o.model);
    requireInputFile(o.data);
    io::checkOutputFolder(o.out);
    const nn::Model model = io::loadModel(o.model);
    device::DeviceChoice choice = device::makeDevice(o.device);
    if (!choice.note.empty()) terminal.say(choice.note);

    const data::Table table = data::readTable(o.data);
    const LabeledRows labeled = labeledRows(model, table);
    if (labeled.rows.empty())
        throw InputError("no row has a value in the target column '" + model.targetName + "'",
                         table.source());
    train::PredictionSet predictions =
        train::predictRows(*choice.device, model, table, labeled.rows);
    predictions.labels = labeled.labels;
    predictions.splits.assign(labeled.rows.size(), "all");
    const nlohmann::json report = train::splitReport(predictions, "all");

    io::StagedFolder staged(o.out);
    io::writeMetrics(staged.file("metrics.json"),
                     io::metricsDocument(model.task, model.classNames, {{"all", report}}));
    io::writePredictions(staged.file("predictions.csv"), predictions);
    staged.commit();

    terminal.say("all " + std::to_string(labeled.rows.size()) +
                 " rows: " + summarize(report, model.task));
    terminal.say("wrote " + o.out + " (metrics.json, predictions.csv)");
    return 0;
}

}  // namespace

Command addEvaluateCommand(CLI::App& parent) {
    auto options = std::make_shared<EvaluateOptions>();
    EvaluateOptions& o = *options;
    CLI::App* app = parent.add_subcommand(
        "evaluate", "Score a trained model on a dataset that has its target column");
    app->add_option("MODEL", o.model, "Model file (.h5) written by train")->required();
    app->add_option("DATA", o.data, "Dataset file (CSV or HDF5)")->required();
    app->add_option("--out", o.out, "Output folder: metrics.json, predictions.csv")->required();
    app->add_option("--device", o.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options] { return runEvaluate(*options); }};
}

}  // namespace loupe::cli
