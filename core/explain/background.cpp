// Background sets: a seeded sample of rows, or k-means centroids (Lloyd's algorithm from a
// k-means++ start) snapped to data values per column as shap.kmeans does.

#include "core/explain/background.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include "core/error.h"
#include "core/progress.h"

namespace loupe::explain {
namespace {

constexpr int kKmeansIterations = 50;

void requireRows(const Matrix& x) {
    if (x.rows() == 0) throw InputError("the background data has no rows");
}

}  // namespace

Background sampleBackground(const Matrix& x, int64_t count, uint64_t seed) {
    requireRows(x);
    if (count < 1) throw InputError("the background needs at least one row");
    Background bg;
    std::vector<int64_t> rows(x.rows());
    std::iota(rows.begin(), rows.end(), 0);
    if (count < x.rows()) {
        // Partial Fisher-Yates: the first `count` entries become a uniform sample; sorted so the
        // background keeps the file's order.
        std::mt19937_64 rng(seed);
        for (int64_t i = 0; i < count; ++i) {
            const int64_t j = i + static_cast<int64_t>(rng() % static_cast<uint64_t>(x.rows() - i));
            std::swap(rows[i], rows[j]);
        }
        rows.resize(count);
        std::sort(rows.begin(), rows.end());
    }
    bg.x.resize(static_cast<int64_t>(rows.size()), x.cols());
    for (size_t i = 0; i < rows.size(); ++i) bg.x.row(i) = x.row(rows[i]);
    bg.weights.assign(rows.size(), 1.0);
    return bg;
}

Background kmeansBackground(const Matrix& x, int64_t clusters, uint64_t seed,
                            std::stop_token stop) {
    requireRows(x);
    if (clusters < 1) throw InputError("the background needs at least one cluster");
    if (clusters >= x.rows()) return sampleBackground(x, x.rows(), seed);
    const int64_t n = x.rows(), k = clusters;
    const MatrixD data = x.cast<double>();
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);

    // k-means++ seeding (Arthur & Vassilvitskii 2007): each next centre drawn with probability
    // proportional to its squared distance from the nearest centre so far.
    MatrixD centres(k, data.cols());
    centres.row(0) = data.row(static_cast<int64_t>(rng() % static_cast<uint64_t>(n)));
    Eigen::VectorXd nearest(n);
    for (int64_t r = 0; r < n; ++r) nearest[r] = (data.row(r) - centres.row(0)).squaredNorm();
    for (int64_t c = 1; c < k; ++c) {
        const double total = nearest.sum();
        int64_t pick = static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
        if (total > 0) {
            double target = uniform(rng) * total;
            for (pick = 0; pick < n - 1 && target >= nearest[pick]; ++pick) target -= nearest[pick];
        }
        centres.row(c) = data.row(pick);
        for (int64_t r = 0; r < n; ++r)
            nearest[r] = std::min(nearest[r], (data.row(r) - centres.row(c)).squaredNorm());
    }

    std::vector<int64_t> label(n, -1);
    for (int iteration = 0; iteration < kKmeansIterations; ++iteration) {
        throwIfStopped(stop);
        bool changed = false;
        for (int64_t r = 0; r < n; ++r) {
            int64_t best = 0;
            (centres.rowwise() - data.row(r)).rowwise().squaredNorm().minCoeff(&best);
            if (best != label[r]) changed = true;
            label[r] = best;
        }
        if (!changed) break;
        MatrixD sums = MatrixD::Zero(k, data.cols());
        std::vector<int64_t> sizes(k, 0);
        for (int64_t r = 0; r < n; ++r) {
            sums.row(label[r]) += data.row(r);
            ++sizes[label[r]];
        }
        for (int64_t c = 0; c < k; ++c)
            if (sizes[c] > 0) centres.row(c) = sums.row(c) / static_cast<double>(sizes[c]);
    }

    Background bg;
    std::vector<double> sizes(k, 0.0);
    for (int64_t r = 0; r < n; ++r) sizes[label[r]] += 1.0;
    int64_t kept = 0;
    for (int64_t c = 0; c < k; ++c) kept += sizes[c] > 0;
    bg.x.resize(kept, data.cols());
    for (int64_t c = 0, out = 0; c < k; ++c) {
        if (sizes[c] == 0) continue;
        for (int64_t j = 0; j < data.cols(); ++j) {
            int64_t closest = 0;
            (data.col(j).array() - centres(c, j)).abs().minCoeff(&closest);
            bg.x(out, j) = x(closest, j);
        }
        bg.weights.push_back(sizes[c]);
        ++out;
    }
    return bg;
}

}  // namespace loupe::explain
