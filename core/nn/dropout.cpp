// Dropout forward/backward: one mask draw and one multiply each way.

#include "core/nn/dropout.h"

#include <string>

#include "core/error.h"

namespace loupe::nn {

Dropout::Dropout(int64_t width, float rate) : m_width(width), m_rate(rate) {
    if (width < 1) throw ModelError("dropout layer needs a positive width");
    if (!(rate >= 0.0f && rate < 1.0f))
        throw ModelError("dropout rate must be in [0, 1), got " + std::to_string(rate));
}

nlohmann::json Dropout::config() const {
    return {{"type", "dropout"}, {"inputs", m_width}, {"rate", m_rate}};
}

std::unique_ptr<Layer> Dropout::clone() const { return std::make_unique<Dropout>(*this); }

void Dropout::forward(device::Device& dev, LayerState& state, const device::Tensor& x,
                      device::Tensor& y, bool training, uint64_t step) {
    if (x.cols() != m_width)
        throw ModelError("dropout layer expects " + std::to_string(m_width) + " inputs, got " +
                         std::to_string(x.cols()));
    if (y.data() == x.data() && y.sameShape(x) && !training) return;
    ensureShape(dev, y, x.rows(), m_width);
    if (!training || m_rate == 0.0f) {
        dev.copy(x, y);
        return;
    }
    if (state.saved.empty()) state.saved.resize(1);
    device::Tensor& mask = state.saved[0];
    ensureShape(dev, mask, x.rows(), m_width);
    dev.dropoutMask(mask, m_rate, m_seed, step << 32);
    dev.multiply(x, mask, y);
}

void Dropout::backward(device::Device& dev, LayerState& state, const device::Tensor& x,
                       const device::Tensor& /*y*/, const device::Tensor& dy, device::Tensor* dx) {
    if (!dx) return;
    ensureShape(dev, *dx, x.rows(), m_width);
    if (m_rate == 0.0f || state.saved.empty()) {
        dev.copy(dy, *dx);
        return;
    }
    dev.multiply(dy, state.saved[0], *dx);
}

}  // namespace loupe::nn
