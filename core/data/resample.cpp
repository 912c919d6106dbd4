#include "core/data/resample.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <utility>

#include "core/data/random_draw.h"
#include "core/error.h"

namespace loupe::data {
namespace {

/// Row indices of each class, classes ascending, rows ascending.
std::map<float, std::vector<int64_t>> rowsByClass(const std::vector<float>& y) {
    std::map<float, std::vector<int64_t>> classes;
    for (size_t i = 0; i < y.size(); ++i) classes[y[i]].push_back(static_cast<int64_t>(i));
    return classes;
}

/// The k nearest other members of `members` for each member (positions into `members`), by
/// squared Euclidean distance in double, ties by position.
std::vector<std::vector<size_t>> nearestNeighbours(const Matrix& x,
                                                   const std::vector<int64_t>& members, int64_t k) {
    const size_t m = members.size();
    std::vector<std::vector<size_t>> out(m);
#pragma omp parallel for schedule(dynamic)
    for (int64_t ii = 0; ii < static_cast<int64_t>(m); ++ii) {
        const auto i = static_cast<size_t>(ii);
        std::vector<std::pair<double, size_t>> distances;
        distances.reserve(m - 1);
        for (size_t j = 0; j < m; ++j) {
            if (j == i) continue;
            const auto d =
                (x.row(members[i]).cast<double>() - x.row(members[j]).cast<double>()).squaredNorm();
            distances.emplace_back(d, j);
        }
        std::partial_sort(distances.begin(), distances.begin() + k, distances.end());
        for (int64_t n = 0; n < k; ++n) out[i].push_back(distances[static_cast<size_t>(n)].second);
    }
    return out;
}

}  // namespace

std::string_view toString(Resampling method) {
    switch (method) {
        case Resampling::None:
            return "none";
        case Resampling::Oversample:
            return "oversample";
        case Resampling::Undersample:
            return "undersample";
        case Resampling::Smote:
            return "smote";
    }
    return "none";
}

Resampled resample(const Matrix& x, const std::vector<float>& y, const ResampleOptions& options) {
    if (static_cast<int64_t>(y.size()) != x.rows())
        throw InputError("resample: " + std::to_string(y.size()) + " labels for " +
                         std::to_string(x.rows()) + " rows");
    if (options.method == Resampling::Smote && options.smoteK < 1)
        throw InputError("SMOTE needs at least one neighbour (k >= 1)");
    const auto classes = rowsByClass(y);
    size_t largest = 0, smallest = y.size();
    for (const auto& [label, rows] : classes) {
        largest = std::max(largest, rows.size());
        smallest = std::min(smallest, rows.size());
    }
    std::mt19937_64 rng(options.seed);
    std::vector<int64_t> kept;           // input rows kept, ascending
    std::vector<int64_t> added;          // input rows copied (over-sampling)
    std::vector<float> syntheticLabels;  // SMOTE rows
    std::vector<Eigen::RowVectorXf> synthetic;
    if (options.method == Resampling::Undersample) {
        for (const auto& [label, rows] : classes) {
            std::vector<int64_t> pick = rows;
            shuffleInPlace(pick, rng);
            kept.insert(kept.end(), pick.begin(), pick.begin() + static_cast<int64_t>(smallest));
        }
        std::sort(kept.begin(), kept.end());
    } else {
        kept.resize(y.size());
        std::iota(kept.begin(), kept.end(), 0);
    }
    if (options.method == Resampling::Oversample)
        for (const auto& [label, rows] : classes)
            for (size_t n = rows.size(); n < largest; ++n)
                added.push_back(rows[static_cast<size_t>(boundedDraw(rng, rows.size()))]);
    if (options.method == Resampling::Smote)
        for (const auto& [label, rows] : classes) {
            if (rows.size() == largest) continue;
            if (static_cast<int64_t>(rows.size()) <= options.smoteK)
                throw InputError("SMOTE with k = " + std::to_string(options.smoteK) + " needs " +
                                 std::to_string(options.smoteK + 1) +
                                 " training rows of each smaller class; class " +
                                 std::to_string(static_cast<int>(label)) + " has " +
                                 std::to_string(rows.size()) + " (use a smaller k)");
            const auto neighbours = nearestNeighbours(x, rows, options.smoteK);
            const auto k = static_cast<uint64_t>(options.smoteK);
            for (size_t n = rows.size(); n < largest; ++n) {
                const auto at = static_cast<size_t>(boundedDraw(rng, rows.size()));
                const size_t other = neighbours[at][static_cast<size_t>(boundedDraw(rng, k))];
                const auto u = static_cast<float>(unitDraw(rng));
                const auto a = x.row(rows[at]);
                synthetic.push_back(a + u * (x.row(rows[other]) - a));
                syntheticLabels.push_back(label);
            }
        }
    Resampled out;
    const size_t total = kept.size() + added.size() + synthetic.size();
    out.x.resize(static_cast<int64_t>(total), x.cols());
    out.y.reserve(total);
    out.source.reserve(total);
    int64_t r = 0;
    for (const auto& rows : {&kept, &added})
        for (int64_t row : *rows) {
            out.x.row(r++) = x.row(row);
            out.y.push_back(y[static_cast<size_t>(row)]);
            out.source.push_back(row);
        }
    for (size_t i = 0; i < synthetic.size(); ++i) {
        out.x.row(r++) = synthetic[i];
        out.y.push_back(syntheticLabels[i]);
        out.source.push_back(-1);
    }
    return out;
}

std::vector<int64_t> classCounts(const Target& target, const std::vector<int64_t>& rows) {
    std::vector<int64_t> counts(target.classNames.size(), 0);
    for (int64_t row : rows) {
        // target.rows is ascending, so a row's label is found by bisection.
        const auto at = std::lower_bound(target.rows.begin(), target.rows.end(), row);
        if (at == target.rows.end() || *at != row) continue;
        const auto c = static_cast<int64_t>(target.values[static_cast<size_t>(at - target.rows.begin())]);
        if (c >= 0 && c < static_cast<int64_t>(counts.size())) ++counts[static_cast<size_t>(c)];
    }
    return counts;
}

std::vector<int64_t> resampledCounts(const std::vector<int64_t>& counts, Resampling method) {
    int64_t largest = 0, smallest = -1;
    for (int64_t c : counts) {
        if (c <= 0) continue;
        largest = std::max(largest, c);
        smallest = smallest < 0 ? c : std::min(smallest, c);
    }
    std::vector<int64_t> out = counts;
    for (int64_t& c : out) {
        if (c <= 0 || method == Resampling::None) continue;
        c = method == Resampling::Undersample ? smallest : largest;
    }
    return out;
}

std::vector<float> balancedClassWeights(const std::vector<float>& y, int64_t classes) {
    std::vector<double> count(static_cast<size_t>(classes), 0.0);
    for (float label : y) {
        const auto c = static_cast<int64_t>(label);
        if (c >= 0 && c < classes) count[static_cast<size_t>(c)] += 1.0;
    }
    const auto present = static_cast<double>(
        std::count_if(count.begin(), count.end(), [](double c) { return c > 0.0; }));
    std::vector<float> weights(static_cast<size_t>(classes), 1.0f);
    for (size_t c = 0; c < count.size(); ++c)
        if (count[c] > 0.0)
            weights[c] = static_cast<float>(static_cast<double>(y.size()) / (present * count[c]));
    return weights;
}

}  // namespace loupe::data
