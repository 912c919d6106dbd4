// Magnitude pruning: global unstructured (zero the smallest weights) and structured (remove the
// weakest hidden units). See the header for what each keeps exact.

#include "plugins/prune_magnitude/magnitude_pruning.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/error.h"
#include "core/nn/activation_layer.h"
#include "core/nn/dense.h"
#include "core/nn/dropout.h"

namespace loupe::plugins {
namespace {

using nn::Dense;

Dense* asDense(nn::Layer& layer) { return dynamic_cast<Dense*>(&layer); }
const Dense* asDense(const nn::Layer& layer) { return dynamic_cast<const Dense*>(&layer); }

/// The activation on the host, as the CPU device computes it (GELU: the exact erf form).
double activate(device::Activation act, double x) {
    switch (act) {
        case device::Activation::Identity:
            return x;
        case device::Activation::ReLU:
            return x > 0.0 ? x : 0.0;
        case device::Activation::Tanh:
            return std::tanh(x);
        case device::Activation::Sigmoid:
            return 1.0 / (1.0 + std::exp(-x));
        case device::Activation::GELU:
            return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
    }
    return x;
}

/// The units of `units` to keep: all but the `remove` with the smallest norms (ties: the earlier
/// unit goes first), in their original order.
std::vector<int64_t> unitsToKeep(const std::vector<double>& norms, int64_t remove) {
    std::vector<int64_t> order(norms.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&norms](int64_t a, int64_t b) { return norms[a] < norms[b]; });
    std::vector<int64_t> keep(order.begin() + remove, order.end());
    std::sort(keep.begin(), keep.end());
    return keep;
}

}  // namespace

nn::Model pruneMagnitude(const nn::Model& model, double sparsity, MagnitudePruningReport* report) {
    if (!(sparsity >= 0.0 && sparsity <= 1.0))
        throw ModelError("sparsity must be between 0 and 1, got " + std::to_string(sparsity));
    nn::Model pruned = model.clone();
    std::vector<Matrix*> weights;
    for (auto& layer : pruned.layers())
        if (Dense* dense = asDense(*layer)) weights.push_back(&dense->weight());
    if (weights.empty()) throw ModelError("the model has no dense layer to prune");

    // (|w|, layer, position) for every weight; the k smallest by (|w|, layer, position) go.
    struct Entry {
        float magnitude;
        int32_t layer;
        int64_t position;
        bool operator<(const Entry& o) const {
            if (magnitude != o.magnitude) return magnitude < o.magnitude;
            if (layer != o.layer) return layer < o.layer;
            return position < o.position;
        }
    };
    std::vector<Entry> entries;
    for (size_t l = 0; l < weights.size(); ++l) {
        // A NaN has no magnitude to rank (and would break the ordering nth_element relies on).
        if (!weights[l]->allFinite())
            throw ModelError("dense layer " + std::to_string(l + 1) +
                             " has weights that are not finite numbers; nothing to prune by");
        for (int64_t i = 0; i < weights[l]->size(); ++i)
            entries.push_back({std::abs(weights[l]->data()[i]), static_cast<int32_t>(l), i});
    }
    const auto total = static_cast<int64_t>(entries.size());
    const auto k = std::min<int64_t>(total, std::llround(sparsity * double(total)));
    MagnitudePruningReport r;
    r.weights = total;
    if (k > 0) {
        std::nth_element(entries.begin(), entries.begin() + (k - 1), entries.end());
        r.threshold = entries[k - 1].magnitude;
        for (int64_t i = 0; i < k; ++i) {
            float& w = weights[entries[i].layer]->data()[entries[i].position];
            if (w != 0.0f) ++r.zeroed;
            w = 0.0f;
        }
    }
    for (const Matrix* w : weights) r.zeros += (w->array() == 0.0f).count();
    if (report) *report = r;
    return pruned;
}

std::vector<double> unitNorms(const nn::Model& model, size_t layer) {
    const nn::Layer* dense = layer < model.layers().size() ? model.layers()[layer].get() : nullptr;
    if (!dense || !asDense(*dense))
        throw ModelError("layer " + std::to_string(layer) + " is not a dense layer");
    const Matrix& w = dense->parameters()[0].value;  // [inputs, units]: a unit is a column
    std::vector<double> norms(w.cols());
    for (int64_t j = 0; j < w.cols(); ++j) norms[j] = w.col(j).cast<double>().norm();
    return norms;
}

std::vector<int64_t> hiddenWidths(const nn::Model& model) {
    std::vector<int64_t> widths;
    for (const auto& layer : model.layers())
        if (const Dense* dense = asDense(*layer)) widths.push_back(dense->outputs());
    if (widths.empty()) throw ModelError("the model has no dense layer to prune");
    widths.pop_back();  // the output layer's units are the model's outputs
    return widths;
}

nn::Model pruneNeurons(const nn::Model& model, double fraction, NeuronPruningReport* report) {
    if (!(fraction >= 0.0 && fraction < 1.0))
        throw ModelError("the fraction of units to remove must be at least 0 and below 1, got " +
                         std::to_string(fraction));
    std::vector<int64_t> keep = hiddenWidths(model);
    for (int64_t& units : keep)
        units -= std::min<int64_t>(units - 1,
                                   static_cast<int64_t>(std::floor(fraction * double(units))));
    return pruneNeuronsTo(model, keep, report);
}

nn::Model pruneNeuronsTo(const nn::Model& model, const std::vector<int64_t>& keepUnits,
                         NeuronPruningReport* report) {
    nn::Model pruned = model.clone();
    auto& layers = pruned.layers();
    std::vector<size_t> dense;
    for (size_t i = 0; i < layers.size(); ++i)
        if (asDense(*layers[i])) dense.push_back(i);
    if (dense.empty()) throw ModelError("the model has no dense layer to prune");
    if (keepUnits.size() + 1 != dense.size())
        throw ModelError("expected a unit count for each of the " +
                         std::to_string(dense.size() - 1) + " hidden dense layers, got " +
                         std::to_string(keepUnits.size()));
    NeuronPruningReport r;
    for (size_t d = 0; d + 1 < dense.size(); ++d) {
        const size_t at = dense[d], next = dense[d + 1];
        Dense& layer = *asDense(*layers[at]);
        Dense& following = *asDense(*layers[next]);
        const int64_t units = layer.outputs();
        if (keepUnits[d] < 1 || keepUnits[d] > units)
            throw ModelError("hidden layer " + std::to_string(d + 1) + " has " +
                             std::to_string(units) + " units; cannot keep " +
                             std::to_string(keepUnits[d]));
        const int64_t remove = units - keepUnits[d];
        r.unitsBefore.push_back(units);
        r.unitsAfter.push_back(units - remove);
        if (remove == 0) continue;
        const std::vector<int64_t> keep = unitsToKeep(unitNorms(pruned, at), remove);
        std::vector<bool> kept(units, false);
        for (int64_t j : keep) kept[j] = true;

        // Each removed unit's output at zero input, act(b_j) through the layers between, moves
        // into the next layer's bias: exact when the unit's incoming weights are all 0.
        Matrix nextBias = following.bias();
        for (int64_t j = 0; j < units; ++j) {
            if (kept[j]) continue;
            double value = activate(layer.activation(), layer.bias()(0, j));
            for (size_t i = at + 1; i < next; ++i)
                if (const auto* act = dynamic_cast<const nn::ActivationLayer*>(layers[i].get()))
                    value = activate(act->activation(), value);
            if (value != 0.0) nextBias += static_cast<float>(value) * following.weight().row(j);
        }

        const auto width = static_cast<int64_t>(keep.size());
        auto shrunk = std::make_unique<Dense>(layer.inputs(), width, layer.activation());
        auto grown = std::make_unique<Dense>(width, following.outputs(), following.activation());
        for (int64_t c = 0; c < width; ++c) {
            shrunk->weight().col(c) = layer.weight().col(keep[c]);
            shrunk->bias()(0, c) = layer.bias()(0, keep[c]);
            grown->weight().row(c) = following.weight().row(keep[c]);
        }
        grown->bias() = nextBias;
        for (size_t i = at + 1; i < next; ++i) {
            if (const auto* drop = dynamic_cast<const nn::Dropout*>(layers[i].get())) {
                auto resized = std::make_unique<nn::Dropout>(width, drop->rate());
                resized->setSeed(drop->seed());
                layers[i] = std::move(resized);
            } else if (const auto* act =
                           dynamic_cast<const nn::ActivationLayer*>(layers[i].get())) {
                layers[i] = std::make_unique<nn::ActivationLayer>(act->activation(), width);
            } else {
                throw ModelError("cannot prune units through a '" + layers[i]->type() + "' layer");
            }
        }
        layers[at] = std::move(shrunk);
        layers[next] = std::move(grown);
    }
    if (report) *report = r;
    return pruned;
}

}  // namespace loupe::plugins
