#pragma once
// Isolation Forest (Liu, Ting and Zhou, "Isolation Forest", ICDM 2008) built as scikit-learn's
// IsolationForest builds it: each tree grows on max_samples rows drawn without replacement, splits
// on a feature drawn among those not constant in the node at a threshold uniform between the
// node's minimum and maximum, and stops at depth ceil(log2(max_samples)); a row's path length is
// its leaf's depth plus c(rows in the leaf), and its score is 2^(-E[h(x)] / c(max_samples)).

#include <cstdint>
#include <vector>

#include "core/matrix.h"

namespace loupe::data {

/// How an IsolationForest grows; the defaults are scikit-learn's.
struct IsolationForestOptions {
    int64_t trees = 100;
    int64_t maxSamples = 256;  ///< rows per tree, capped at the rows fitted on
    uint64_t seed = 0;
};

/// Average path length of an unsuccessful binary-search-tree search among n points,
/// c(n) = 2 H(n-1) - 2 (n-1) / n with H(i) ~ ln(i) + Euler's constant; c(1) = 0, c(2) = 1.
double averagePathLength(int64_t n);

/// An ensemble of isolation trees; fit once, then score any rows with the same features.
class IsolationForest {
public:
    /// Grows the trees on x: [rows, features] (trees in parallel; the same seed gives the same
    /// forest on any thread count). Throws InputError for fewer than two rows or no features.
    void fit(const Matrix& x, const IsolationForestOptions& options = {});
    /// Anomaly score of each row of x: [rows, features], in (0, 1]: near 1 is easily isolated
    /// (an outlier), about 0.5 or less is ordinary. scikit-learn's score_samples is its negative.
    std::vector<double> score(const Matrix& x) const;

    bool fitted() const { return !m_trees.empty(); }
    int64_t features() const { return m_features; }

private:
    /// A node of one tree: a split (feature >= 0) or a leaf holding depth + c(leaf rows).
    struct Node {
        int32_t feature = -1;
        float threshold = 0.0f;  ///< rows with x <= threshold go left, as in scikit-learn
        int32_t left = -1, right = -1;
        double pathLength = 0.0;  ///< leaves only
    };
    using Tree = std::vector<Node>;

    static Tree growTree(const Matrix& x, std::vector<int64_t> sample, int64_t maxDepth,
                         uint64_t seed);

    std::vector<Tree> m_trees;
    int64_t m_features = 0;
    int64_t m_samples = 0;  ///< rows each tree grew on (psi)
};

}  // namespace loupe::data
