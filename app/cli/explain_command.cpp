// `loupe-cli explain`: SHAP values of a saved model for chosen rows of a dataset -> DIR/shap.csv,
// DIR/summary.svg and DIR/force_<row>.svg for the first rows.

#include <algorithm>
#include <charconv>
#include <memory>
#include <set>

#include "app/cli/commands.h"
#include "app/cli/explain_plots.h"
#include "app/cli/interrupt_guard.h"
#include "app/cli/options.h"
#include "app/cli/terminal.h"
#include "core/data/reader.h"
#include "core/error.h"
#include "core/explain/shap.h"
#include "core/explain/shap_summary.h"
#include "core/io/atomic_file.h"
#include "core/io/csv_writer.h"
#include "core/io/model_file.h"

namespace loupe::cli {
namespace {

constexpr int64_t kDefaultRows = 100;

struct ExplainOptions {
    std::string model, data, out;
    std::string method = "auto";
    std::string rows;
    int64_t background = 100;
    std::string backgroundData;
    int64_t backgroundKmeans = 0;  // 0: not asked for
    std::string className;
    int64_t samples = 2048;
    uint64_t seed = 0;
    std::string device = "auto";
    bool quiet = false;
};

int64_t parseRowNumber(std::string_view text, const std::string& spec) {
    int64_t value = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0)
        throw InputError("--rows: '" + std::string(text) + "' in '" + spec +
                         "' is not a row number (0-based, e.g. 0-9,15,20)");
    return value;
}

/// "0-9,15,20" -> the rows in the order given, each once; every row must be below `count`.
std::vector<int64_t> parseRows(const std::string& spec, int64_t count, const std::string& file) {
    std::vector<int64_t> rows;
    if (spec.empty()) {
        for (int64_t r = 0; r < std::min(count, kDefaultRows); ++r) rows.push_back(r);
        return rows;
    }
    std::set<int64_t> seen;
    size_t start = 0;
    while (start <= spec.size()) {
        const size_t comma = std::min(spec.find(',', start), spec.size());
        const std::string_view item(spec.data() + start, comma - start);
        const size_t dash = item.find('-');
        const int64_t first = parseRowNumber(item.substr(0, dash), spec);
        const int64_t last =
            dash == std::string_view::npos ? first : parseRowNumber(item.substr(dash + 1), spec);
        if (last < first)
            throw InputError("--rows: the range '" + std::string(item) + "' runs backwards");
        if (last >= count)
            throw InputError("--rows: row " + std::to_string(last) +
                                 " is out of range: the data has " + std::to_string(count) +
                                 " rows (0 to " + std::to_string(count - 1) + ")",
                             file);
        for (int64_t r = first; r <= last; ++r)
            if (seen.insert(r).second) rows.push_back(r);
        start = comma + 1;
    }
    return rows;
}

int64_t classIndex(const nn::Model& model, const std::string& name) {
    if (name.empty()) return -1;
    if (model.task != data::Task::Classification)
        throw InputError("--class: the model is a regression model; it has no classes");
    const auto it = std::find(model.classNames.begin(), model.classNames.end(), name);
    if (it == model.classNames.end()) {
        std::string known;
        for (const auto& c : model.classNames) known += (known.empty() ? "" : ", ") + c;
        throw InputError("--class: unknown class '" + name + "' (the model's classes: " + known +
                         ")");
    }
    return it - model.classNames.begin();
}

std::string shapCsv(const explain::ShapResult& r) {
    io::CsvWriter csv;
    csv.field("row").field("base_value");
    for (const auto& f : r.features) csv.field(f);
    csv.field("prediction").endRow();
    for (size_t i = 0; i < r.rows.size(); ++i) {
        csv.integer(r.rows[i]).number(r.baseValue[i]);
        for (int64_t j = 0; j < r.values.cols(); ++j) csv.number(r.values(i, j));
        csv.number(r.prediction[i]).endRow();
    }
    return csv.take();
}

/// Every row of `table` through the model's pipeline: [rows, inputs].
Matrix allRows(const nn::Model& model, const data::Table& table) {
    std::vector<int64_t> all(table.rowCount());
    for (int64_t r = 0; r < table.rowCount(); ++r) all[r] = r;
    return model.pipeline.transform(table, all);
}

explain::Background background(const ExplainOptions& o, const nn::Model& model,
                               const data::Table& table, std::stop_token stop) {
    if (!o.backgroundData.empty()) {
        const data::Table bgTable = data::readTable(o.backgroundData);
        return explain::sampleBackground(allRows(model, bgTable), bgTable.rowCount(), o.seed);
    }
    if (o.backgroundKmeans > 0)
        return explain::kmeansBackground(allRows(model, table), o.backgroundKmeans, o.seed, stop);
    return explain::sampleBackground(allRows(model, table), o.background, o.seed);
}

int runExplain(const ExplainOptions& o) {
    Terminal terminal(o.quiet);
    // Ctrl-C stops the work between rows (exit 130); the staged --out is then removed untouched.
    InterruptGuard interrupt;
    const auto checkInterrupt = [&] {
        if (interrupt.interrupted()) throw Cancelled();
    };
    const explain::ShapMethod requested = explain::parseShapMethod(o.method);
    requireInputFile(o.model);
    requireInputFile(o.data);
    if (!o.backgroundData.empty()) requireInputFile(o.backgroundData);
    io::checkOutputFolder(o.out);
    const nn::Model model = io::loadModel(o.model);
    explain::ShapOptions options;
    options.method = requested;
    options.classIndex = classIndex(model, o.className);
    options.samples = o.samples;
    options.seed = o.seed;

    const data::Table table = data::readTable(o.data);
    const std::vector<int64_t> rows = parseRows(o.rows, table.rowCount(), table.source());
    if (rows.empty()) throw InputError("the data has no rows", table.source());
    const Matrix x = model.pipeline.transform(table, rows);
    checkInterrupt();
    const explain::Background bg = background(o, model, table, interrupt.token());
    device::DeviceChoice choice = device::makeDevice(o.device);
    if (!choice.note.empty()) terminal.say(choice.note);

    explain::ShapResult result = explain::computeShap(
        *choice.device, model, x, rows, bg, options,
        [&](const ProgressInfo& p) {
            if (terminal.progressDue())
                terminal.progress(
                    p.done, p.total,
                    "explaining row " + std::to_string(p.done) + "/" + std::to_string(p.total));
        },
        interrupt.token());
    terminal.endProgress();
    checkInterrupt();

    io::StagedFolder staged(o.out);
    io::writeFileAtomic(staged.file("shap.csv"), shapCsv(result));
    const std::string summary =
        std::to_string(rows.size()) + " rows, " + std::to_string(result.features.size()) +
        " features, " + explain::shapMethodName(result.method) + " SHAP of the " + result.output +
        " over " + std::to_string(bg.x.rows()) + " background rows";
    const auto explanation = std::make_shared<const explain::ShapExplanation>(
        explain::describeShap(std::move(result), table));
    const std::vector<std::string> plots = writeExplainPlots(explanation, staged.path());
    checkInterrupt();
    staged.commit();
    terminal.say(summary);
    std::string written = "shap.csv";
    for (const std::string& name : plots) written += ", " + name;
    terminal.say("wrote " + o.out + " (" + written + ")");
    return 0;
}

}  // namespace

Command addExplainCommand(CLI::App& parent) {
    auto options = std::make_shared<ExplainOptions>();
    ExplainOptions& o = *options;
    CLI::App* app =
        parent.add_subcommand("explain", "SHAP values of a trained model for rows of a dataset");
    app->add_option("MODEL", o.model, "Model file (.h5) written by train")->required();
    app->add_option("DATA", o.data, "Dataset file (CSV or HDF5) holding the rows to explain")
        ->required();
    app->add_option("--out", o.out,
                    "Output folder: shap.csv, summary.svg and force_<row>.svg for the first 5 rows")
        ->required();
    app->add_option("--method", o.method, "auto, exact, kernel, permutation or linear")
        ->capture_default_str();
    app->add_option("--rows", o.rows, "0-based data rows, e.g. 0-9,15,20 (default: the first 100)");
    auto* bgCount =
        app->add_option("--background", o.background, "Background: this many random rows of DATA")
            ->check(wholeNumberIn(1, 1000000))
            ->capture_default_str();
    auto* bgData =
        app->add_option("--background-data", o.backgroundData, "Background: every row of this file")
            ->excludes(bgCount);
    app->add_option("--background-kmeans", o.backgroundKmeans,
                    "Background: a k-means summary of DATA in this many weighted centroids")
        ->check(wholeNumberIn(1, 100000))
        ->excludes(bgCount)
        ->excludes(bgData);
    app->add_option("--class", o.className,
                    "Class whose probability is explained (default: the last)");
    app->add_option("--samples", o.samples,
                    "kernel: coalitions per row; permutation: evaluations per row")
        ->check(wholeNumberIn(1, 100000000))
        ->capture_default_str();
    app->add_option("--seed", o.seed, "Seeds the background sample and the sampling methods")
        ->check(unsignedNumber())
        ->capture_default_str();
    app->add_option("--device", o.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options] { return runExplain(*options); }};
}

}  // namespace loupe::cli
