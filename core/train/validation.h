#pragma once
// Validation: loss and metric of the current device weights on a held-out set, computed on the
// device in large batches (only one scalar per batch comes back).

#include <cstdint>
#include <memory>

#include "core/device/device.h"
#include "core/nn/loss.h"
#include "core/nn/workspace.h"
#include "core/train/trainer.h"

namespace loupe::train {

struct ValidationResult {
    double loss = 0.0;
    double metric = 0.0;  ///< accuracy or R^2
};

class Validation {
public:
    /// Uploads `val` once; shares the parameters of `training` (no copies). kBatch rows a pass.
    Validation(device::Device& dev, const nn::LayerList& layers, const nn::Workspace& training,
               const TrainData& val, const nn::Loss& loss);

    /// Loss (the loss's dataset mean) and accuracy (classification) or R^2 (regression).
    ValidationResult evaluate(const nn::LayerList& layers);

    static constexpr int64_t kBatch = 4096;

private:
    device::Device& m_dev;
    const TrainData& m_val;
    const nn::Loss& m_loss;
    device::Tensor m_x, m_y;  ///< [rows, inputs], [rows, 1]
    std::unique_ptr<nn::Workspace> m_full, m_tail;
    device::Tensor m_scratch, m_tailScratch, m_lossValue, m_correct;
    double m_totalSquares = 0.0;  ///< sum of (y - mean y)^2, for R^2
};

}  // namespace loupe::train
