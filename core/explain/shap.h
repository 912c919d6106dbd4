#pragma once
// Interventional SHAP values of any Model over a background set: exact (all coalitions),
// KernelSHAP (Lundberg & Lee 2017), permutation sampling (Strumbelj & Kononenko 2014) and the
// closed form for a model with no hidden layer. Coalitions are over source features: the one-hot
// columns of a categorical column move together, so users see the columns of their file.

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "core/device/device.h"
#include "core/explain/background.h"
#include "core/matrix.h"
#include "core/nn/model.h"
#include "core/progress.h"

namespace loupe::explain {

enum class ShapMethod { Auto, Exact, Kernel, Permutation, Linear };
/// Probability of a class (softmax), or its logit. Regression always explains the value.
enum class ShapOutput { Probability, Logit };

/// Exact SHAP evaluates 2^features coalitions per row; beyond this it is refused.
constexpr int64_t kMaxExactFeatures = 16;
/// Auto picks exact up to this many features, else kernel.
constexpr int64_t kAutoExactFeatures = 12;

struct ShapOptions {
    ShapMethod method = ShapMethod::Auto;
    ShapOutput output = ShapOutput::Probability;  ///< linear always explains the logit
    int64_t classIndex = -1;                      ///< -1: the last class
    int64_t samples = 2048;  ///< kernel: coalitions; permutation: coalition evaluations per row
    uint64_t seed = 0;
    int64_t batchRows = 65536;  ///< rows per forward pass
};

/// SHAP values of some rows: base + sum of a row's values = the model's output for it.
struct ShapResult {
    std::vector<std::string> features;  ///< source feature names (the file's columns)
    std::vector<int64_t> rows;          ///< the explained rows' ids, as given
    std::vector<double> baseValue;      ///< per row (the same for all): E_bg[f]
    MatrixD values;                     ///< [rows, features]
    MatrixD stdErr;                     ///< [rows, features]; 0 for exact and linear
    std::vector<double> prediction;     ///< f(x) per row
    std::string output;                 ///< e.g. "probability of malignant"
    ShapMethod method = ShapMethod::Exact;  ///< the method that ran (never Auto)
};

/// "auto", "exact", "kernel", "permutation", "linear"; throws InputError on another name.
ShapMethod parseShapMethod(const std::string& name);
/// The inverse of parseShapMethod().
std::string shapMethodName(ShapMethod method);

/// True when the model is one Dense layer with no activation (dropout aside): logistic or
/// linear regression, where linear SHAP is exact.
bool hasNoHiddenLayer(const nn::Model& model);
/// Source feature names: the pipeline's input columns, or "input_1".. without a pipeline.
std::vector<std::string> sourceFeatures(const nn::Model& model);
/// The method `requested` resolves to: Auto is linear for a model with no hidden layer, exact
/// up to kAutoExactFeatures features, else kernel.
ShapMethod resolveShapMethod(const nn::Model& model, ShapMethod requested);

/// SHAP values of the rows of x. x: [rows, inputs] after the pipeline; rowIds: one per row of x
/// (reported as they are). Throws InputError for a bad class, too many features for exact, too
/// few samples, or an empty background; Cancelled when `stop` is requested.
ShapResult computeShap(device::Device& device, const nn::Model& model, const Matrix& x,
                       const std::vector<int64_t>& rowIds, const Background& background,
                       const ShapOptions& options, const Progress& progress = {},
                       std::stop_token stop = {});

}  // namespace loupe::explain
