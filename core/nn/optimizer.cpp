// Optimizer: turns settings into per-parameter Device updates.

#include "core/nn/optimizer.h"

#include <cmath>

namespace loupe::nn {

Optimizer::Optimizer(device::Device& dev, const OptimizerSettings& settings)
    : m_dev(dev), m_settings(settings) {}

void Optimizer::add(const device::Tensor& w, const device::Tensor& grad, bool decay) {
    Slot slot{w, grad, {}, {}, decay};
    const bool adam = m_settings.kind != OptimizerKind::Sgd;
    if (adam || m_settings.momentum != 0.0f) {
        slot.m = m_dev.allocate(w.rows(), w.cols());
        m_dev.fill(slot.m, 0.0f);
    }
    if (adam) {
        slot.v = m_dev.allocate(w.rows(), w.cols());
        m_dev.fill(slot.v, 0.0f);
    }
    m_slots.push_back(std::move(slot));
}

void Optimizer::step() {
    ++m_steps;
    const OptimizerSettings& s = m_settings;
    for (Slot& slot : m_slots) {
        const float l1 = slot.decay ? s.l1 : 0.0f;
        const float l2 = slot.decay ? s.l2 : 0.0f;
        if (s.kind == OptimizerKind::Sgd) {
            m_dev.sgdUpdate(slot.w, slot.grad, slot.m,
                            {s.learningRate, s.momentum, s.nesterov, l1, l2});
        } else {
            device::AdamStep a;
            a.lr = s.learningRate;
            a.beta1 = s.beta1;
            a.beta2 = s.beta2;
            a.eps = s.eps;
            a.l1 = l1;
            a.l2 = l2;
            a.weightDecay = slot.decay ? s.weightDecay : 0.0f;
            a.step = m_steps;
            m_dev.adamUpdate(slot.w, slot.grad, slot.m, slot.v, a);
        }
    }
}

double Optimizer::clipGradNorm(double maxNorm) {
    m_hostGrads.resize(m_slots.size());
    double squares = 0.0;
    for (size_t i = 0; i < m_slots.size(); ++i) {
        const device::Tensor& g = m_slots[i].grad;
        m_hostGrads[i].resize(static_cast<size_t>(g.rows() * g.cols()));
        m_dev.download(g, m_hostGrads[i].data());
        for (const float v : m_hostGrads[i]) squares += double(v) * double(v);
    }
    const double norm = std::sqrt(squares);
    const double coef = maxNorm / (norm + 1e-6);
    if (coef < 1.0) {  // torch multiplies by the clamped coefficient: 1 leaves them as they are
        for (size_t i = 0; i < m_slots.size(); ++i) {
            for (float& v : m_hostGrads[i]) v = static_cast<float>(double(v) * coef);
            m_dev.upload(m_hostGrads[i].data(), m_slots[i].grad);
        }
    }
    return norm;
}

}  // namespace loupe::nn
