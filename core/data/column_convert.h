#pragma once
// Reading a column as another type, when the user overrides what the reader inferred.

#include <string>

#include "core/data/table.h"

namespace loupe::data {

/// Most distinct values a numeric column may have to be read as categorical.
inline constexpr int64_t kMaxConvertedCategories = 100;

/// Whether `column` can be read as `type`: numeric -> categorical or text with at most
/// kMaxConvertedCategories distinct values; categorical or text -> numeric when every label
/// reads as a finite number; categorical <-> text always; a type to itself always.
bool canConvert(const Column& column, ColumnType type);

/// A copy of `column` as `type`. Numbers become labels in their shortest exact form, in the
/// order they first appear. Throws InputError naming `source` and the column when canConvert
/// is false.
Column convertColumn(const Column& column, ColumnType type, const std::string& source = {});

}  // namespace loupe::data
