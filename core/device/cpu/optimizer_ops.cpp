// CpuDevice optimizer steps, elementwise and in place, following torch.optim's update order:
// the L2 term (weight_decay) and the L1 term join the gradient first; AdamW's decoupled decay
// scales the weight before the Adam step (torch.optim.AdamW).

#include <Eigen/Core>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/device/cpu/cpu_device.h"
#include "core/device/cpu/cpu_kernels.h"

namespace loupe::device {
namespace {

using Seg = Eigen::Map<Eigen::ArrayXf>;
using ConstSeg = Eigen::Map<const Eigen::ArrayXf>;

/// The decimal a user wrote for a float setting (the shortest one that round-trips, "0.999"),
/// in double. torch keeps betas as Python doubles and scales by the float of (1 - beta); taking
/// 1 - 0.999f in float instead would be off by 1.3e-5 relative, visible in a golden loss curve.
double typedValue(float value) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof(text) - 1, value).ptr;
    *end = '\0';
    return std::strtod(text, nullptr);
}

/// grad + l2 * w + l1 * sign(w), sign(0) = 0.
template <typename G, typename W>
auto regularised(const G& g, const W& w, float l1, float l2) {
    return g + l2 * w + l1 * w.sign();
}

}  // namespace

void CpuDevice::adamUpdate(Tensor& w, const Tensor& grad, Tensor& m, Tensor& v, const AdamStep& s) {
    cpu::requireSameShape("adamUpdate (grad)", w, grad);
    cpu::requireSameShape("adamUpdate (m)", w, m);
    cpu::requireSameShape("adamUpdate (v)", w, v);
    // Bias corrections in double, as torch computes them in Python floats.
    const double t = static_cast<double>(s.step);
    const double beta1 = typedValue(s.beta1), beta2 = typedValue(s.beta2);
    const double lr = typedValue(s.lr);
    const double bc1 = 1.0 - std::pow(beta1, t);
    const double bc2 = 1.0 - std::pow(beta2, t);
    const auto stepSize = static_cast<float>(lr / bc1);
    const auto invSqrtBc2 = static_cast<float>(1.0 / std::sqrt(bc2));
    const auto oneMinusBeta1 = static_cast<float>(1.0 - beta1);
    const auto oneMinusBeta2 = static_cast<float>(1.0 - beta2);
    const auto decay = static_cast<float>(1.0 - lr * typedValue(s.weightDecay));
    float* wp = w.data();
    const float* gp = grad.data();
    float* mp = m.data();
    float* vp = v.data();
    cpu::parallelRange(w.size(), m_threads, [&](int64_t b, int64_t e) {
        const int64_t n = e - b;
        Seg wa(wp + b, n), ma(mp + b, n), va(vp + b, n);
        const ConstSeg ga(gp + b, n);
        if (s.l1 != 0.0f || s.l2 != 0.0f) {
            // g depends on w before the decoupled decay, as in torch (grad is computed first).
            ma = s.beta1 * ma + oneMinusBeta1 * regularised(ga, wa, s.l1, s.l2);
            va = s.beta2 * va + oneMinusBeta2 * regularised(ga, wa, s.l1, s.l2).square();
        } else {
            ma = s.beta1 * ma + oneMinusBeta1 * ga;
            va = s.beta2 * va + oneMinusBeta2 * ga.square();
        }
        if (s.weightDecay != 0.0f) wa *= decay;
        wa -= stepSize * ma / (va.sqrt() * invSqrtBc2 + s.eps);
    });
}

void CpuDevice::sgdUpdate(Tensor& w, const Tensor& grad, Tensor& velocity, const SgdStep& s) {
    cpu::requireSameShape("sgdUpdate (grad)", w, grad);
    if (s.momentum != 0.0f) cpu::requireSameShape("sgdUpdate (velocity)", w, velocity);
    float* wp = w.data();
    const float* gp = grad.data();
    float* vp = s.momentum != 0.0f ? velocity.data() : nullptr;
    cpu::parallelRange(w.size(), m_threads, [&](int64_t b, int64_t e) {
        const int64_t n = e - b;
        Seg wa(wp + b, n);
        const ConstSeg ga(gp + b, n);
        if (!vp) {
            wa -= s.lr * regularised(ga, wa, s.l1, s.l2);
            return;
        }
        // torch: buf = momentum * buf + g (buf starts at g, i.e. at zero here); nesterov uses
        // g + momentum * buf.
        Seg va(vp + b, n);
        va = s.momentum * va + regularised(ga, wa, s.l1, s.l2);
        if (s.nesterov)
            wa -= s.lr * (regularised(ga, wa, s.l1, s.l2) + s.momentum * va);
        else
            wa -= s.lr * va;
    });
}

}  // namespace loupe::device
