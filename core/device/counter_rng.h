#pragma once
// Counter-based random numbers shared by every Device, so the CPU and a GPU draw the same dropout
// mask for the same (seed, offset). No state: element i of a draw keyed by (seed, offset) is
//   key  = splitmix64(seed)
//   bits = splitmix64(key + (offset + i + 1) * 0x9E3779B97F4A7C15)
//   u    = (bits >> 40) * 2^-24          (24 random bits: exactly representable in float32)
// splitmix64 is the finaliser of Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators" (OOPSLA 2014), as used by java.util.SplittableRandom; it passes BigCrush per output.

#include <cstdint>

#if defined(__CUDACC__)
#define LOUPE_HOST_DEVICE __host__ __device__
#else
#define LOUPE_HOST_DEVICE
#endif

namespace loupe::device {

/// The splitmix64 output function (a bijective 64-bit mix).
LOUPE_HOST_DEVICE inline uint64_t splitmix64(uint64_t x) {
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// Uniform in [0, 1) for element `index` of the draw keyed by (seed, offset); key =
/// splitmix64(seed).
LOUPE_HOST_DEVICE inline float counterUniform(uint64_t key, uint64_t offset, uint64_t index) {
    const uint64_t bits = splitmix64(key + (offset + index + 1) * 0x9E3779B97F4A7C15ull);
    return static_cast<float>(bits >> 40) * (1.0f / 16777216.0f);
}

}  // namespace loupe::device
