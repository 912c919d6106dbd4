#include "core/data/row_edits.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

#include "core/error.h"

namespace loupe::data {

Table applyRowEdits(const Table& table, const std::string& target, const RowEdits& edits) {
    const int64_t index = table.columnIndex(target);
    if (index < 0) throw InputError("no column named '" + target + "' to edit", table.source());
    std::vector<Column> columns = table.columns();
    Column& column = columns[static_cast<size_t>(index)];
    const int64_t rows = table.rowCount();
    for (const auto& [row, label] : edits.relabelled) {
        if (row < 0 || row >= rows) continue;
        const auto r = static_cast<size_t>(row);
        if (column.type == ColumnType::Numeric) {
            double value = 0.0;
            const auto [end, error] =
                std::from_chars(label.data(), label.data() + label.size(), value);
            if (error != std::errc() || end != label.data() + label.size())
                throw InputError("cannot relabel row " + std::to_string(row + 1) + " of '" +
                                     target + "' as '" + label + "': not a number",
                                 table.source());
            column.numeric[r] = value;
            continue;
        }
        auto at = std::find(column.categories.begin(), column.categories.end(), label);
        if (at == column.categories.end()) at = column.categories.insert(at, label);
        column.codes[r] = static_cast<int32_t>(at - column.categories.begin());
    }
    for (int64_t row : edits.excluded) {
        if (row < 0 || row >= rows) continue;
        if (column.type == ColumnType::Numeric)
            column.numeric[static_cast<size_t>(row)] = std::nan("");
        else
            column.codes[static_cast<size_t>(row)] = -1;
    }
    return Table(std::move(columns), table.source());
}

}  // namespace loupe::data
