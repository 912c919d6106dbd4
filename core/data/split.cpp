#include "core/data/split.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

#include "core/error.h"

namespace loupe::data {
namespace {

/// A uniform draw in [0, bound) by rejection, so the result is the same with every standard
/// library (std::uniform_int_distribution is not specified bit for bit).
uint64_t boundedDraw(std::mt19937_64& rng, uint64_t bound) {
    const uint64_t limit =
        std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % bound;
    for (;;) {
        uint64_t draw = rng();
        if (draw < limit) return draw % bound;
    }
}

void shuffle(std::vector<int64_t>& items, std::mt19937_64& rng) {
    for (size_t i = items.size(); i > 1; --i) {
        std::swap(items[i - 1], items[size_t(boundedDraw(rng, i))]);
    }
}

}  // namespace

Split stratifiedSplit(const std::vector<int64_t>& rows, const std::vector<float>& labels,
                      double valFraction, double testFraction, uint64_t seed) {
    if (!labels.empty() && labels.size() != rows.size()) {
        throw InputError("split: " + std::to_string(labels.size()) + " labels for " +
                         std::to_string(rows.size()) + " rows");
    }
    if (!(valFraction >= 0.0) || !(testFraction >= 0.0) || valFraction + testFraction >= 1.0) {
        throw InputError(
            "split: validation and test fractions must be >= 0 and sum to less than 1");
    }
    // Classes in ascending label order, rows in their given order: the same input always
    // draws the same numbers in the same order.
    std::map<float, std::vector<int64_t>> classes;
    for (size_t i = 0; i < rows.size(); ++i)
        classes[labels.empty() ? 0.0f : labels[i]].push_back(rows[i]);

    std::mt19937_64 rng(seed);
    Split split;
    const int64_t needed = 1 + (valFraction > 0 ? 1 : 0) + (testFraction > 0 ? 1 : 0);
    for (auto& [label, members] : classes) {
        const auto n = static_cast<int64_t>(members.size());
        if (n < needed) {  // too few to share out: all of it trains
            split.train.insert(split.train.end(), members.begin(), members.end());
            continue;
        }
        shuffle(members, rng);
        int64_t test = std::llround(double(n) * testFraction);
        int64_t val = std::llround(double(n) * valFraction);
        // Rounding up both may leave no training row; give back from validation first.
        while (test + val > n - 1) (val > 0 ? val : test) -= 1;
        split.test.insert(split.test.end(), members.begin(), members.begin() + test);
        split.val.insert(split.val.end(), members.begin() + test, members.begin() + test + val);
        split.train.insert(split.train.end(), members.begin() + test + val, members.end());
    }
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.val.begin(), split.val.end());
    std::sort(split.test.begin(), split.test.end());
    return split;
}

}  // namespace loupe::data
