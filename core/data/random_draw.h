#pragma once
// Seeded draws that give the same numbers with every standard library (the std distributions are
// not specified bit for bit), for the data tools that sample rows: folds, resampling, forests.

#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

namespace loupe::data {

/// Uniform in [0, bound) by rejection; bound > 0.
inline uint64_t boundedDraw(std::mt19937_64& rng, uint64_t bound) {
    const uint64_t limit =
        std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % bound;
    for (;;) {
        const uint64_t draw = rng();
        if (draw < limit) return draw % bound;
    }
}

/// Uniform in [0, 1) from the top 53 bits of one draw.
inline double unitDraw(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

/// Fisher-Yates shuffle with boundedDraw.
template <typename T>
void shuffleInPlace(std::vector<T>& items, std::mt19937_64& rng) {
    for (size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[static_cast<size_t>(boundedDraw(rng, i))]);
}

}  // namespace loupe::data
