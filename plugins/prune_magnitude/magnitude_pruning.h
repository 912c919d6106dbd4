#pragma once
// Magnitude pruning of a Model's Dense layers, the algorithm behind the `prune-magnitude`
// compression plugin. Qt-free; each function returns a new Model and leaves its argument alone.
//
// - Unstructured (global): the smallest |w| across all Dense weights become exactly 0, so that the
//   weights reach the target sparsity; biases are kept (as torch.nn.utils.prune's
//   global_unstructured with L1 on the weights). The shapes do not change.
// - Structured (per hidden layer): the units whose incoming weights have the smallest L2 norm are
//   removed, shrinking that layer's outputs and the next Dense layer's inputs (and any Dropout or
//   activation layer between). What a removed unit would output with all-zero incoming weights,
//   act(bias), is folded into the next layer's bias, so removing a unit whose incoming weights
//   are all 0 leaves every prediction unchanged.

#include <cstdint>
#include <vector>

#include "core/nn/model.h"

namespace loupe::plugins {

/// What pruneMagnitude() did.
struct MagnitudePruningReport {
    int64_t weights = 0;     ///< Dense weights considered (biases excluded)
    int64_t zeroed = 0;      ///< weights set to 0 that were not 0 before
    int64_t zeros = 0;       ///< weights exactly 0 afterwards
    double threshold = 0.0;  ///< largest |w| set to 0 (0 when none)
};

/// Global unstructured magnitude pruning: the round(sparsity * weights) smallest-magnitude Dense
/// weights (ties broken by position, so the count is exact) become 0. A model already sparser
/// keeps its zeros. Throws ModelError when `sparsity` is outside [0, 1] or the model has no
/// Dense layer.
nn::Model pruneMagnitude(const nn::Model& model, double sparsity,
                         MagnitudePruningReport* report = nullptr);

/// What pruneNeurons() did.
struct NeuronPruningReport {
    std::vector<int64_t> unitsBefore;  ///< per hidden Dense layer, in order
    std::vector<int64_t> unitsAfter;
};

/// Structured pruning: from each hidden Dense layer (every Dense but the last), removes
/// floor(fraction * units) units with the smallest L2 norm of incoming weights (ties by position),
/// keeping at least one. Throws ModelError when `fraction` is outside [0, 1) or a layer between
/// two Dense layers is not elementwise.
nn::Model pruneNeurons(const nn::Model& model, double fraction,
                       NeuronPruningReport* report = nullptr);

/// Structured pruning to given widths: hidden Dense layer d keeps the `keepUnits[d]` units with
/// the largest incoming-weight L2 norm (as pruneNeurons). Throws ModelError when the count of
/// widths is not the count of hidden Dense layers or a width is below 1 or above the layer's.
nn::Model pruneNeuronsTo(const nn::Model& model, const std::vector<int64_t>& keepUnits,
                         NeuronPruningReport* report = nullptr);

/// Units of each hidden Dense layer (every Dense but the last), in order. Throws ModelError
/// without a Dense layer.
std::vector<int64_t> hiddenWidths(const nn::Model& model);

/// Incoming-weight L2 norm of each unit of Dense layer `layer` (an index into Model::layers()).
/// Throws ModelError when that layer is not Dense.
std::vector<double> unitNorms(const nn::Model& model, size_t layer);

}  // namespace loupe::plugins
