#include "core/eval/curves.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/eval/ranked_scores.h"
#include "core/eval/stable_sum.h"
#include "core/eval/undefined_metric_error.h"

namespace loupe::eval {
namespace {

// Cumulative true and false positives at each distinct score, highest first: the output of
// sklearn's _binary_clf_curve.
struct ThresholdCounts {
    std::vector<double> thresholds;
    std::vector<int64_t> tps;
    std::vector<int64_t> fps;
};

ThresholdCounts countAtThresholds(std::span<const int> yTrue, std::span<const double> scores,
                                  int positiveClass) {
    const RankedScores ranked = rankScores(yTrue, scores, positiveClass);
    ThresholdCounts counts;
    int64_t tps = 0;
    int64_t fps = 0;
    forEachDistinctScore(ranked, [&](double score, int64_t tp, int64_t fp) {
        tps += tp;
        fps += fp;
        counts.thresholds.push_back(score);
        counts.tps.push_back(tps);
        counts.fps.push_back(fps);
    });
    return counts;
}

void requireBothClasses(int64_t positives, int64_t negatives, const char* metric) {
    if (positives == 0 || negatives == 0) {
        throw UndefinedMetricError(std::string(metric) +
                                   " is undefined: only one class is present in y_true");
    }
}

}  // namespace

RocCurve rocCurve(std::span<const int> yTrue, std::span<const double> scores, int positiveClass) {
    const ThresholdCounts c = countAtThresholds(yTrue, scores, positiveClass);
    const size_t m = c.thresholds.size();
    requireBothClasses(c.tps.back(), c.fps.back(), "ROC curve");
    const double positives = static_cast<double>(c.tps.back());
    const double negatives = static_cast<double>(c.fps.back());
    RocCurve curve;
    curve.fpr.push_back(0.0);
    curve.tpr.push_back(0.0);
    curve.thresholds.push_back(c.thresholds[0] + 1.0);
    for (size_t i = 0; i < m; ++i) {
        // drop_intermediate: keep the ends and every point where the curve bends (a nonzero second
        // difference of fps or tps), as sklearn does when there are more than two thresholds.
        const bool bend = m <= 2 || i == 0 || i + 1 == m ||
                          c.fps[i + 1] - 2 * c.fps[i] + c.fps[i - 1] != 0 ||
                          c.tps[i + 1] - 2 * c.tps[i] + c.tps[i - 1] != 0;
        if (!bend) continue;
        curve.fpr.push_back(static_cast<double>(c.fps[i]) / negatives);
        curve.tpr.push_back(static_cast<double>(c.tps[i]) / positives);
        curve.thresholds.push_back(c.thresholds[i]);
    }
    return curve;
}

double rocAuc(std::span<const int> yTrue, std::span<const double> scores, int positiveClass) {
    const RankedScores ranked = rankScores(yTrue, scores, positiveClass);
    requireBothClasses(ranked.positiveCount, ranked.negativeCount, "ROC AUC");
    // The area is exact in integers; one division rounds it.
    return static_cast<double>(twiceRocArea(ranked)) /
           (2.0 * static_cast<double>(ranked.positiveCount) *
            static_cast<double>(ranked.negativeCount));
}

double rocAucOvrMacro(std::span<const int> yTrue, const MatrixD& probs) {
    const auto rows = static_cast<size_t>(probs.rows());
    const auto classes = static_cast<int>(probs.cols());
    if (rows == 0) throw InputError("ROC AUC (one-vs-rest): no rows");
    if (yTrue.size() != rows) {
        throw InputError("ROC AUC (one-vs-rest): " + std::to_string(yTrue.size()) + " labels but " +
                         std::to_string(rows) + " rows of probabilities");
    }
    for (size_t i = 0; i < rows; ++i) {
        if (yTrue[i] < 0 || yTrue[i] >= classes) {
            throw InputError("ROC AUC (one-vs-rest): label " + std::to_string(yTrue[i]) +
                             " of row " + std::to_string(i) + " is not a class index");
        }
        // np.allclose(1, rowSum) with its default rtol 1e-5 and atol 1e-8, as sklearn checks.
        const double sum = probs.row(Eigen::Index(i)).sum();
        if (!(std::abs(sum - 1.0) <= 1e-8 + 1e-5 * std::abs(sum))) {
            throw InputError("ROC AUC (one-vs-rest): probabilities of row " + std::to_string(i) +
                             " sum to " + std::to_string(sum) + ", not 1");
        }
    }
    StableSum sum;
    std::vector<double> column(rows);
    for (int c = 0; c < classes; ++c) {
        Eigen::Map<Eigen::VectorXd>(column.data(), Eigen::Index(rows)) = probs.col(c);
        try {
            sum.add(rocAuc(yTrue, column, c));
        } catch (const UndefinedMetricError&) {
            throw UndefinedMetricError("ROC AUC (one-vs-rest) is undefined: class " +
                                       std::to_string(c) +
                                       " is absent from y_true or is the only class present");
        }
    }
    return sum.value() / classes;
}

PrCurve precisionRecallCurve(std::span<const int> yTrue, std::span<const double> scores,
                             int positiveClass) {
    const ThresholdCounts c = countAtThresholds(yTrue, scores, positiveClass);
    const size_t m = c.thresholds.size();
    const int64_t positives = c.tps.back();
    PrCurve curve;
    curve.precision.resize(m + 1);
    curve.recall.resize(m + 1);
    curve.thresholds.resize(m);
    for (size_t i = 0; i < m; ++i) {
        // Reversed so that thresholds ascend; every group holds a row, so tps + fps > 0.
        const size_t out = m - 1 - i;
        curve.precision[out] =
            static_cast<double>(c.tps[i]) / static_cast<double>(c.tps[i] + c.fps[i]);
        curve.recall[out] =
            positives == 0 ? 1.0 : static_cast<double>(c.tps[i]) / static_cast<double>(positives);
        curve.thresholds[out] = c.thresholds[i];
    }
    curve.precision[m] = 1.0;
    curve.recall[m] = 0.0;
    return curve;
}

double averagePrecision(std::span<const int> yTrue, std::span<const double> scores,
                        int positiveClass) {
    const RankedScores ranked = rankScores(yTrue, scores, positiveClass);
    const auto positives = static_cast<double>(ranked.positiveCount);
    StableSum sum;
    int64_t tps = 0;
    int64_t fps = 0;
    double previousRecall = 0.0;
    forEachDistinctScore(ranked, [&](double, int64_t tp, int64_t fp) {
        tps += tp;
        fps += fp;
        const double recall = positives == 0 ? 1.0 : static_cast<double>(tps) / positives;
        const double precision = static_cast<double>(tps) / static_cast<double>(tps + fps);
        sum.add((recall - previousRecall) * precision);
        previousRecall = recall;
    });
    return sum.value();
}

}  // namespace loupe::eval
