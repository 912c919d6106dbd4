#pragma once
// Internals shared by the CPU device's op files: Eigen maps over tensors, shape checks, and the
// fixed work partition that keeps multi-threaded results identical to single-threaded ones.

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <string>

#include "core/device/tensor.h"
#include "core/error.h"

namespace loupe::device::cpu {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// Buffers start on a 64-byte boundary (see CpuDevice::allocate).
using MatrixMap = Eigen::Map<RowMatrix, Eigen::Aligned64>;
using ConstMatrixMap = Eigen::Map<const RowMatrix, Eigen::Aligned64>;
using ArrayMap = Eigen::Map<Eigen::ArrayXf, Eigen::Aligned64>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf, Eigen::Aligned64>;

inline MatrixMap mat(Tensor& t) { return MatrixMap(t.data(), t.rows(), t.cols()); }
inline ConstMatrixMap mat(const Tensor& t) { return ConstMatrixMap(t.data(), t.rows(), t.cols()); }

/// Elementwise work below this many floats stays on one thread: an OpenMP fork/join costs a few
/// microseconds, about what one core needs for 64k simple float ops.
constexpr int64_t kParallelElements = int64_t{1} << 16;
/// Reductions sum fixed blocks of this many rows, then combine the block sums in order, so the
/// result does not depend on how many threads ran.
constexpr int64_t kReductionRows = 256;

/// Throws DeviceError naming `op` when the shapes differ.
inline void requireShape(const char* op, const Tensor& t, int64_t rows, int64_t cols) {
    if (t.rows() != rows || t.cols() != cols)
        throw DeviceError(std::string(op) + ": expected a [" + std::to_string(rows) + ", " +
                          std::to_string(cols) + "] tensor, got [" + std::to_string(t.rows()) +
                          ", " + std::to_string(t.cols()) + "]");
}

inline void requireSameShape(const char* op, const Tensor& a, const Tensor& b) {
    requireShape(op, b, a.rows(), a.cols());
}

/// Calls fn(begin, end) over [0, n) in static chunks, on several threads when n is large.
template <typename Fn>
void parallelRange(int64_t n, int threads, Fn&& fn) {
    if (n < kParallelElements || threads <= 1) {
        fn(int64_t{0}, n);
        return;
    }
    // Chunks are multiples of 16 floats so each starts on a 64-byte boundary.
    const int64_t chunk = ((n + threads - 1) / threads + 15) / 16 * 16;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int t = 0; t < threads; ++t) {
        const int64_t begin = std::min<int64_t>(n, t * chunk);
        const int64_t end = std::min<int64_t>(n, begin + chunk);
        if (begin < end) fn(begin, end);
    }
}

/// Calls fn(firstRow, lastRow) for each row block, on several threads when the work is large.
template <typename Fn>
void parallelRows(int64_t rows, int64_t cols, int threads, Fn&& fn) {
    if (rows * cols < kParallelElements || threads <= 1 || rows < 2) {
        fn(int64_t{0}, rows);
        return;
    }
    const int64_t chunk = (rows + threads - 1) / threads;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int t = 0; t < threads; ++t) {
        const int64_t begin = std::min<int64_t>(rows, t * chunk);
        const int64_t end = std::min<int64_t>(rows, begin + chunk);
        if (begin < end) fn(begin, end);
    }
}

}  // namespace loupe::device::cpu
