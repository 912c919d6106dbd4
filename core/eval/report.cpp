#include "core/eval/report.h"

#include <string>

#include "core/error.h"
#include "core/eval/classification.h"
#include "core/eval/confusion.h"
#include "core/eval/curves.h"
#include "core/eval/probabilistic.h"
#include "core/eval/regression.h"
#include "core/eval/undefined_metric_error.h"

namespace loupe::eval {
namespace {

// The metric's value, or null where it is undefined on this split; any other error propagates.
template <class Metric>
nlohmann::json valueOrNull(Metric&& metric) {
    try {
        return metric();
    } catch (const UndefinedMetricError&) {
        return nullptr;
    }
}

void checkClassificationInput(std::span<const int> yTrue, const MatrixD& probs,
                              const std::vector<std::string>& classNames) {
    const auto classes = static_cast<Eigen::Index>(classNames.size());
    if (classes < 2) throw InputError("classification report: needs at least two class names");
    if (yTrue.empty()) throw InputError("classification report: no rows");
    if (probs.rows() != static_cast<Eigen::Index>(yTrue.size()) || probs.cols() != classes) {
        throw InputError("classification report: probabilities are [" +
                         std::to_string(probs.rows()) + ", " + std::to_string(probs.cols()) +
                         "], expected [" + std::to_string(yTrue.size()) + ", " +
                         std::to_string(classes) + "]");
    }
}

}  // namespace

nlohmann::json classificationReport(std::span<const int> yTrue, const MatrixD& probs,
                                    const std::vector<std::string>& classNames) {
    checkClassificationInput(yTrue, probs, classNames);
    const auto classes = static_cast<int>(classNames.size());
    const std::vector<int> predicted = predictedClasses(probs);
    const ConfusionMatrix counts = confusionMatrix(yTrue, predicted, classes);
    const std::vector<ClassScores> perClass = perClassScores(counts);
    const AveragedScores macro = macroAverage(perClass);
    const AveragedScores weighted = weightedAverage(perClass);

    nlohmann::json report;
    report["accuracy"] = accuracy(counts);
    report["balanced_accuracy"] = balancedAccuracy(counts);
    report["precision_macro"] = macro.precision;
    report["recall_macro"] = macro.recall;
    report["f1_macro"] = macro.f1;
    report["precision_weighted"] = weighted.precision;
    report["recall_weighted"] = weighted.recall;
    report["f1_weighted"] = weighted.f1;
    if (classes == 2) {
        const Eigen::VectorXd positive = probs.col(1);
        const std::span<const double> scores(positive.data(), size_t(positive.size()));
        report["roc_auc"] = valueOrNull([&] { return rocAuc(yTrue, scores); });
        report["average_precision"] = valueOrNull([&] { return averagePrecision(yTrue, scores); });
        report["brier_score"] = valueOrNull([&] { return brierScore(yTrue, scores); });
    } else {
        report["roc_auc_ovr_macro"] = valueOrNull([&] { return rocAucOvrMacro(yTrue, probs); });
    }
    report["log_loss"] = valueOrNull([&] { return logLoss(yTrue, probs); });

    nlohmann::json matrix = nlohmann::json::array();
    for (Eigen::Index t = 0; t < counts.rows(); ++t) {
        nlohmann::json row = nlohmann::json::array();
        for (Eigen::Index p = 0; p < counts.cols(); ++p) row.push_back(counts(t, p));
        matrix.push_back(std::move(row));
    }
    report["confusion_matrix"] = std::move(matrix);

    nlohmann::json byClass = nlohmann::json::object();
    for (size_t c = 0; c < perClass.size(); ++c) {
        byClass[classNames[c]] = {{"precision", perClass[c].precision},
                                  {"recall", perClass[c].recall},
                                  {"f1", perClass[c].f1},
                                  {"support", perClass[c].support}};
    }
    report["per_class"] = std::move(byClass);
    report["support"] = static_cast<int64_t>(yTrue.size());
    return report;
}

nlohmann::json regressionReport(std::span<const double> yTrue, std::span<const double> yPred) {
    nlohmann::json report;
    report["mse"] = meanSquaredError(yTrue, yPred);
    report["rmse"] = rootMeanSquaredError(yTrue, yPred);
    report["mae"] = meanAbsoluteError(yTrue, yPred);
    report["r2"] = valueOrNull([&] { return r2Score(yTrue, yPred); });
    report["support"] = static_cast<int64_t>(yTrue.size());
    return report;
}

}  // namespace loupe::eval
