#pragma once
// The int8 GEMM's plain reference: quantization of one value and a triple loop with int32
// accumulation. Every device's gemmS8 must match it exactly in the int32 sums; the host fallback
// (int8_ops.cpp) runs it, and the tests compare the CPU device's oneDNN path against it.

#include <cstdint>

#include "core/device/device.h"

namespace loupe::device {

/// u8 code of `x`: clamp(round(x * inverseScale) + zeroPoint, 0, 255), rounding half to even as
/// std::nearbyint does; NaN maps to 0.
inline uint8_t quantizeU8(float x, float inverseScale, int32_t zeroPoint) {
    float v = x * inverseScale;
    // Clamped first (so the rounding below is exact, and a NaN fails both comparisons and lands
    // on -512, i.e. 0: a float -> int cast of NaN is UB). Then rounded by adding and subtracting
    // 1.5 * 2^23, exact round-half-to-even for |v| < 2^22 in the default rounding mode: libm's
    // nearbyintf saves and restores the FP environment per call, 20x slower, and does not
    // vectorize.
    v = v > -512.0f ? (v < 512.0f ? v : 512.0f) : -512.0f;
    constexpr float kRound = 12582912.0f;  // 1.5 * 2^23
    v = (v + kRound) - kRound + static_cast<float>(zeroPoint);
    return static_cast<uint8_t>(v > 0.0f ? (v < 255.0f ? v : 255.0f) : 0.0f);
}

/// Quantizes x: [rows, k] row-major into xq by `q`.
void quantizeRows(const float* x, int64_t count, const InputQuantization& q, uint8_t* xq);

/// acc[r, c] = sum_k (xq[r, k] - zeroPoint) * w[k, c]: xq [rows, k] u8, w [k, n] s8, acc [rows, n].
void gemmU8S8Reference(const uint8_t* xq, int32_t zeroPoint, const int8_t* w, int64_t rows,
                       int64_t k, int64_t n, int32_t* acc);

}  // namespace loupe::device
