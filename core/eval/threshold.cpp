#include "core/eval/threshold.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/eval/classification.h"

namespace loupe::eval {

std::vector<int> predictAtThreshold(std::span<const double> scores, double threshold) {
    std::vector<int> predicted(scores.size());
    for (size_t i = 0; i < scores.size(); ++i) {
        if (std::isnan(scores[i]))
            throw InputError("threshold: score at row " + std::to_string(i) + " is NaN");
        predicted[i] = scores[i] >= threshold ? 1 : 0;
    }
    return predicted;
}

ThresholdScores scoresAtThreshold(std::span<const int> yTrue, std::span<const double> scores,
                                  double threshold) {
    const std::vector<int> predicted = predictAtThreshold(scores, threshold);
    ThresholdScores result;
    result.counts = confusionMatrix(yTrue, predicted, 2);
    const std::vector<ClassScores> perClass = perClassScores(result.counts);
    result.precision = perClass[1].precision;
    result.recall = perClass[1].recall;
    result.f1 = perClass[1].f1;
    result.accuracy = accuracy(result.counts);
    return result;
}

std::vector<size_t> rowsInCell(std::span<const int> yTrue, std::span<const int> yPred,
                               int trueClass, int predictedClass) {
    if (yTrue.size() != yPred.size()) {
        throw InputError("confusion cell: " + std::to_string(yTrue.size()) + " true labels but " +
                         std::to_string(yPred.size()) + " predictions");
    }
    std::vector<size_t> rows;
    for (size_t i = 0; i < yTrue.size(); ++i) {
        if (yTrue[i] == trueClass && yPred[i] == predictedClass) rows.push_back(i);
    }
    return rows;
}

MatrixD normalizeRows(const ConfusionMatrix& counts) {
    MatrixD rates = MatrixD::Zero(counts.rows(), counts.cols());
    for (Eigen::Index r = 0; r < counts.rows(); ++r) {
        const double total = static_cast<double>(counts.row(r).sum());
        if (total > 0) rates.row(r) = counts.row(r).cast<double>() / total;
    }
    return rates;
}

}  // namespace loupe::eval
