#include "core/eval/regression.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/eval/stable_sum.h"
#include "core/eval/undefined_metric_error.h"

namespace loupe::eval {
namespace {

void checkInput(std::span<const double> yTrue, std::span<const double> yPred, const char* metric) {
    if (yTrue.empty()) throw InputError(std::string(metric) + ": no rows");
    if (yTrue.size() != yPred.size()) {
        throw InputError(std::string(metric) + ": " + std::to_string(yTrue.size()) +
                         " targets but " + std::to_string(yPred.size()) + " predictions");
    }
    for (size_t i = 0; i < yTrue.size(); ++i) {
        if (!std::isfinite(yTrue[i]) || !std::isfinite(yPred[i])) {
            throw InputError(std::string(metric) + ": row " + std::to_string(i) +
                             " holds a value that is not finite");
        }
    }
}

double sumSquaredError(std::span<const double> yTrue, std::span<const double> yPred) {
    StableSum sum;
    for (size_t i = 0; i < yTrue.size(); ++i) {
        const double diff = yTrue[i] - yPred[i];
        sum.add(diff * diff);
    }
    return sum.value();
}

}  // namespace

double meanSquaredError(std::span<const double> yTrue, std::span<const double> yPred) {
    checkInput(yTrue, yPred, "mean squared error");
    return sumSquaredError(yTrue, yPred) / static_cast<double>(yTrue.size());
}

double rootMeanSquaredError(std::span<const double> yTrue, std::span<const double> yPred) {
    return std::sqrt(meanSquaredError(yTrue, yPred));
}

double meanAbsoluteError(std::span<const double> yTrue, std::span<const double> yPred) {
    checkInput(yTrue, yPred, "mean absolute error");
    StableSum sum;
    for (size_t i = 0; i < yTrue.size(); ++i) sum.add(std::abs(yTrue[i] - yPred[i]));
    return sum.value() / static_cast<double>(yTrue.size());
}

double r2Score(std::span<const double> yTrue, std::span<const double> yPred) {
    checkInput(yTrue, yPred, "R2");
    if (yTrue.size() < 2) throw UndefinedMetricError("R2 is undefined with fewer than two rows");
    StableSum total;
    for (const double y : yTrue) total.add(y);
    const double mean = total.value() / static_cast<double>(yTrue.size());
    StableSum spread;
    for (const double y : yTrue) spread.add((y - mean) * (y - mean));
    const double numerator = sumSquaredError(yTrue, yPred);
    const double denominator = spread.value();
    // force_finite: a perfect fit scores 1 even on a constant target, any other fit of one 0.
    if (numerator == 0.0) return 1.0;
    if (denominator == 0.0) return 0.0;
    return 1.0 - numerator / denominator;
}

}  // namespace loupe::eval
