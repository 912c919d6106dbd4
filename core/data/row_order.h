#pragma once
// Ordering and filtering row indices of a Table without copying it, for views over large tables.

#include <cstdint>
#include <span>
#include <stop_token>
#include <string_view>
#include <vector>

#include "core/data/table.h"

namespace loupe::data {

/// `rows` ordered by `column` (numbers by value, labels by text), stable, with missing values
/// last in both directions.
std::vector<int64_t> sortRows(const Column& column, std::span<const int64_t> rows, bool ascending);

/// The rows of `rows` where some column's text (Column::text) contains `needle`, ignoring ASCII
/// letter case; all of `rows` when `needle` is empty. Order is kept. Large inputs are searched on
/// several threads. Throws Cancelled soon after `stop` is requested (checked every 16k cells).
std::vector<int64_t> rowsContaining(const Table& table, std::span<const int64_t> rows,
                                    std::string_view needle, std::stop_token stop = {});

/// 0, 1, ..., count - 1.
std::vector<int64_t> allRows(int64_t count);

}  // namespace loupe::data
