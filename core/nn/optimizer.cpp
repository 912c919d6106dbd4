// Optimizer: turns settings into per-parameter Device updates.

#include "core/nn/optimizer.h"

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

}  // namespace loupe::nn
