#pragma once
// Weight initialisation. Draws come from std::mt19937_64 (whose output sequence the standard fixes)
// through our own uniform transform, so a seed gives the same weights with any standard library.

#include <cstdint>
#include <random>

#include "core/nn/dense.h"

namespace loupe::nn {

/// Seeded uniform source: uniform() = (next() >> 40) * 2^-24, in [0, 1), exact in float32.
class InitRandom {
public:
    explicit InitRandom(uint64_t seed) : m_engine(seed) {}
    /// Uniform in [0, 1).
    float uniform() { return static_cast<float>(m_engine() >> 40) * (1.0f / 16777216.0f); }
    /// Uniform in [-limit, limit).
    float symmetric(float limit) { return (2.0f * uniform() - 1.0f) * limit; }

private:
    std::mt19937_64 m_engine;
};

/// He-uniform (limit sqrt(6 / fan_in)) for ReLU/GELU, Glorot-uniform (limit
/// sqrt(6 / (fan_in + fan_out))) otherwise; weights drawn row by row; bias zero.
void initializeDense(Dense& layer, InitRandom& random);

}  // namespace loupe::nn
