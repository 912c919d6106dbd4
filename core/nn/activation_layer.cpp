// Standalone activation layers: forward and backward are single Device ops.

#include "core/nn/activation_layer.h"

#include <string>

#include "core/error.h"

namespace loupe::nn {

ActivationLayer::ActivationLayer(device::Activation activation, int64_t width)
    : m_activation(activation), m_width(width) {
    if (width < 1) throw ModelError("activation layer needs a positive width");
}

nlohmann::json ActivationLayer::config() const {
    return {{"type", activationName(m_activation)}, {"inputs", m_width}};
}

std::unique_ptr<Layer> ActivationLayer::clone() const {
    return std::make_unique<ActivationLayer>(*this);
}

void ActivationLayer::forward(device::Device& dev, LayerState& /*state*/, const device::Tensor& x,
                              device::Tensor& y, bool /*training*/, uint64_t /*step*/) {
    if (x.cols() != m_width)
        throw ModelError(type() + " layer expects " + std::to_string(m_width) + " inputs, got " +
                         std::to_string(x.cols()));
    ensureShape(dev, y, x.rows(), m_width);
    dev.activation(x, m_activation, y);
}

void ActivationLayer::backward(device::Device& dev, LayerState& /*state*/, const device::Tensor& x,
                               const device::Tensor& y, const device::Tensor& dy,
                               device::Tensor* dx) {
    if (!dx) return;
    ensureShape(dev, *dx, x.rows(), m_width);
    dev.activationBackward(x, y, dy, m_activation, *dx);
}

}  // namespace loupe::nn
