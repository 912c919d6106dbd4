#pragma once
// Row edits from the data-quality checks: rows left out of training and rows given another label.
// A left-out row keeps its place with a missing target (encodeTarget drops it), so row numbers
// stay those of the file everywhere: predictions, the Data view, explanations.

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "core/data/table.h"

namespace loupe::data {

/// What the user changed about rows of one table; row numbers are 0-based data rows.
struct RowEdits {
    std::set<int64_t> excluded;                 ///< rows left out of training
    std::map<int64_t, std::string> relabelled;  ///< row -> its new target label (a class name)

    bool empty() const { return excluded.empty() && relabelled.empty(); }
};

/// `table` with the column `target` edited: relabelled rows take their new label (a numeric
/// target reads it as a number; a categorical one adds the label when it is new), excluded rows
/// become missing (an exclusion wins over a relabel). Rows past the table's end are ignored.
/// Throws InputError when there is no such column or a numeric target gets a label that is not a
/// number.
Table applyRowEdits(const Table& table, const std::string& target, const RowEdits& edits);

}  // namespace loupe::data
