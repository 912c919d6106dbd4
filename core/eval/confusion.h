#pragma once
// Confusion matrix of a multiclass prediction and the arg-max that turns probabilities into it.

#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <vector>

#include "core/matrix.h"

namespace loupe::eval {

/// Row counts per (true class, predicted class): [classes, classes], rows true, columns predicted.
using ConfusionMatrix = Eigen::Matrix<int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// sklearn's confusion_matrix(yTrue, yPred, labels=range(classes)). Throws InputError on empty or
/// mismatched input and on a label outside [0, classes).
ConfusionMatrix confusionMatrix(std::span<const int> yTrue, std::span<const int> yPred,
                                int classes);

/// The arg-max of each row, the first column on ties (np.argmax). probs: [rows, classes].
/// Throws InputError on a NaN or infinite probability or a matrix without columns.
std::vector<int> predictedClasses(const MatrixD& probs);

}  // namespace loupe::eval
