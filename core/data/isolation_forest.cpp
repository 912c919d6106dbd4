#include "core/data/isolation_forest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>

#include "core/data/random_draw.h"
#include "core/error.h"

namespace loupe::data {
namespace {

constexpr double kEulerGamma = 0.5772156649015329;

/// A per-tree seed, so trees grown in any order on any thread are the same.
uint64_t treeSeed(uint64_t seed, int64_t tree) {
    uint64_t z = seed + static_cast<uint64_t>(tree + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace

double averagePathLength(int64_t n) {
    if (n <= 1) return 0.0;
    if (n == 2) return 1.0;
    const double m = static_cast<double>(n - 1);
    return 2.0 * (std::log(m) + kEulerGamma) - 2.0 * m / static_cast<double>(n);
}

IsolationForest::Tree IsolationForest::growTree(const Matrix& x, std::vector<int64_t> sample,
                                                int64_t maxDepth, uint64_t seed) {
    std::mt19937_64 rng(seed);
    const int64_t features = x.cols();
    std::vector<int64_t> order(static_cast<size_t>(features));
    Tree tree;
    // Nodes to split: (node index, first, last) into `sample`, and the node's depth.
    struct Pending {
        int32_t node;
        size_t begin, end;
        int64_t depth;
    };
    tree.push_back({});
    std::vector<Pending> stack{{0, 0, sample.size(), 0}};
    while (!stack.empty()) {
        const Pending p = stack.back();
        stack.pop_back();
        const auto rows = static_cast<int64_t>(p.end - p.begin);
        const auto makeLeaf = [&] {
            tree[static_cast<size_t>(p.node)].pathLength =
                static_cast<double>(p.depth) + averagePathLength(rows);
        };
        if (p.depth >= maxDepth || rows <= 1) {
            makeLeaf();
            continue;
        }
        // Features in a random order; the first that is not constant in the node splits it, so
        // the feature is uniform among the non-constant ones (scikit-learn's random splitter).
        for (int64_t j = 0; j < features; ++j) order[static_cast<size_t>(j)] = j;
        int32_t feature = -1;
        float low = 0.0f, high = 0.0f;
        for (int64_t left = features; left > 0; --left) {
            const size_t pick = static_cast<size_t>(boundedDraw(rng, static_cast<uint64_t>(left)));
            std::swap(order[pick], order[static_cast<size_t>(left - 1)]);
            const int64_t j = order[static_cast<size_t>(left - 1)];
            low = std::numeric_limits<float>::infinity();
            high = -low;
            for (size_t i = p.begin; i < p.end; ++i) {
                const float v = x(sample[i], j);
                low = std::min(low, v);
                high = std::max(high, v);
            }
            if (high > low) {
                feature = static_cast<int32_t>(j);
                break;
            }
        }
        if (feature < 0) {  // every feature constant: the rows cannot be told apart
            makeLeaf();
            continue;
        }
        float threshold =
            static_cast<float>(low + unitDraw(rng) * (static_cast<double>(high) - low));
        if (threshold >= high) threshold = low;  // float rounding; keep both sides non-empty
        const auto middle =
            std::partition(sample.begin() + static_cast<std::ptrdiff_t>(p.begin),
                           sample.begin() + static_cast<std::ptrdiff_t>(p.end),
                           [&](int64_t row) { return x(row, feature) <= threshold; });
        const auto split = static_cast<size_t>(middle - sample.begin());
        const auto left = static_cast<int32_t>(tree.size());
        tree.push_back({});
        tree.push_back({});
        Node& node = tree[static_cast<size_t>(p.node)];
        node.feature = feature;
        node.threshold = threshold;
        node.left = left;
        node.right = left + 1;
        stack.push_back({left, p.begin, split, p.depth + 1});
        stack.push_back({left + 1, split, p.end, p.depth + 1});
    }
    return tree;
}

void IsolationForest::fit(const Matrix& x, const IsolationForestOptions& options) {
    const int64_t rows = x.rows();
    if (rows < 2 || x.cols() < 1)
        throw InputError("isolation forest: needs at least two rows and one feature (got " +
                         std::to_string(rows) + " x " + std::to_string(x.cols()) + ")");
    if (options.trees < 1 || options.maxSamples < 2)
        throw InputError("isolation forest: needs at least one tree and two samples per tree");
    m_features = x.cols();
    m_samples = std::min(options.maxSamples, rows);
    const auto maxDepth =
        static_cast<int64_t>(std::ceil(std::log2(static_cast<double>(m_samples))));
    m_trees.assign(static_cast<size_t>(options.trees), {});
#pragma omp parallel for schedule(dynamic)
    for (int64_t t = 0; t < options.trees; ++t) {
        std::mt19937_64 rng(treeSeed(options.seed, t));
        // A partial Fisher-Yates shuffle: the first m_samples rows, drawn without replacement.
        std::vector<int64_t> all(static_cast<size_t>(rows));
        for (int64_t i = 0; i < rows; ++i) all[static_cast<size_t>(i)] = i;
        for (int64_t i = 0; i < m_samples; ++i) {
            const auto pick = i + static_cast<int64_t>(boundedDraw(rng, uint64_t(rows - i)));
            std::swap(all[static_cast<size_t>(i)], all[static_cast<size_t>(pick)]);
        }
        all.resize(static_cast<size_t>(m_samples));
        m_trees[static_cast<size_t>(t)] = growTree(x, std::move(all), maxDepth, rng());
    }
}

std::vector<double> IsolationForest::score(const Matrix& x) const {
    if (!fitted()) throw ModelError("isolation forest: score before fit");
    if (x.cols() != m_features)
        throw ModelError("isolation forest: fitted on " + std::to_string(m_features) +
                         " features, scoring " + std::to_string(x.cols()));
    const int64_t rows = x.rows();
    std::vector<double> scores(static_cast<size_t>(rows));
    const double normaliser = averagePathLength(m_samples) * static_cast<double>(m_trees.size());
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
        double total = 0.0;
        for (const Tree& tree : m_trees) {
            const Node* node = tree.data();
            while (node->feature >= 0)
                node = &tree[static_cast<size_t>(
                    x(r, node->feature) <= node->threshold ? node->left : node->right)];
            total += node->pathLength;
        }
        scores[static_cast<size_t>(r)] = std::exp2(-total / normaliser);
    }
    return scores;
}

}  // namespace loupe::data
