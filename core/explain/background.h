#pragma once
// The background set SHAP averages over: the "absent" values a feature takes when it is left out
// of a coalition (interventional SHAP). Either a random sample of rows or a k-means summary.

#include <cstdint>
#include <stop_token>
#include <vector>

#include "core/matrix.h"

namespace loupe::explain {

/// Background rows in the model's input space and their weights (summing to anything positive).
struct Background {
    Matrix x;                     ///< [rows, inputs], after the pipeline
    std::vector<double> weights;  ///< one per row of x
};

/// `count` distinct rows of x drawn at random (all rows, in order, when count >= rows), weight 1.
/// x: [rows, inputs]. Throws InputError when x has no rows or count < 1.
Background sampleBackground(const Matrix& x, int64_t count, uint64_t seed);

/// A k-means summary of x: `clusters` centroids weighted by their cluster sizes. As shap.kmeans
/// does, each centroid coordinate is then snapped to the nearest value that column takes in x, so
/// one-hot columns stay 0/1. x: [rows, inputs]. Throws InputError when x has no rows.
Background kmeansBackground(const Matrix& x, int64_t clusters, uint64_t seed,
                            std::stop_token stop = {});

}  // namespace loupe::explain
