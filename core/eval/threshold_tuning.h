#pragma once
// Decision-threshold tuning for a binary classifier: the threshold that reaches a target
// precision or recall, or that minimises a misclassification cost, found on held-out scores.

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "core/eval/threshold.h"

namespace loupe::eval {

enum class ThresholdGoal { Precision, Recall, Cost };

/// What to tune for: precision >= value (of those thresholds, the one of the highest recall, the
/// highest threshold among ties), recall >= value (the highest such threshold: the fewest rows
/// called positive), or the least falsePositiveCost * FP + falseNegativeCost * FN (the highest
/// threshold among ties).
struct ThresholdTarget {
    ThresholdGoal goal = ThresholdGoal::Precision;
    double value = 0.9;              ///< Precision, Recall: in (0, 1]
    double falsePositiveCost = 1.0;  ///< Cost
    double falseNegativeCost = 1.0;  ///< Cost
};

struct TunedThreshold {
    /// Rows score >= threshold are positive. The candidates are the distinct scores (as
    /// sklearn's precision_recall_curve) and, for Cost, +infinity (nothing positive).
    double threshold = 0.5;
    bool reached = true;     ///< false when no threshold reaches the precision or recall asked
    ThresholdScores scores;  ///< at `threshold`
    double cost = 0.0;       ///< falsePositiveCost * FP + falseNegativeCost * FN at `threshold`
};

/// Tunes on labels 0/1 and positive-class scores. When the target cannot be reached the result
/// has reached = false and the threshold of the highest precision (or recall) found. Throws
/// InputError on empty or mismatched input, a label other than 0 and 1, or a target outside
/// its range.
TunedThreshold tuneThreshold(std::span<const int> yTrue, std::span<const double> scores,
                             const ThresholdTarget& target);

/// {"precision", "recall", "f1", "accuracy", "fp", "fn"} of `scores`, and "cost" under `target`.
nlohmann::json thresholdScoresJson(const ThresholdScores& scores, const ThresholdTarget& target);

/// metrics.json's "threshold": {"goal", "target" (the value, or {"fp", "fn"} costs), "threshold"
/// (null when +infinity: no row positive), "reached", "tuned_on": `split`, `split`: its scores}.
nlohmann::json tunedThresholdJson(const ThresholdTarget& target, const TunedThreshold& tuned,
                                  const std::string& split);

/// "precision:0.9", "recall:0.8", "cost:FP:FN"; throws InputError naming the accepted forms.
ThresholdTarget parseThresholdTarget(const std::string& text);

/// "precision", "recall" or "cost".
std::string toString(ThresholdGoal goal);

}  // namespace loupe::eval
