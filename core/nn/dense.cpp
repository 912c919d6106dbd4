// Dense forward/backward through the Device: one GEMM and one fused bias+activation pass forward;
// three GEMM-or-reduction passes backward, with transposes as GEMM flags (no transposed copies).

#include "core/nn/dense.h"

#include <string>

#include "core/error.h"

namespace loupe::nn {

Dense::Dense(int64_t inputs, int64_t units, device::Activation activation)
    : m_inputs(inputs), m_units(units), m_activation(activation) {
    if (inputs < 1 || units < 1)
        throw ModelError("dense layer needs positive sizes, got " + std::to_string(inputs) +
                         " -> " + std::to_string(units));
    m_params.push_back({"weight", Matrix::Zero(inputs, units), true});
    m_params.push_back({"bias", Matrix::Zero(1, units), false});
}

nlohmann::json Dense::config() const {
    return {{"type", "dense"},
            {"inputs", m_inputs},
            {"units", m_units},
            {"activation", activationName(m_activation)}};
}

std::unique_ptr<Layer> Dense::clone() const { return std::make_unique<Dense>(*this); }

void Dense::forward(device::Device& dev, LayerState& state, const device::Tensor& x,
                    device::Tensor& y, bool /*training*/, uint64_t /*step*/) {
    if (state.params.size() != 2) throw ModelError("dense layer: parameters not on the device");
    if (x.cols() != m_inputs)
        throw ModelError("dense layer expects " + std::to_string(m_inputs) + " inputs, got " +
                         std::to_string(x.cols()));
    const int64_t batch = x.rows();
    ensureShape(dev, y, batch, m_units);
    if (m_activation == device::Activation::Identity) {
        dev.gemm(x, false, state.params[0], false, y);
        dev.biasActivation(y, state.params[1], m_activation, y);
        return;
    }
    if (state.saved.empty()) state.saved.resize(2);
    device::Tensor& z = state.saved[0];
    ensureShape(dev, z, batch, m_units);
    dev.gemm(x, false, state.params[0], false, z);
    dev.biasActivation(z, state.params[1], m_activation, y);
}

void Dense::backward(device::Device& dev, LayerState& state, const device::Tensor& x,
                     const device::Tensor& y, const device::Tensor& dy, device::Tensor* dx) {
    if (state.grads.size() != 2) throw ModelError("dense layer: gradients not on the device");
    const int64_t batch = x.rows();
    if (dy.rows() != batch || dy.cols() != m_units)
        throw ModelError("dense layer backward: dy has the wrong shape");
    const device::Tensor* dz = &dy;
    if (m_activation != device::Activation::Identity) {
        device::Tensor& buffer = state.saved[1];
        ensureShape(dev, buffer, batch, m_units);
        dev.activationBackward(state.saved[0], y, dy, m_activation, buffer);
        dz = &buffer;
    }
    dev.gemm(x, true, *dz, false, state.grads[0]);  // dW: [inputs, units] = x^T dZ
    dev.columnSums(*dz, state.grads[1]);            // db: [1, units]
    if (dx) {
        ensureShape(dev, *dx, batch, m_inputs);
        dev.gemm(*dz, false, state.params[0], true, *dx);  // dx: [batch, inputs] = dZ W^T
    }
}

}  // namespace loupe::nn
