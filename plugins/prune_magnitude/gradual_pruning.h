#pragma once
// Gradual magnitude pruning with fine-tuning, the `prune-magnitude` plugin's algorithm (Qt-free):
// prune a little, fine-tune, repeat, up to the target sparsity. Unstructured steps keep the
// pruned weights at 0 while fine-tuning (TrainConfig::parameterMasks); structured steps remove
// units, so there is nothing to hold.

#include <cstdint>
#include <stop_token>
#include <string>

#include "core/device/device.h"
#include "core/nn/model.h"
#include "core/progress.h"
#include "core/train/trainer.h"

namespace loupe::plugins {

struct GradualPruningOptions {
    /// Unstructured: the share of Dense weights that end at 0. Structured: the share of each
    /// hidden layer's units removed (each keeps at least one).
    double sparsity = 0.8;
    bool structured = false;
    int64_t steps = 3;           ///< pruning steps, each followed by fine-tuning
    int64_t fineTuneEpochs = 5;  ///< per step; 0 = prune only
};

/// The data and settings fine-tuning uses, as the model was trained (pipeline-ready rows).
struct FineTuning {
    const train::TrainData* train = nullptr;
    const train::TrainData* validation = nullptr;  ///< may have 0 rows
    train::TrainConfig config;  ///< epochs and early stopping are replaced per step
    device::Device* device = nullptr;
    Progress progress;
    std::stop_token stop;
};

struct GradualPruningResult {
    nn::Model model;
    std::string notes;  ///< what was done, in a few lines
};

/// The sparsity after step `step` (1-based) of `steps`: Zhu & Gupta's cubic schedule
/// s * (1 - (1 - step/steps)^3) (arXiv:1710.01878), which prunes most while the network has the
/// most redundancy and ends exactly at `sparsity`.
double scheduledSparsity(double sparsity, int64_t step, int64_t steps);

/// Prunes `model` to `options.sparsity` in `options.steps` steps, fine-tuning after each. Throws
/// ModelError for out-of-range options or a model without Dense layers, Cancelled when stopped.
GradualPruningResult pruneGradually(const nn::Model& model, const GradualPruningOptions& options,
                                    const FineTuning& tuning);

}  // namespace loupe::plugins
