#pragma once
// Dropout: inverted dropout (kept units scaled by 1 / (1 - rate)) while training, identity at
// inference. The mask comes from Device::dropoutMask keyed by (seed, step << 32), so a step's mask
// is the same on every device and disjoint from every other step's counters.

#include <cstdint>
#include <memory>

#include "core/nn/layer.h"

namespace loupe::nn {

class Dropout final : public Layer {
public:
    /// rate in [0, 1); `width` columns in and out.
    Dropout(int64_t width, float rate);

    std::string type() const override { return "dropout"; }
    int64_t inputs() const override { return m_width; }
    int64_t outputs() const override { return m_width; }
    nlohmann::json config() const override;
    std::unique_ptr<Layer> clone() const override;

    float rate() const { return m_rate; }
    /// Key of the mask stream (the Trainer derives it from its seed); not part of config().
    void setSeed(uint64_t seed) { m_seed = seed; }
    uint64_t seed() const { return m_seed; }

    /// saved[0] keeps the mask while training.
    void forward(device::Device& dev, LayerState& state, const device::Tensor& x, device::Tensor& y,
                 bool training, uint64_t step) override;
    void backward(device::Device& dev, LayerState& state, const device::Tensor& x,
                  const device::Tensor& y, const device::Tensor& dy, device::Tensor* dx) override;

private:
    int64_t m_width;
    float m_rate;
    uint64_t m_seed = 0;
};

}  // namespace loupe::nn
