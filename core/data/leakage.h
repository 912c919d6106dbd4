#pragma once
// Leakage checks before training: held-out rows that repeat a training row, a single feature that
// predicts the target almost perfectly, a column derived from the target. Each finding is a
// warning (training still runs); loupe-cli quality writes them to leakage.json.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/split.h"
#include "core/data/table.h"
#include "core/data/target.h"

namespace loupe::data {

enum class LeakageKind {
    DuplicateRows,      ///< validation/test rows whose feature values equal a training row's
    PredictiveFeature,  ///< one feature alone predicts the target almost perfectly
    TargetDerived,      ///< a copy, a monotone transform or a category-to-label map of the target
};

/// "duplicate_rows", "predictive_feature" or "target_derived".
std::string_view toString(LeakageKind kind);

/// One finding.
struct LeakageWarning {
    LeakageKind kind = LeakageKind::DuplicateRows;
    std::vector<std::string> columns;  ///< the feature(s) concerned (duplicates: all features)
    std::vector<int64_t> rows;         ///< duplicates: the held-out rows that repeat a training row
    double score = 0.0;   ///< duplicates: share of held-out rows; predictive: its univariate score
    std::string message;  ///< one line for a person
};

struct LeakageOptions {
    double predictiveThreshold = 0.99;  ///< a univariate score at least this warns
};

/// Checks `features` of `table` against the column `targetName`, encoded as `target`, and the split
/// (train vs validation + test). Univariate scores: ROC-AUC of a numeric feature for a binary
/// target (max of AUC and 1 - AUC, ties averaged), held-out balanced accuracy of its nearest
/// training value for more classes and of a category -> majority class map, |Spearman rho|
/// of a numeric feature with a regression target, held-out R^2 of a category -> mean map. A
/// derived column is reported once, as derived.
std::vector<LeakageWarning> checkLeakage(const Table& table,
                                         const std::vector<std::string>& features,
                                         const std::string& targetName, const Target& target,
                                         const Split& split, const LeakageOptions& options = {});

/// {"warnings": [{"kind", "columns", "rows", "score", "message"}, ...]} as leakage.json holds it.
nlohmann::json leakageJson(const std::vector<LeakageWarning>& warnings);

}  // namespace loupe::data
