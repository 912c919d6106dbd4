// CpuDevice: memory, copies and GEMM. The other ops live in the *_ops.cpp files beside this one.

#include "core/device/cpu/cpu_device.h"

#include <omp.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "core/device/cpu/cpu_kernels.h"
#include "core/error.h"

namespace loupe::device {

using cpu::mat;

namespace {

constexpr size_t kAlignment = 64;

}  // namespace

CpuDevice::CpuDevice() : CpuDevice(omp_get_max_threads()) {}

CpuDevice::CpuDevice(int threads) : m_threads(threads < 1 ? 1 : threads) {
    // Eigen's thread count is process-wide; the last device created sets it.
    Eigen::setNbThreads(m_threads);
}

std::string CpuDevice::name() const {
    return "CPU (Eigen, " + std::to_string(m_threads) + (m_threads == 1 ? " thread)" : " threads)");
}

Tensor CpuDevice::allocate(int64_t rows, int64_t cols) {
    if (rows < 0 || cols < 0)
        throw DeviceError("allocate: negative shape [" + std::to_string(rows) + ", " +
                          std::to_string(cols) + "]");
    const size_t bytes = static_cast<size_t>(rows * cols) * sizeof(float);
    // Rounded up to the alignment, as std::aligned_alloc requires; never zero bytes.
    const size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    void* raw = std::aligned_alloc(kAlignment, rounded == 0 ? kAlignment : rounded);
    if (raw == nullptr)
        throw DeviceError("out of host memory allocating " + std::to_string(bytes) + " bytes");
    std::shared_ptr<float> storage(static_cast<float*>(raw), [](float* p) { std::free(p); });
    return Tensor(std::move(storage), rows, cols, this);
}

void CpuDevice::upload(const float* host, Tensor& dst) {
    if (dst.size() > 0) std::memcpy(dst.data(), host, static_cast<size_t>(dst.size()) * 4);
}

void CpuDevice::download(const Tensor& src, float* host) {
    if (src.size() > 0) std::memcpy(host, src.data(), static_cast<size_t>(src.size()) * 4);
}

void CpuDevice::fill(Tensor& t, float value) {
    float* p = t.data();
    cpu::parallelRange(t.size(), m_threads,
                       [&](int64_t b, int64_t e) { std::fill(p + b, p + e, value); });
}

void CpuDevice::copy(const Tensor& src, Tensor& dst) {
    cpu::requireSameShape("copy", src, dst);
    if (src.data() == dst.data()) return;
    const float* s = src.data();
    float* d = dst.data();
    cpu::parallelRange(src.size(), m_threads, [&](int64_t b, int64_t e) {
        std::memcpy(d + b, s + b, static_cast<size_t>(e - b) * sizeof(float));
    });
}

void CpuDevice::gatherRows(const Tensor& src, const int64_t* rows, int64_t count, Tensor& dst) {
    if (dst.rows() < count || dst.cols() != src.cols())
        throw DeviceError("gatherRows: destination [" + std::to_string(dst.rows()) + ", " +
                          std::to_string(dst.cols()) + "] cannot hold " + std::to_string(count) +
                          " rows of " + std::to_string(src.cols()));
    for (int64_t i = 0; i < count; ++i)
        if (rows[i] < 0 || rows[i] >= src.rows())
            throw DeviceError("gatherRows: row " + std::to_string(rows[i]) + " out of range");
    const int64_t cols = src.cols();
    const size_t rowBytes = static_cast<size_t>(cols) * sizeof(float);
    const float* s = src.data();
    float* d = dst.data();
    cpu::parallelRows(count, cols, m_threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) std::memcpy(d + i * cols, s + rows[i] * cols, rowBytes);
    });
}

void CpuDevice::gemm(const Tensor& a, bool transA, const Tensor& b, bool transB, Tensor& c,
                     float alpha, float beta) {
    const int64_t m = transA ? a.cols() : a.rows();
    const int64_t k = transA ? a.rows() : a.cols();
    const int64_t kb = transB ? b.cols() : b.rows();
    const int64_t n = transB ? b.rows() : b.cols();
    if (k != kb)
        throw DeviceError("gemm: inner dimensions differ (" + std::to_string(k) + " vs " +
                          std::to_string(kb) + ")");
    cpu::requireShape("gemm", c, m, n);
    auto cm = mat(c);
    if (k == 0) {
        if (beta == 0.0f)
            cm.setZero();
        else
            cm *= beta;
        return;
    }
    // Transposed operands are Eigen views (no copies): a row-major matrix's transpose is a
    // column-major map of the same buffer, which Eigen's GEMM packs directly.
    auto run = [&](const auto& opA, const auto& opB) {
        if (beta == 0.0f) {
            cm.noalias() = alpha * opA * opB;
        } else {
            if (beta != 1.0f) cm *= beta;
            cm.noalias() += alpha * opA * opB;
        }
    };
    const auto am = mat(a);
    const auto bm = mat(b);
    if (!transA && !transB)
        run(am, bm);
    else if (transA && !transB)
        run(am.transpose(), bm);
    else if (!transA && transB)
        run(am, bm.transpose());
    else
        run(am.transpose(), bm.transpose());
}

}  // namespace loupe::device
