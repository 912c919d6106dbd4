#include "core/train/label_issues.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "core/data/folds.h"
#include "core/error.h"

namespace loupe::train {
namespace {

/// cleanlab compares with thresholds less a small tolerance, so a row at exactly its class's
/// mean counts as confident despite rounding.
constexpr double kThresholdSlack = 1e-6;

}  // namespace

OutOfFold outOfFoldProbabilities(const data::Table& table, const ExperimentRequest& request,
                                 int64_t folds, device::Device& device, const Progress& progress,
                                 std::stop_token stop) {
    ExperimentRequest all = request;
    all.valFraction = 0.0;
    all.testFraction = 0.0;
    // Checks the target and features and encodes the target; its pipeline is refitted per fold.
    const PreparedExperiment prepared = prepareExperiment(table, all);
    if (prepared.target.task != data::Task::Classification)
        throw InputError("label issues need a classification target; '" + request.target +
                             "' is a regression target",
                         table.source());
    const std::vector<int64_t>& rows = prepared.target.rows;
    const auto heldOut =
        data::stratifiedFolds(rows, prepared.target.values, folds, request.train.seed);

    OutOfFold oof;
    oof.rows = rows;
    oof.classNames = prepared.target.classNames;
    for (float v : prepared.target.values) oof.labels.push_back(static_cast<int>(v));
    oof.probs = MatrixD::Zero(static_cast<int64_t>(rows.size()), prepared.outputs);
    const int64_t epochs = request.train.epochs;
    for (int64_t k = 0; k < folds; ++k) {
        throwIfStopped(stop);
        const std::vector<int64_t>& test = heldOut[static_cast<size_t>(k)];
        PreparedExperiment fold = prepared;
        fold.split = {};
        std::set_difference(rows.begin(), rows.end(), test.begin(), test.end(),
                            std::back_inserter(fold.split.train));
        fold.pipeline = data::Pipeline(prepared.pipeline.options());
        fold.pipeline.fit(table, fold.features, fold.split.train);
        nn::Model model = buildModel(fold, request);
        TrainCallbacks callbacks;
        if (progress)
            callbacks.onEpoch = [&](const EpochRecord& e) {
                progress({"fold " + std::to_string(k + 1) + "/" + std::to_string(folds),
                          k * epochs + e.epoch,
                          folds * epochs,
                          {}});
            };
        const History history = trainModel(model, device, table, fold, request, callbacks, stop);
        if (history.cancelled) throw Cancelled();
        const Matrix probs = model.predictTable(device, table, test);
        for (size_t i = 0; i < test.size(); ++i) {
            const auto at = std::lower_bound(rows.begin(), rows.end(), test[i]) - rows.begin();
            double sum = 0.0;
            for (int64_t c = 0; c < probs.cols(); ++c) sum += probs(static_cast<int64_t>(i), c);
            for (int64_t c = 0; c < probs.cols(); ++c)
                oof.probs(at, c) = static_cast<double>(probs(static_cast<int64_t>(i), c)) / sum;
        }
    }
    return oof;
}

std::vector<LabelIssue> rankLabelIssues(const OutOfFold& oof) {
    const int64_t n = oof.probs.rows();
    const int64_t classes = oof.probs.cols();
    if (static_cast<int64_t>(oof.labels.size()) != n || static_cast<int64_t>(oof.rows.size()) != n)
        throw ModelError("label issues: rows, labels and probabilities differ in length");
    // Per-class thresholds: the mean self-confidence of the rows given that class. A class no
    // row is given never counts as confident.
    std::vector<double> sum(static_cast<size_t>(classes), 0.0);
    std::vector<int64_t> count(static_cast<size_t>(classes), 0);
    for (int64_t i = 0; i < n; ++i) {
        const int given = oof.labels[static_cast<size_t>(i)];
        if (given < 0 || given >= classes) throw ModelError("label issues: label out of range");
        sum[static_cast<size_t>(given)] += oof.probs(i, given);
        ++count[static_cast<size_t>(given)];
    }
    std::vector<double> threshold(static_cast<size_t>(classes));
    for (size_t c = 0; c < threshold.size(); ++c)
        threshold[c] = count[c] ? sum[c] / static_cast<double>(count[c]) - kThresholdSlack
                                : std::numeric_limits<double>::infinity();

    std::vector<LabelIssue> out(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        LabelIssue& issue = out[static_cast<size_t>(i)];
        issue.row = oof.rows[static_cast<size_t>(i)];
        issue.given = oof.labels[static_cast<size_t>(i)];
        issue.labelQuality = oof.probs(i, issue.given);
        int confident = -1, likeliest = 0;
        for (int c = 0; c < classes; ++c) {
            const double p = oof.probs(i, c);
            if (p > oof.probs(i, likeliest)) likeliest = c;
            if (p >= threshold[static_cast<size_t>(c)] &&
                (confident < 0 || p > oof.probs(i, confident)))
                confident = c;
        }
        issue.issue = confident >= 0 && confident != issue.given;
        issue.suggested = confident >= 0 ? confident : likeliest;
        issue.confidence = oof.probs(i, issue.suggested);
    }
    std::stable_sort(out.begin(), out.end(), [](const LabelIssue& a, const LabelIssue& b) {
        if (a.issue != b.issue) return a.issue;
        if (a.labelQuality != b.labelQuality) return a.labelQuality < b.labelQuality;
        return a.row < b.row;
    });
    return out;
}

}  // namespace loupe::train
