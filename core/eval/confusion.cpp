#include "core/eval/confusion.h"

#include <cmath>
#include <string>

#include "core/error.h"

namespace loupe::eval {

ConfusionMatrix confusionMatrix(std::span<const int> yTrue, std::span<const int> yPred,
                                int classes) {
    if (yTrue.empty()) throw InputError("confusion matrix: no rows");
    if (yTrue.size() != yPred.size()) {
        throw InputError("confusion matrix: " + std::to_string(yTrue.size()) + " true labels but " +
                         std::to_string(yPred.size()) + " predictions");
    }
    if (classes < 1) throw InputError("confusion matrix: no classes");
    ConfusionMatrix counts = ConfusionMatrix::Zero(classes, classes);
    for (size_t i = 0; i < yTrue.size(); ++i) {
        const int t = yTrue[i];
        const int p = yPred[i];
        if (t < 0 || t >= classes || p < 0 || p >= classes) {
            throw InputError("confusion matrix: row " + std::to_string(i) + " has label " +
                             std::to_string(t) + " and prediction " + std::to_string(p) +
                             ", expected class indices below " + std::to_string(classes));
        }
        ++counts(t, p);
    }
    return counts;
}

std::vector<int> predictedClasses(const MatrixD& probs) {
    if (probs.cols() == 0) throw InputError("arg-max: probabilities have no columns");
    std::vector<int> predicted(static_cast<size_t>(probs.rows()));
    for (Eigen::Index r = 0; r < probs.rows(); ++r) {
        int best = 0;
        for (Eigen::Index c = 0; c < probs.cols(); ++c) {
            const double p = probs(r, c);
            if (!std::isfinite(p)) {
                throw InputError("arg-max: probability at row " + std::to_string(r) + ", column " +
                                 std::to_string(c) + " is not finite");
            }
            if (p > probs(r, best)) best = static_cast<int>(c);
        }
        predicted[static_cast<size_t>(r)] = best;
    }
    return predicted;
}

}  // namespace loupe::eval
