#pragma once
// Train/validation/test splits.

#include <cstdint>
#include <vector>

namespace loupe::data {

struct Split {
    std::vector<int64_t> train, val, test;  ///< row indices, each sorted ascending
};

/// Stratified split of `rows` by class (labels[i] is the class of rows[i]); each class is divided
/// by the fractions, so every split keeps the class balance. `labels` empty: a plain random split.
/// Deterministic for a given seed.
Split stratifiedSplit(const std::vector<int64_t>& rows, const std::vector<float>& labels,
                      double valFraction, double testFraction, uint64_t seed);

}  // namespace loupe::data
