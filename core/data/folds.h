#pragma once
// Stratified K-fold: every row held out exactly once, each fold keeping the class balance.

#include <cstdint>
#include <vector>

namespace loupe::data {

/// The held-out rows of each of `folds` folds (each sorted ascending); a fold trains on the rows
/// of the others. labels[i] is the class of rows[i] (empty: a plain shuffled K-fold). Each class
/// is shuffled (seeded) and dealt round the folds, continuing where the last class stopped, so
/// fold sizes differ by at most one. Throws InputError for folds < 2 or more folds than rows.
std::vector<std::vector<int64_t>> stratifiedFolds(const std::vector<int64_t>& rows,
                                                  const std::vector<float>& labels, int64_t folds,
                                                  uint64_t seed);

}  // namespace loupe::data
