#include "core/eval/probabilistic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/eval/stable_sum.h"

namespace loupe::eval {

double logLoss(std::span<const int> yTrue, const MatrixD& probs) {
    const auto rows = static_cast<size_t>(probs.rows());
    const auto classes = static_cast<int>(probs.cols());
    if (rows == 0) throw InputError("log loss: no rows");
    if (classes < 2) throw InputError("log loss: needs at least two classes");
    if (yTrue.size() != rows) {
        throw InputError("log loss: " + std::to_string(yTrue.size()) + " labels but " +
                         std::to_string(rows) + " rows of probabilities");
    }
    constexpr double kEps = std::numeric_limits<double>::epsilon();
    StableSum sum;
    for (size_t i = 0; i < rows; ++i) {
        const int label = yTrue[i];
        if (label < 0 || label >= classes) {
            throw InputError("log loss: label " + std::to_string(label) + " of row " +
                             std::to_string(i) + " is not a class index");
        }
        double rowSum = 0.0;
        for (int c = 0; c < classes; ++c) {
            const double p = probs(Eigen::Index(i), c);
            if (!std::isfinite(p)) {
                throw InputError("log loss: probability at row " + std::to_string(i) +
                                 " is not finite");
            }
            rowSum += std::clamp(p, kEps, 1.0 - kEps);
        }
        const double pTrue = std::clamp(probs(Eigen::Index(i), label), kEps, 1.0 - kEps);
        sum.add(-std::log(pTrue / rowSum));
    }
    return sum.value() / static_cast<double>(rows);
}

double brierScore(std::span<const int> yTrue, std::span<const double> positiveProbs,
                  int positiveClass) {
    if (positiveProbs.empty()) throw InputError("Brier score: no rows");
    if (yTrue.size() != positiveProbs.size()) {
        throw InputError("Brier score: " + std::to_string(yTrue.size()) + " labels but " +
                         std::to_string(positiveProbs.size()) + " probabilities");
    }
    StableSum sum;
    for (size_t i = 0; i < positiveProbs.size(); ++i) {
        const double p = positiveProbs[i];
        if (!(p >= 0.0 && p <= 1.0)) {
            throw InputError("Brier score: probability " + std::to_string(p) + " of row " +
                             std::to_string(i) + " is outside [0, 1]");
        }
        const double diff = (yTrue[i] == positiveClass ? 1.0 : 0.0) - p;
        sum.add(diff * diff);
    }
    return sum.value() / static_cast<double>(positiveProbs.size());
}

}  // namespace loupe::eval
