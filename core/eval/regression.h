#pragma once
// Regression metrics, matched to scikit-learn 1.2. Each throws InputError on empty or mismatched
// input and on a value that is NaN or infinite.

#include <span>

namespace loupe::eval {

/// Mean of (yTrue - yPred)^2: sklearn's mean_squared_error.
double meanSquaredError(std::span<const double> yTrue, std::span<const double> yPred);

/// Square root of the mean squared error: mean_squared_error(squared=False).
double rootMeanSquaredError(std::span<const double> yTrue, std::span<const double> yPred);

/// Mean of |yTrue - yPred|: sklearn's mean_absolute_error.
double meanAbsoluteError(std::span<const double> yTrue, std::span<const double> yPred);

/// Coefficient of determination: sklearn 1.2's r2_score(force_finite=True), so a constant yTrue
/// scores 1 when predicted exactly and 0 otherwise. Throws UndefinedMetricError on fewer than two
/// rows, where sklearn returns NaN with a warning.
double r2Score(std::span<const double> yTrue, std::span<const double> yPred);

}  // namespace loupe::eval
