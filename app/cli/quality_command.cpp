// `loupe-cli quality`: data quality before training -> DIR/outliers.csv (Isolation Forest scores),
// DIR/label_issues.csv (confident learning on out-of-fold probabilities) and DIR/leakage.json.

#include <algorithm>
#include <memory>
#include <numeric>

#include "app/cli/commands.h"
#include "app/cli/interrupt_guard.h"
#include "app/cli/options.h"
#include "app/cli/terminal.h"
#include "core/data/isolation_forest.h"
#include "core/data/leakage.h"
#include "core/data/reader.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/csv_writer.h"
#include "core/train/experiment.h"
#include "core/train/label_issues.h"

namespace loupe::cli {
namespace {

struct QualityOptions {
    std::string data, target, out;
    uint64_t seed = 0;
    int64_t folds = 5;
    int64_t epochs = 100;
    int64_t trees = 100;
    std::string device = "auto";
    bool quiet = false;
};

/// outliers.csv: every row, most anomalous first; the pipeline is fitted on all rows, as the
/// forest is (no labels are used).
std::string outliersCsv(const data::Table& table, const std::vector<std::string>& features,
                        const QualityOptions& o) {
    std::vector<int64_t> rows(static_cast<size_t>(table.rowCount()));
    std::iota(rows.begin(), rows.end(), 0);
    data::Pipeline pipeline;
    pipeline.fit(table, features, rows);
    const Matrix x = pipeline.transform(table, rows);
    data::IsolationForest forest;
    forest.fit(x, {o.trees, 256, o.seed});
    const std::vector<double> scores = forest.score(x);
    std::stable_sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) {
        return scores[static_cast<size_t>(a)] > scores[static_cast<size_t>(b)];
    });
    io::CsvWriter csv;
    csv.field("row").field("score").field("rank").endRow();
    for (size_t i = 0; i < rows.size(); ++i)
        csv.integer(rows[i])
            .number(scores[static_cast<size_t>(rows[i])])
            .integer(static_cast<int64_t>(i + 1))
            .endRow();
    return csv.take();
}

/// label_issues.csv: every labelled row, likeliest label errors first (train::rankLabelIssues).
std::string labelIssuesCsv(const train::OutOfFold& oof, size_t& flagged) {
    const std::vector<train::LabelIssue> ranked = train::rankLabelIssues(oof);
    io::CsvWriter csv;
    csv.field("row").field("given").field("suggested").field("confidence");
    csv.field("self_confidence").field("issue").field("rank").endRow();
    flagged = 0;
    for (size_t i = 0; i < ranked.size(); ++i) {
        const train::LabelIssue& l = ranked[i];
        flagged += l.issue ? 1 : 0;
        csv.integer(l.row)
            .field(oof.classNames[static_cast<size_t>(l.given)])
            .field(oof.classNames[static_cast<size_t>(l.suggested)])
            .number(l.confidence)
            .number(l.labelQuality)
            .integer(l.issue ? 1 : 0)
            .integer(static_cast<int64_t>(i + 1))
            .endRow();
    }
    return csv.take();
}

int runQuality(const QualityOptions& o) {
    Terminal terminal(o.quiet);
    // Ctrl-C stops between training epochs (exit 130) and leaves --out untouched.
    InterruptGuard interrupt;
    requireInputFile(o.data);
    io::checkOutputFolder(o.out);
    const data::Table table = data::readTable(o.data);
    train::ExperimentRequest request;
    request.target = o.target;
    request.train.seed = o.seed;
    request.train.epochs = o.epochs;
    // The split loupe-cli train makes with the same --seed and its default fractions.
    const train::PreparedExperiment prepared = train::prepareExperiment(table, request);
    const bool classification = prepared.target.task == data::Task::Classification;

    const auto warnings =
        data::checkLeakage(table, prepared.features, o.target, prepared.target, prepared.split);
    nlohmann::json leakage = data::leakageJson(warnings);
    leakage["split"] = {{"seed", o.seed},
                        {"train", prepared.split.train.size()},
                        {"val", prepared.split.val.size()},
                        {"test", prepared.split.test.size()}};
    const std::string outliers = outliersCsv(table, prepared.features, o);
    if (interrupt.interrupted()) throw Cancelled();

    std::string issues = "row,given,suggested,confidence,self_confidence,issue,rank\n";
    size_t flagged = 0;
    if (classification) {
        device::DeviceChoice choice = device::makeDevice(o.device);
        if (!choice.note.empty()) terminal.say(choice.note);
        const train::OutOfFold oof = train::outOfFoldProbabilities(
            table, request, o.folds, *choice.device,
            [&](const ProgressInfo& p) {
                if (terminal.progressDue()) terminal.progress(p.done, p.total, p.stage);
            },
            interrupt.token());
        terminal.endProgress();
        issues = labelIssuesCsv(oof, flagged);
    }
    if (interrupt.interrupted()) throw Cancelled();

    io::StagedFolder staged(o.out);
    io::writeFileAtomic(staged.file("outliers.csv"), outliers);
    io::writeFileAtomic(staged.file("label_issues.csv"), issues);
    io::writeFileAtomic(staged.file("leakage.json"), leakage.dump(2) + "\n");
    staged.commit();

    terminal.say("data: " + table.source() + ": " + std::to_string(table.rowCount()) + " rows, " +
                 std::to_string(prepared.features.size()) + " features");
    terminal.say(classification ? "label issues: " + std::to_string(flagged) + " of " +
                                      std::to_string(prepared.target.rows.size()) +
                                      " labelled rows flagged (" + std::to_string(o.folds) +
                                      "-fold confident learning)"
                                : "label issues: none looked for (regression target)");
    for (const data::LeakageWarning& w : warnings) terminal.say("warning: " + w.message);
    if (warnings.empty()) terminal.say("leakage: no warnings");
    terminal.say("wrote " + o.out + " (outliers.csv, label_issues.csv, leakage.json)");
    return 0;
}

}  // namespace

Command addQualityCommand(CLI::App& parent) {
    auto options = std::make_shared<QualityOptions>();
    QualityOptions& o = *options;
    CLI::App* app = parent.add_subcommand(
        "quality", "Outliers, likely label errors and leakage warnings of a labelled dataset");
    app->add_option("DATA", o.data, "Dataset file (CSV or HDF5)")->required();
    app->add_option("--target", o.target, "Target column")->required();
    app->add_option("--out", o.out, "Output folder: outliers.csv, label_issues.csv, leakage.json")
        ->required();
    app->add_option("--seed", o.seed, "Seeds the split, the folds, the models and the forest")
        ->check(unsignedNumber())
        ->capture_default_str();
    app->add_option("--folds", o.folds, "Folds for the out-of-fold probabilities")
        ->check(wholeNumberIn(2, 100))
        ->capture_default_str();
    app->add_option("--epochs", o.epochs, "Epochs each fold's model (train's default MLP) trains")
        ->check(wholeNumberIn(1, 1'000'000))
        ->capture_default_str();
    app->add_option("--trees", o.trees, "Isolation Forest trees")
        ->check(wholeNumberIn(1, 100'000))
        ->capture_default_str();
    app->add_option("--device", o.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options] { return runQuality(*options); }};
}

}  // namespace loupe::cli
