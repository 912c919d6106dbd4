// Permutation importance: shuffle one source feature's columns across rows (all of a one-hot
// group with the same permutation), re-score, repeat.

#include "core/explain/permutation_importance.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/error.h"
#include "core/eval/classification.h"
#include "core/eval/confusion.h"
#include "core/eval/curves.h"
#include "core/eval/regression.h"
#include "core/explain/shap.h"

namespace loupe::explain {
namespace {

std::string metricName(ImportanceMetric metric) {
    switch (metric) {
        case ImportanceMetric::Accuracy: return "accuracy";
        case ImportanceMetric::RocAuc: return "roc_auc";
        case ImportanceMetric::R2: return "r2";
        case ImportanceMetric::Mse: return "mse";
        case ImportanceMetric::Auto: break;
    }
    return "auto";
}

/// The metric of the model's outputs. out: [rows, outputs] probabilities or values.
double score(ImportanceMetric metric, const Matrix& out, const std::vector<int>& classes,
             const std::vector<double>& labels) {
    const MatrixD outD = out.cast<double>();
    switch (metric) {
        case ImportanceMetric::Accuracy:
            return eval::accuracy(eval::confusionMatrix(classes, eval::predictedClasses(outD),
                                                        static_cast<int>(out.cols())));
        case ImportanceMetric::RocAuc: {
            if (out.cols() > 2) return eval::rocAucOvrMacro(classes, outD);
            const Eigen::VectorXd positive = outD.col(out.cols() - 1);
            return eval::rocAuc(classes, std::span<const double>(positive.data(), positive.size()));
        }
        case ImportanceMetric::R2:
        case ImportanceMetric::Mse: {
            const Eigen::VectorXd predicted = outD.col(0);
            const std::span<const double> p(predicted.data(), predicted.size());
            return metric == ImportanceMetric::R2 ? eval::r2Score(labels, p)
                                                  : eval::meanSquaredError(labels, p);
        }
        case ImportanceMetric::Auto: break;
    }
    return 0.0;
}

}  // namespace

ImportanceMetric parseImportanceMetric(const std::string& name) {
    for (ImportanceMetric m : {ImportanceMetric::Auto, ImportanceMetric::Accuracy,
                               ImportanceMetric::RocAuc, ImportanceMetric::R2, ImportanceMetric::Mse})
        if (name == metricName(m)) return m;
    throw InputError("unknown metric '" + name + "' (expected auto, accuracy, roc_auc, r2 or mse)");
}

ImportanceResult permutationImportance(device::Device& device, const nn::Model& model,
                                       const Matrix& x, const std::vector<double>& labels,
                                       const ImportanceOptions& options,
                                       const Progress& progress, std::stop_token stop) {
    const bool classification = model.task == data::Task::Classification;
    ImportanceMetric metric = options.metric;
    if (metric == ImportanceMetric::Auto)
        metric = classification ? ImportanceMetric::Accuracy : ImportanceMetric::R2;
    const bool classMetric = metric == ImportanceMetric::Accuracy || metric == ImportanceMetric::RocAuc;
    if (classMetric != classification)
        throw InputError("the metric " + metricName(metric) + " does not fit a " +
                         std::string(data::toString(model.task)) + " model");
    if (x.cols() != model.inputs())
        throw ModelError("the model expects " + std::to_string(model.inputs()) +
                         " input columns, got " + std::to_string(x.cols()));
    if (x.rows() < 2 || static_cast<int64_t>(labels.size()) != x.rows())
        throw InputError("permutation importance needs at least two rows with a label");
    if (options.repeats < 1) throw InputError("permutation importance needs at least one repeat");

    std::vector<int> classes;
    if (classification)
        for (const double label : labels) classes.push_back(static_cast<int>(label));
    ImportanceResult result;
    result.metric = metricName(metric);
    result.features = sourceFeatures(model);
    const auto m = static_cast<int64_t>(result.features.size());
    std::vector<int64_t> groups(model.inputs());
    if (model.pipeline.fitted() && model.pipeline.outputWidth() == model.inputs())
        groups = model.pipeline.outputSource();
    else
        std::iota(groups.begin(), groups.end(), 0);

    result.baseline = score(metric, model.predict(device, x), classes, labels);
    // An error metric rises when a feature matters; report it as an increase so that larger
    // always means more important.
    const double sign = metric == ImportanceMetric::Mse ? -1.0 : 1.0;
    std::mt19937_64 rng(options.seed);
    Matrix shuffled = x;
    std::vector<int64_t> order(x.rows());
    for (int64_t j = 0; j < m; ++j) {
        std::vector<double> drops;
        for (int64_t r = 0; r < options.repeats; ++r) {
            throwIfStopped(stop);
            std::iota(order.begin(), order.end(), 0);
            for (int64_t i = x.rows() - 1; i > 0; --i)
                std::swap(order[i], order[rng() % static_cast<uint64_t>(i + 1)]);
            for (int64_t c = 0; c < x.cols(); ++c)
                if (groups[c] == j)
                    for (int64_t i = 0; i < x.rows(); ++i) shuffled(i, c) = x(order[i], c);
            const double s = score(metric, model.predict(device, shuffled), classes, labels);
            drops.push_back(sign * (result.baseline - s));
            if (progress) progress({"shuffling", j * options.repeats + r + 1, m * options.repeats, {}});
        }
        for (int64_t c = 0; c < x.cols(); ++c)
            if (groups[c] == j) shuffled.col(c) = x.col(c);
        const double mean = std::accumulate(drops.begin(), drops.end(), 0.0) / drops.size();
        double sq = 0.0;
        for (const double d : drops) sq += (d - mean) * (d - mean);
        result.mean.push_back(mean);
        result.std.push_back(std::sqrt(sq / drops.size()));
    }
    return result;
}

}  // namespace loupe::explain
