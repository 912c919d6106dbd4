#pragma once
// Class imbalance: random over- and under-sampling, SMOTE (Chawla et al., "SMOTE: Synthetic
// Minority Over-sampling Technique", JAIR 2002) and scikit-learn's "balanced" class weights. Run
// on the training rows after the pipeline, never on validation or test rows.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/target.h"
#include "core/matrix.h"

namespace loupe::data {

enum class Resampling { None, Oversample, Undersample, Smote };

/// "none", "oversample", "undersample" or "smote".
std::string_view toString(Resampling method);

struct ResampleOptions {
    Resampling method = Resampling::None;
    int64_t smoteK = 5;  ///< SMOTE: neighbours among the same class's rows
    uint64_t seed = 0;
};

/// Rows after resampling: the kept input rows in their order, then the added ones.
struct Resampled {
    Matrix x;                     ///< [rows, features]
    std::vector<float> y;         ///< class index per row
    std::vector<int64_t> source;  ///< input row each row copies; -1 for a synthetic SMOTE row
};

/// Resamples x: [rows, features] with classes y as imbalanced-learn's "auto" strategy does:
/// Oversample draws rows of every class but the largest, with replacement, up to its count;
/// Undersample keeps a seeded choice of rows of every class down to the smallest's count;
/// Smote adds, for every class but the largest, rows x + u (n - x) with x a row of the class drawn
/// uniformly, n one of its smoteK nearest rows of the same class (Euclidean, ties by row) drawn
/// uniformly and u uniform in [0, 1). Throws InputError when a class has too few rows for SMOTE
/// (smoteK + 1) or smoteK < 1.
Resampled resample(const Matrix& x, const std::vector<float>& y, const ResampleOptions& options);

/// Rows per class (indices 0 .. classes - 1) among `rows` of a classification `target`, e.g. a
/// split's training rows; a row without a target is not counted.
std::vector<int64_t> classCounts(const Target& target, const std::vector<int64_t>& rows);

/// Rows per class after `method` resamples rows counted `counts` per class, as resample() does:
/// Oversample and Smote raise each class present to the largest count, Undersample lowers each to
/// the smallest present count; a class with no rows stays at 0.
std::vector<int64_t> resampledCounts(const std::vector<int64_t>& counts, Resampling method);

/// scikit-learn's class_weight="balanced": n / (classes present * count_c) for each of `classes`
/// classes; a class with no rows gets 1.
std::vector<float> balancedClassWeights(const std::vector<float>& y, int64_t classes);

}  // namespace loupe::data
