#include <memory>
#include <numeric>

#include "app/cli/commands.h"
#include "app/cli/options.h"
#include "app/cli/run_outputs.h"
#include "app/cli/terminal.h"
#include "core/data/reader.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "core/io/run_folder.h"
#include "core/train/predictions.h"

namespace loupe::cli {
namespace {

struct PredictOptions {
    std::string model, data, out;
    std::string device = "auto";
    bool quiet = false;
};

int runPredict(const PredictOptions& o) {
    Terminal terminal(o.quiet);
    requireInputFile(o.model);
    requireInputFile(o.data);
    io::checkOutputFile(o.out);
    const nn::Model model = io::loadModel(o.model);
    device::DeviceChoice choice = device::makeDevice(o.device);
    if (!choice.note.empty()) terminal.say(choice.note);

    const data::Table table = data::readTable(o.data);
    std::vector<int64_t> rows(static_cast<size_t>(table.rowCount()));
    std::iota(rows.begin(), rows.end(), int64_t{0});
    const train::PredictionSet predictions = train::predictRows(*choice.device, model, table, rows);
    io::writePredictions(o.out, predictions);
    terminal.say("wrote " + o.out + " (" + std::to_string(rows.size()) + " predictions)");
    return 0;
}

}  // namespace

Command addPredictCommand(CLI::App& parent) {
    auto options = std::make_shared<PredictOptions>();
    PredictOptions& o = *options;
    CLI::App* app = parent.add_subcommand(
        "predict",
        "Predict every row of a dataset with a trained model (the target may be absent)");
    app->add_option("MODEL", o.model, "Model file (.h5) written by train")->required();
    app->add_option("DATA", o.data, "Dataset file (CSV or HDF5)")->required();
    app->add_option("--out", o.out, "Output CSV: row, predicted, p_<class>...")->required();
    app->add_option("--device", o.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options] { return runPredict(*options); }};
}

}  // namespace loupe::cli
