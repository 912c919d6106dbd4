// `loupe-cli importance`: permutation feature importance of a saved model -> DIR/importance.csv.

#include <memory>

#include "app/cli/commands.h"
#include "app/cli/interrupt_guard.h"
#include "app/cli/options.h"
#include "app/cli/run_outputs.h"
#include "app/cli/terminal.h"
#include "core/data/reader.h"
#include "core/error.h"
#include "core/explain/permutation_importance.h"
#include "core/io/atomic_file.h"
#include "core/io/csv_writer.h"
#include "core/io/model_file.h"

namespace loupe::cli {
namespace {

struct ImportanceOptions {
    std::string model, data, target, out;
    std::string metric = "auto";
    int64_t repeats = 5;
    uint64_t seed = 0;
    std::string device = "auto";
    bool quiet = false;
};

int runImportance(const ImportanceOptions& o) {
    Terminal terminal(o.quiet);
    // Ctrl-C stops between shuffles (exit 130) and leaves --out untouched.
    InterruptGuard interrupt;
    explain::ImportanceOptions options;
    options.metric = explain::parseImportanceMetric(o.metric);
    options.repeats = o.repeats;
    options.seed = o.seed;
    requireInputFile(o.model);
    requireInputFile(o.data);
    io::checkOutputFolder(o.out);
    // The true labels come from --target, which may be named differently from the column the
    // model was trained on.
    nn::Model model = io::loadModel(o.model);
    model.targetName = o.target;
    const data::Table table = data::readTable(o.data);
    const LabeledRows labeled = labeledRows(model, table);
    if (labeled.rows.size() < 2)
        throw InputError("fewer than two rows have a value in the target column '" + o.target + "'",
                         table.source());
    const Matrix x = model.pipeline.transform(table, labeled.rows);
    device::DeviceChoice choice = device::makeDevice(o.device);
    if (!choice.note.empty()) terminal.say(choice.note);

    const explain::ImportanceResult r = explain::permutationImportance(
        *choice.device, model, x, labeled.labels, options,
        [&](const ProgressInfo& p) {
            if (terminal.progressDue()) terminal.progress(p.done, p.total, "shuffling features");
        },
        interrupt.token());
    terminal.endProgress();
    if (interrupt.interrupted()) throw Cancelled();

    io::CsvWriter csv;
    csv.field("feature").field("mean").field("std").endRow();
    for (size_t j = 0; j < r.features.size(); ++j)
        csv.field(r.features[j]).number(r.mean[j]).number(r.std[j]).endRow();
    io::StagedFolder staged(o.out);
    io::writeFileAtomic(staged.file("importance.csv"), csv.text());
    staged.commit();
    terminal.say(std::to_string(labeled.rows.size()) + " rows, " + r.metric + " " +
                 fixed4(r.baseline) + " unshuffled, " + std::to_string(o.repeats) +
                 " shuffles per feature");
    terminal.say("wrote " + o.out + " (importance.csv)");
    return 0;
}

}  // namespace

Command addImportanceCommand(CLI::App& parent) {
    auto options = std::make_shared<ImportanceOptions>();
    ImportanceOptions& o = *options;
    CLI::App* app = parent.add_subcommand(
        "importance", "Permutation feature importance of a trained model on a labelled dataset");
    app->add_option("MODEL", o.model, "Model file (.h5) written by train")->required();
    app->add_option("DATA", o.data, "Dataset file (CSV or HDF5) with the target column")
        ->required();
    app->add_option("--target", o.target, "Column holding the true labels")->required();
    app->add_option("--out", o.out, "Output folder: importance.csv")->required();
    app->add_option("--metric", o.metric, "auto (accuracy or r2), accuracy, roc_auc, r2 or mse")
        ->capture_default_str();
    app->add_option("--repeats", o.repeats, "Shuffles per feature")
        ->check(wholeNumberIn(1, 10000))
        ->capture_default_str();
    app->add_option("--seed", o.seed, "Seeds the shuffles")
        ->check(unsignedNumber())
        ->capture_default_str();
    app->add_option("--device", o.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options] { return runImportance(*options); }};
}

}  // namespace loupe::cli
