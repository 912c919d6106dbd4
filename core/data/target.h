#pragma once
// Turning the target column into labels: class indices for classification, values for regression.

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/table.h"

namespace loupe::data {

enum class Task { Classification, Regression };

/// "classification" / "regression".
std::string_view toString(Task task);

/// Classification when the target is categorical, or numeric with few distinct integer values
/// (at most 20, and fewer than half the rows); regression otherwise.
Task inferTask(const Column& target);

struct Target {
    Task task = Task::Classification;
    std::vector<std::string> classNames;  ///< sorted as scikit-learn's LabelEncoder sorts them
    std::vector<float> values;            ///< class index or regression value per row
    std::vector<int64_t> rows;            ///< rows whose target is present (others are dropped)
};

/// Encodes `column` for `task`. Rows with a missing target are left out of `rows`.
/// Throws InputError when a classification target has fewer than two classes.
Target encodeTarget(const Column& column, Task task, const std::string& source = {});

/// Encodes the column named `target` of `table` for its inferred task. Throws InputError naming
/// the file when there is no such column.
Target encodeTarget(const Table& table, const std::string& target);

/// Encodes with a fixed list of class names (a trained model's); unknown labels get -1.
std::vector<float> encodeLabels(const Column& column, const std::vector<std::string>& classNames);

}  // namespace loupe::data
