// computeShap: resolves the method and the explained output, then runs the estimator row by row
// (or the closed form for a model with no hidden layer).

#include "core/explain/shap.h"

#include <algorithm>

#include "core/error.h"
#include "core/explain/shap_methods.h"
#include "core/nn/dense.h"

namespace loupe::explain {
namespace {

/// The model's only Dense layer when it has no hidden layer, else null.
const nn::Dense* singleDense(const nn::Model& model) {
    const nn::Dense* found = nullptr;
    for (const auto& layer : model.layers()) {
        if (layer->type() == "dropout") continue;
        const auto* dense = dynamic_cast<const nn::Dense*>(layer.get());
        if (!dense || found || dense->activation() != device::Activation::Identity) return nullptr;
        found = dense;
    }
    return found;
}

/// For each input column, its source feature.
std::vector<int64_t> featureGroups(const nn::Model& model) {
    if (model.pipeline.fitted() && model.pipeline.outputWidth() == model.inputs())
        return model.pipeline.outputSource();
    std::vector<int64_t> groups(model.inputs());
    for (int64_t c = 0; c < model.inputs(); ++c) groups[c] = c;
    return groups;
}

/// Linear SHAP of the logit (Lundberg & Lee 2017, linear models with independent features):
/// phi_j = sum over j's columns c of w_c (x_c - E_bg[x_c]).
void linearShap(const nn::Dense& dense, const Matrix& x, const Background& bg,
                const std::vector<int64_t>& groups, int64_t column, ShapResult& result) {
    const auto& params = static_cast<const nn::Layer&>(dense).parameters();
    const Matrix& w = params[0].value;  // [inputs, outputs]
    const double bias = params[1].value(0, column);
    const int64_t inputs = x.cols();
    double weightSum = 0.0;
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(inputs);
    for (int64_t r = 0; r < bg.x.rows(); ++r) {
        weightSum += bg.weights[r];
        mean += bg.weights[r] * bg.x.row(r).transpose().cast<double>();
    }
    mean /= weightSum;
    double base = bias;
    for (int64_t c = 0; c < inputs; ++c) base += double(w(c, column)) * mean[c];
    for (int64_t i = 0; i < x.rows(); ++i) {
        double sum = 0.0;
        for (int64_t c = 0; c < inputs; ++c) {
            const double contribution = double(w(c, column)) * (double(x(i, c)) - mean[c]);
            result.values(i, groups[c]) += contribution;
            sum += contribution;
        }
        result.baseValue[i] = base;
        result.prediction[i] = base + sum;
    }
}

}  // namespace

ShapMethod parseShapMethod(const std::string& name) {
    if (name == "auto") return ShapMethod::Auto;
    if (name == "exact") return ShapMethod::Exact;
    if (name == "kernel") return ShapMethod::Kernel;
    if (name == "permutation") return ShapMethod::Permutation;
    if (name == "linear") return ShapMethod::Linear;
    throw InputError("unknown SHAP method '" + name +
                     "' (expected auto, exact, kernel, permutation or linear)");
}

std::string shapMethodName(ShapMethod method) {
    switch (method) {
        case ShapMethod::Auto: return "auto";
        case ShapMethod::Exact: return "exact";
        case ShapMethod::Kernel: return "kernel";
        case ShapMethod::Permutation: return "permutation";
        case ShapMethod::Linear: return "linear";
    }
    return "auto";
}

bool hasNoHiddenLayer(const nn::Model& model) { return singleDense(model) != nullptr; }

std::vector<std::string> sourceFeatures(const nn::Model& model) {
    std::vector<std::string> names;
    if (model.pipeline.fitted() && model.pipeline.outputWidth() == model.inputs()) {
        for (const auto& step : model.pipeline.steps()) names.push_back(step.column);
    } else {
        for (int64_t c = 0; c < model.inputs(); ++c) names.push_back("input_" + std::to_string(c + 1));
    }
    return names;
}

ShapMethod resolveShapMethod(const nn::Model& model, ShapMethod requested) {
    if (requested != ShapMethod::Auto) return requested;
    if (hasNoHiddenLayer(model)) return ShapMethod::Linear;
    const auto features = static_cast<int64_t>(sourceFeatures(model).size());
    return features <= kAutoExactFeatures ? ShapMethod::Exact : ShapMethod::Kernel;
}

ShapResult computeShap(device::Device& device, const nn::Model& model, const Matrix& x,
                       const std::vector<int64_t>& rowIds, const Background& background,
                       const ShapOptions& options, const Progress& progress,
                       std::stop_token stop) {
    if (x.cols() != model.inputs())
        throw ModelError("the model expects " + std::to_string(model.inputs()) +
                         " input columns, got " + std::to_string(x.cols()));
    if (static_cast<int64_t>(rowIds.size()) != x.rows())
        throw ModelError("computeShap needs one row id per explained row");
    if (background.x.rows() == 0) throw InputError("the background has no rows");
    ShapResult result;
    result.features = sourceFeatures(model);
    result.rows = rowIds;
    result.method = resolveShapMethod(model, options.method);
    const auto m = static_cast<int64_t>(result.features.size());
    const std::vector<int64_t> groups = featureGroups(model);

    OutputSelect output;
    const bool linear = result.method == ShapMethod::Linear;
    if (model.task == data::Task::Classification) {
        const auto classes = static_cast<int64_t>(model.classNames.size());
        output.column = options.classIndex < 0 ? model.outputs() - 1 : options.classIndex;
        if (output.column >= model.outputs())
            throw InputError("class number " + std::to_string(output.column) +
                             " is out of range: the model has " + std::to_string(model.outputs()) +
                             " outputs");
        output.softmax = !linear && options.output == ShapOutput::Probability;
        const std::string name = output.column < classes ? model.classNames[output.column]
                                                         : "class " + std::to_string(output.column);
        result.output = (output.softmax ? "probability of " : "logit of ") + name;
    } else {
        result.output = "value of " + (model.targetName.empty() ? "the target" : model.targetName);
    }
    if (result.method == ShapMethod::Exact && m > kMaxExactFeatures)
        throw InputError("exact SHAP over " + std::to_string(m) + " features would evaluate 2^" +
                         std::to_string(m) + " coalitions per row; it is limited to " +
                         std::to_string(kMaxExactFeatures) + " features (use the kernel method)");
    if (result.method == ShapMethod::Kernel && m > 1 && options.samples < 2 * m &&
        !(m < 31 && options.samples >= (int64_t{1} << m) - 2))
        throw InputError("kernel SHAP over " + std::to_string(m) + " features needs at least " +
                         std::to_string(2 * m) + " samples");
    if (result.method == ShapMethod::Permutation && options.samples < 1)
        throw InputError("permutation SHAP needs at least one sample");

    const int64_t rows = x.rows();
    result.values = MatrixD::Zero(rows, m);
    result.stdErr = MatrixD::Zero(rows, m);
    result.baseValue.assign(rows, 0.0);
    result.prediction.assign(rows, 0.0);
    if (linear) {
        const nn::Dense* dense = singleDense(model);
        if (!dense)
            throw InputError("linear SHAP needs a model with no hidden layer (use exact, kernel or "
                             "permutation)");
        linearShap(*dense, x, background, groups, output.column, result);
        if (progress) progress({"explaining", rows, rows, {}});
        return result;
    }

    CoalitionValues values(device, model, background, groups, m, output, options.batchRows);
    std::vector<uint8_t> ends(2 * m, 0);
    std::fill(ends.begin() + m, ends.end(), 1);
    double endValues[2];
    std::vector<double> phi(m), se(m);
    for (int64_t i = 0; i < rows; ++i) {
        throwIfStopped(stop);
        const float* row = x.data() + i * x.cols();
        values.evaluate(row, ends.data(), 2, endValues);
        RowProblem problem{values, row, endValues[0], endValues[1]};
        // Seeded by the row id, so a row's estimate does not depend on which rows come with it.
        std::mt19937_64 rng(options.seed ^ (0x9E3779B97F4A7C15ull * static_cast<uint64_t>(rowIds[i] + 1)));
        std::fill(se.begin(), se.end(), 0.0);
        if (m == 1)
            phi[0] = problem.full - problem.empty;
        else if (result.method == ShapMethod::Exact)
            exactShap(problem, phi);
        else if (result.method == ShapMethod::Kernel)
            kernelShap(problem, options.samples, rng, phi, se);
        else
            permutationShap(problem, options.samples, rng, phi, se);
        for (int64_t j = 0; j < m; ++j) {
            result.values(i, j) = phi[j];
            result.stdErr(i, j) = se[j];
        }
        result.baseValue[i] = problem.empty;
        result.prediction[i] = problem.full;
        if (progress) progress({"explaining", i + 1, rows, {}});
    }
    return result;
}

}  // namespace loupe::explain
