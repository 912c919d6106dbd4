#include "core/data/folds.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>

#include "core/data/random_draw.h"
#include "core/error.h"

namespace loupe::data {

std::vector<std::vector<int64_t>> stratifiedFolds(const std::vector<int64_t>& rows,
                                                  const std::vector<float>& labels, int64_t folds,
                                                  uint64_t seed) {
    if (!labels.empty() && labels.size() != rows.size())
        throw InputError("folds: " + std::to_string(labels.size()) + " labels for " +
                         std::to_string(rows.size()) + " rows");
    if (folds < 2 || folds > static_cast<int64_t>(rows.size()))
        throw InputError("folds: " + std::to_string(folds) + " folds need between 2 and " +
                         std::to_string(rows.size()) + " (the rows)");
    // Classes in ascending label order, as stratifiedSplit draws them.
    std::map<float, std::vector<int64_t>> classes;
    for (size_t i = 0; i < rows.size(); ++i)
        classes[labels.empty() ? 0.0f : labels[i]].push_back(rows[i]);
    std::mt19937_64 rng(seed);
    std::vector<std::vector<int64_t>> out(static_cast<size_t>(folds));
    size_t next = 0;
    for (auto& [label, members] : classes) {
        shuffleInPlace(members, rng);
        for (int64_t row : members) {
            out[next].push_back(row);
            next = (next + 1) % out.size();
        }
    }
    for (auto& fold : out) std::sort(fold.begin(), fold.end());
    return out;
}

}  // namespace loupe::data
