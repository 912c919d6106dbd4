#pragma once
// Host-side dense matrices shared by core's public functions.

#include <Eigen/Core>

namespace loupe {

/// Row-major float32 matrix on the host; rows are samples. X: [rows, features].
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// Row-major float64 matrix, for metrics that are compared with scikit-learn to 1e-9.
using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace loupe
