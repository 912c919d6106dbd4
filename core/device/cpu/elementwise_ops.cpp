// CpuDevice elementwise ops and column reductions: columnSums, multiply, dropoutMask.

#include <Eigen/Core>
#include <algorithm>
#include <string>

#include "core/device/counter_rng.h"
#include "core/device/cpu/cpu_device.h"
#include "core/device/cpu/cpu_kernels.h"

namespace loupe::device {

void CpuDevice::columnSums(const Tensor& x, Tensor& out) {
    cpu::requireShape("columnSums", out, 1, x.cols());
    const int64_t rows = x.rows();
    const int64_t cols = x.cols();
    const float* xp = x.data();
    float* op = out.data();
    // Each column is summed by one thread in row order, so the result is the same for any
    // thread count; threads split the columns (in 16-float, 64-byte, blocks).
    const int64_t blocks = (cols + 15) / 16;
    const int threads = rows * cols < cpu::kParallelElements
                            ? 1
                            : static_cast<int>(std::min<int64_t>(m_threads, blocks));
    const int64_t perThread = (blocks + threads - 1) / threads * 16;
    auto sumColumns = [&](int64_t c0, int64_t c1) {
        if (c0 >= c1) return;
        Eigen::Map<Eigen::ArrayXf> acc(op + c0, c1 - c0);
        acc.setZero();
        for (int64_t r = 0; r < rows; ++r)
            acc += Eigen::Map<const Eigen::ArrayXf>(xp + r * cols + c0, c1 - c0);
    };
    if (threads <= 1) {
        sumColumns(0, cols);
        return;
    }
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int t = 0; t < threads; ++t)
        sumColumns(std::min(cols, t * perThread), std::min(cols, (t + 1) * perThread));
}

void CpuDevice::multiply(const Tensor& x, const Tensor& mask, Tensor& out) {
    cpu::requireSameShape("multiply (mask)", x, mask);
    cpu::requireSameShape("multiply (out)", x, out);
    const float* xp = x.data();
    const float* mp = mask.data();
    float* op = out.data();
    cpu::parallelRange(x.size(), m_threads, [&](int64_t b, int64_t e) {
        Eigen::Map<Eigen::ArrayXf>(op + b, e - b) =
            Eigen::Map<const Eigen::ArrayXf>(xp + b, e - b) *
            Eigen::Map<const Eigen::ArrayXf>(mp + b, e - b);
    });
}

void CpuDevice::dropoutMask(Tensor& mask, float p, uint64_t seed, uint64_t offset) {
    if (!(p >= 0.0f && p < 1.0f))
        throw DeviceError("dropoutMask: p must be in [0, 1), got " + std::to_string(p));
    const float keep = 1.0f / (1.0f - p);
    const uint64_t key = splitmix64(seed);
    float* mp = mask.data();
    cpu::parallelRange(mask.size(), m_threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i)
            mp[i] = counterUniform(key, offset, static_cast<uint64_t>(i)) >= p ? keep : 0.0f;
    });
}

}  // namespace loupe::device
