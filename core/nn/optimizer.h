#pragma once
// Optimizer: SGD (momentum, Nesterov), Adam and AdamW over device tensors, with L1/L2 on the
// parameters marked `decay` (weights, not biases). State (moments, velocity) stays on the device.

#include <cstdint>
#include <vector>

#include "core/device/device.h"

namespace loupe::nn {

enum class OptimizerKind { Adam, AdamW, Sgd };

struct OptimizerSettings {
    OptimizerKind kind = OptimizerKind::Adam;
    float learningRate = 1e-3f;
    float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;  ///< Adam, AdamW
    float momentum = 0.0f;                            ///< SGD
    bool nesterov = false;                            ///< SGD
    float l1 = 0.0f;                                  ///< adds l1 * sign(w) to the gradient
    float l2 = 0.0f;           ///< adds l2 * w to the gradient (torch's weight_decay for Adam/SGD)
    float weightDecay = 0.0f;  ///< decoupled: w *= 1 - lr * weightDecay (AdamW)
};

class Optimizer {
public:
    Optimizer(device::Device& dev, const OptimizerSettings& settings);

    /// Registers w [r, c] and its gradient (same shape); allocates zeroed state on the device.
    void add(const device::Tensor& w, const device::Tensor& grad, bool decay);
    /// One update of every registered parameter from its current gradient.
    void step();
    /// Scales every registered gradient by min(1, maxNorm / (norm + 1e-6)), where norm is the L2
    /// norm of all of them together, as torch.nn.utils.clip_grad_norm_ does; returns that norm.
    /// The norm is summed on the host in double: clipping is off by default, and the gradients
    /// are small next to a batch's activations.
    double clipGradNorm(double maxNorm);

    float learningRate() const { return m_settings.learningRate; }
    void setLearningRate(float lr) { m_settings.learningRate = lr; }
    /// Updates taken so far.
    int64_t steps() const { return m_steps; }

private:
    struct Slot {
        device::Tensor w, grad, m, v;
        bool decay = true;
    };
    device::Device& m_dev;
    OptimizerSettings m_settings;
    std::vector<Slot> m_slots;
    int64_t m_steps = 0;
    std::vector<std::vector<float>> m_hostGrads;  ///< clipGradNorm's copies of the gradients
};

}  // namespace loupe::nn
