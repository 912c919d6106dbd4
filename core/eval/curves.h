#pragma once
// Ranking metrics and their curves, matched to scikit-learn 1.2: thresholds sit at the distinct
// score values, tied scores move the curve in one step, AUC is the trapezoid over those steps.
// Binary functions take the class index of every row and count label == positiveClass as positive.

#include <span>
#include <vector>

#include "core/matrix.h"

namespace loupe::eval {

/// ROC points as sklearn.metrics.roc_curve(drop_intermediate=True) returns them: the first point is
/// (0, 0) at threshold max(score) + 1, collinear interior points are dropped.
struct RocCurve {
    std::vector<double> fpr;
    std::vector<double> tpr;
    std::vector<double> thresholds;
};

/// Precision-recall points as sklearn.metrics.precision_recall_curve returns them: thresholds
/// ascending, recall decreasing, and a last point (recall 0, precision 1) with no threshold.
struct PrCurve {
    std::vector<double> precision;
    std::vector<double> recall;
    std::vector<double> thresholds;
};

/// ROC curve of scores for label == positiveClass. Throws UndefinedMetricError when yTrue holds
/// only positives or only negatives (sklearn warns and returns NaN rates there).
RocCurve rocCurve(std::span<const int> yTrue, std::span<const double> scores,
                  int positiveClass = 1);

/// Area under the ROC curve, exact (integer trapezoid); sklearn's roc_auc_score for binary y.
/// Throws UndefinedMetricError when yTrue holds only positives or only negatives, as sklearn
/// raises.
double rocAuc(std::span<const int> yTrue, std::span<const double> scores, int positiveClass = 1);

/// One-vs-rest ROC-AUC averaged over all classes (columns of probs), as sklearn's
/// roc_auc_score(multi_class="ovr", average="macro", labels=range(k)). probs: [rows, classes],
/// rows summing to 1 (np.allclose, else InputError). Throws UndefinedMetricError when a class has
/// no row or every row.
double rocAucOvrMacro(std::span<const int> yTrue, const MatrixD& probs);

/// Precision-recall curve of scores for label == positiveClass. With no positive row the recall
/// is 1 at every threshold, as in sklearn.
PrCurve precisionRecallCurve(std::span<const int> yTrue, std::span<const double> scores,
                             int positiveClass = 1);

/// Average precision, sum over thresholds of (R_n - R_{n-1}) * P_n: sklearn's
/// average_precision_score (step form, not interpolated); 0 when there is no positive row.
double averagePrecision(std::span<const int> yTrue, std::span<const double> scores,
                        int positiveClass = 1);

}  // namespace loupe::eval
