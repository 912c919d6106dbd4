#pragma once
// ActivationLayer: a standalone ReLU / Tanh / Sigmoid / GELU step, y = act(x).

#include <cstdint>
#include <memory>

#include "core/nn/layer.h"

namespace loupe::nn {

class ActivationLayer final : public Layer {
public:
    /// `width` columns in and out.
    ActivationLayer(device::Activation activation, int64_t width);

    std::string type() const override { return activationName(m_activation); }
    int64_t inputs() const override { return m_width; }
    int64_t outputs() const override { return m_width; }
    nlohmann::json config() const override;
    std::unique_ptr<Layer> clone() const override;
    device::Activation activation() const { return m_activation; }

    void forward(device::Device& dev, LayerState& state, const device::Tensor& x, device::Tensor& y,
                 bool training, uint64_t step) override;
    void backward(device::Device& dev, LayerState& state, const device::Tensor& x,
                  const device::Tensor& y, const device::Tensor& dy, device::Tensor* dx) override;

private:
    device::Activation m_activation;
    int64_t m_width;
};

}  // namespace loupe::nn
