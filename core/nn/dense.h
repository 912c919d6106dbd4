#pragma once
// Dense: y = act(x W + b), the activation fused into the bias pass.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/nn/layer.h"

namespace loupe::nn {

class Dense final : public Layer {
public:
    /// Weights [inputs, units] and bias [1, units], zero until initialised.
    Dense(int64_t inputs, int64_t units,
          device::Activation activation = device::Activation::Identity);

    std::string type() const override { return "dense"; }
    int64_t inputs() const override { return m_inputs; }
    int64_t outputs() const override { return m_units; }
    std::vector<Parameter>& parameters() override { return m_params; }
    nlohmann::json config() const override;
    std::unique_ptr<Layer> clone() const override;

    device::Activation activation() const { return m_activation; }
    /// W: [inputs, units], row-major.
    Matrix& weight() { return m_params[0].value; }
    /// b: [1, units].
    Matrix& bias() { return m_params[1].value; }

    /// saved[0] keeps z = x W + b (unless the activation is the identity, where y is z).
    void forward(device::Device& dev, LayerState& state, const device::Tensor& x, device::Tensor& y,
                 bool training, uint64_t step) override;
    /// dZ = act'(z) dy; dW = x^T dZ; db = column sums of dZ; dx = dZ W^T.
    void backward(device::Device& dev, LayerState& state, const device::Tensor& x,
                  const device::Tensor& y, const device::Tensor& dy, device::Tensor* dx) override;

private:
    int64_t m_inputs;
    int64_t m_units;
    device::Activation m_activation;
    std::vector<Parameter> m_params;
};

}  // namespace loupe::nn
