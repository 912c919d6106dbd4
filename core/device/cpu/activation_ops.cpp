// CpuDevice activations: bias + activation (fused per row, while the row sits in L1), plain
// activation, and the activation gradient. GELU is the exact erf form, as torch.nn.GELU() defaults.

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

#include "core/device/cpu/cpu_device.h"
#include "core/device/cpu/cpu_kernels.h"

namespace loupe::device {
namespace {

using Segment = Eigen::Map<Eigen::ArrayXf>;
using ConstSegment = Eigen::Map<const Eigen::ArrayXf>;

constexpr float kInvSqrt2 = 0.70710678118654752f;
constexpr float kInvSqrt2Pi = 0.39894228040143268f;

/// a = act(z) over one contiguous segment.
void forwardSegment(Activation act, const ConstSegment& z, Segment a) {
    switch (act) {
        case Activation::Identity:
            if (a.data() != z.data()) a = z;
            break;
        case Activation::ReLU:
            a = z.max(0.0f);
            break;
        case Activation::Tanh:
            a = z.tanh();
            break;
        case Activation::Sigmoid:
            a = z.logistic();
            break;
        case Activation::GELU:
            a = 0.5f * z * (1.0f + (z * kInvSqrt2).erf());
            break;
    }
}

/// dz = da * act'(z) over one contiguous segment; a = act(z) where that is cheaper.
void backwardSegment(Activation act, const ConstSegment& z, const ConstSegment& a,
                     const ConstSegment& da, Segment dz) {
    switch (act) {
        case Activation::Identity:
            dz = da;
            break;
        case Activation::ReLU:
            dz = (z > 0.0f).select(da, 0.0f);
            break;
        case Activation::Tanh:
            dz = da * (1.0f - a.square());
            break;
        case Activation::Sigmoid:
            dz = da * a * (1.0f - a);
            break;
        case Activation::GELU: {
            // d/dz [z * Phi(z)] = Phi(z) + z * phi(z)
            const auto cdf = 0.5f * (1.0f + (z * kInvSqrt2).erf());
            const auto pdf = (-0.5f * z.square()).exp() * kInvSqrt2Pi;
            dz = da * (cdf + z * pdf);
            break;
        }
    }
}

}  // namespace

void CpuDevice::biasActivation(Tensor& z, const Tensor& bias, Activation act, Tensor& a) {
    cpu::requireShape("biasActivation (bias)", bias, 1, z.cols());
    cpu::requireSameShape("biasActivation", z, a);
    if (a.data() == z.data() && act != Activation::Identity)
        throw DeviceError("biasActivation: z and a may share storage only for Identity");
    const int64_t cols = z.cols();
    float* zp = z.data();
    float* ap = a.data();
    const ConstSegment b(bias.data(), cols);
    cpu::parallelRows(z.rows(), cols, m_threads, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            Segment zr(zp + r * cols, cols);
            zr += b;
            forwardSegment(act, ConstSegment(zr.data(), cols), Segment(ap + r * cols, cols));
        }
    });
}

void CpuDevice::activation(const Tensor& z, Activation act, Tensor& a) {
    cpu::requireSameShape("activation", z, a);
    const float* zp = z.data();
    float* ap = a.data();
    cpu::parallelRange(z.size(), m_threads, [&](int64_t begin, int64_t end) {
        forwardSegment(act, ConstSegment(zp + begin, end - begin),
                       Segment(ap + begin, end - begin));
    });
}

void CpuDevice::activationBackward(const Tensor& z, const Tensor& a, const Tensor& da,
                                   Activation act, Tensor& dz) {
    cpu::requireSameShape("activationBackward (da)", z, da);
    cpu::requireSameShape("activationBackward (dz)", z, dz);
    const bool needsA = act == Activation::Tanh || act == Activation::Sigmoid;
    if (needsA) cpu::requireSameShape("activationBackward (a)", z, a);
    const float* zp = z.data();
    // a is not read for the activations whose derivative comes from z alone.
    const float* ap = needsA ? a.data() : z.data();
    const float* dap = da.data();
    float* dzp = dz.data();
    cpu::parallelRange(z.size(), m_threads, [&](int64_t begin, int64_t end) {
        const int64_t n = end - begin;
        backwardSegment(act, ConstSegment(zp + begin, n), ConstSegment(ap + begin, n),
                        ConstSegment(dap + begin, n), Segment(dzp + begin, n));
    });
}

}  // namespace loupe::device
