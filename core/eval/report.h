#pragma once
// The metrics of one split as metrics.json stores them (docs/formats.md). Computed in double and
// matched to scikit-learn's conventions; tests compare with scikit-learn to 1e-9.

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/matrix.h"

namespace loupe::eval {

/// yTrue: class index per row; probs: [rows, classes], rows summing to 1. The predicted class is
/// the arg-max of each row (the first on ties). Keys: accuracy, balanced_accuracy,
/// precision_macro, recall_macro, f1_macro, precision_weighted, recall_weighted, f1_weighted,
/// roc_auc + average_precision + brier_score (binary, positive class = classNames[1]) or
/// roc_auc_ovr_macro (multiclass), log_loss, confusion_matrix (rows true, columns predicted),
/// per_class {name: {precision, recall, f1, support}}, support. A metric that is undefined on this
/// split (e.g. ROC-AUC with one class present) is null.
nlohmann::json classificationReport(std::span<const int> yTrue, const MatrixD& probs,
                                    const std::vector<std::string>& classNames);

/// Keys: mse, rmse, mae, r2, support.
nlohmann::json regressionReport(std::span<const double> yTrue, std::span<const double> yPred);

}  // namespace loupe::eval
