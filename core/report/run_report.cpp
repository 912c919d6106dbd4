#include "core/report/run_report.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include "core/data/reader.h"
#include "core/error.h"
#include "core/eval/undefined_metric_error.h"
#include "core/io/run_folder.h"
#include "core/report/report_shap.h"

namespace loupe::report {
namespace {

namespace fs = std::filesystem;

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read the file (missing or not readable)", path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The split loupe-cli train reports last: test, else val, else train.
std::string evaluatedSplit(const train::ExperimentResult& run) {
    return run.reports.empty() ? std::string() : run.reports.back().first;
}

void addClassBalance(RunReport& r) {
    const train::PredictionSet& p = r.run.predictions;
    for (const std::string& name : p.classNames) r.classBalance.push_back({name});
    for (size_t i = 0; i < p.rows.size(); ++i) {
        const auto label = static_cast<int64_t>(p.labels[i]);
        if (label < 0 || label >= static_cast<int64_t>(r.classBalance.size())) continue;
        ClassBalance& c = r.classBalance[static_cast<size_t>(label)];
        const std::string& split = p.splits[i];
        (split == "train" ? c.train : split == "val" ? c.val : c.test) += 1;
    }
}

void addTargetStats(RunReport& r) {
    const std::vector<double>& y = r.run.predictions.labels;
    if (y.empty()) return;
    double sum = 0.0, squares = 0.0;
    r.targetMin = r.targetMax = y.front();
    for (double v : y) {
        sum += v;
        r.targetMin = std::min(r.targetMin, v);
        r.targetMax = std::max(r.targetMax, v);
    }
    r.targetMean = sum / static_cast<double>(y.size());
    for (double v : y) squares += (v - r.targetMean) * (v - r.targetMean);
    r.targetStd = std::sqrt(squares / static_cast<double>(y.size()));
}

/// ROC and PR of the evaluated split: the positive class of two, else each class against the rest.
void addCurves(RunReport& r) {
    const train::PredictionSet& p = r.run.predictions;
    std::vector<int> y;
    std::vector<Eigen::Index> at;
    for (size_t i = 0; i < p.rows.size(); ++i)
        if (p.splits[i] == r.evalSplit && p.labels[i] >= 0) {
            y.push_back(static_cast<int>(p.labels[i]));
            at.push_back(static_cast<Eigen::Index>(i));
        }
    const auto classes = static_cast<int>(p.classNames.size());
    for (int c = classes == 2 ? 1 : 0; c < classes; ++c) {
        std::vector<double> scores(at.size());
        for (size_t i = 0; i < at.size(); ++i) scores[i] = p.outputs(at[i], c);
        const std::string& name = p.classNames[static_cast<size_t>(c)];
        try {
            r.roc.push_back({name, eval::rocCurve(y, scores, c), eval::rocAuc(y, scores, c)});
        } catch (const eval::UndefinedMetricError&) {
            r.curveNote += (r.curveNote.empty() ? "" : "; ") + std::string("no ROC curve for '") +
                           name + "': the " + r.evalSplit + " rows hold only one side of it";
        }
        const double positives = static_cast<double>(std::count(y.begin(), y.end(), c));
        r.pr.push_back({name, eval::precisionRecallCurve(y, scores, c),
                        eval::averagePrecision(y, scores, c),
                        y.empty() ? 0.0 : positives / static_cast<double>(y.size())});
    }
}

/// The dataset the run was trained on, when it can be read and its rows are the run's; else null
/// with r.dataNote saying why.
std::unique_ptr<data::Table> readDataset(RunReport& r, const ReportOptions& options,
                                         std::stop_token stop) {
    r.dataFile = options.dataFile;
    if (r.dataFile.empty() && r.run.training.is_object())
        r.dataFile = r.run.training.value("data", std::string());
    if (r.dataFile.empty()) {
        r.dataNote = "the run does not record its data file";
        return nullptr;
    }
    std::unique_ptr<data::Table> table;
    try {
        table = std::make_unique<data::Table>(data::readTable(r.dataFile, {}, stop));
    } catch (const InputError& e) {
        r.dataNote = std::string("the data file could not be read: ") + e.what();
        return nullptr;
    }
    const std::vector<int64_t>& rows = r.run.predictions.rows;
    const int64_t last = rows.empty() ? -1 : *std::max_element(rows.begin(), rows.end());
    const std::string& target = r.run.model.targetName;
    if (last >= table->rowCount() || table->columnIndex(target) < 0) {
        r.dataNote = "the data file does not match the run (" + std::to_string(table->rowCount()) +
                     " rows" +
                     (table->columnIndex(target) < 0 ? ", no column '" + target + "'" : "") +
                     "; the run's predictions name row " + std::to_string(last) + ")";
        return nullptr;
    }
    r.tableRows = table->rowCount();
    r.tableColumns = table->columnCount();
    return table;
}

}  // namespace

RunReport gatherRunReport(const fs::path& folder, const ReportOptions& options,
                          device::Device& device, const Progress& progress, std::stop_token stop) {
    if (!fs::is_directory(folder))
        throw InputError("not a run folder (no such folder)", folder.string());
    RunReport r;
    r.folder = folder;
    r.run = io::readRunFolder(folder);
    r.evalSplit = evaluatedSplit(r.run);
    if (!r.run.reports.empty()) r.evalReport = r.run.reports.back().second;
    if (r.run.model.task == data::Task::Classification) {
        addClassBalance(r);
        addCurves(r);
    } else {
        addTargetStats(r);
    }
    const fs::path compare = folder / "compare.json";
    if (fs::exists(compare)) {
        r.compare = nlohmann::json::parse(readText(compare), nullptr, false);
        if (!r.compare.is_object() || !r.compare.value("models", nlohmann::json()).is_array())
            throw InputError("not a comparison file (expected {\"models\": [...]})",
                             compare.string());
    }
    const std::unique_ptr<data::Table> table = readDataset(r, options, stop);
    addShap(r, table.get(), options, device, progress, stop);
    return r;
}

}  // namespace loupe::report
