#include "core/data/table.h"

#include <charconv>
#include <cmath>
#include <unordered_set>

#include "core/error.h"

namespace loupe::data {

std::string_view toString(ColumnType type) {
    switch (type) {
        case ColumnType::Numeric:
            return "numeric";
        case ColumnType::Categorical:
            return "categorical";
        case ColumnType::Text:
            return "text";
    }
    return "unknown";
}

std::vector<std::string> uniqueNames(std::vector<std::string> names) {
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty()) names[i] = "column_" + std::to_string(i + 1);
    }
    std::unordered_set<std::string> taken(names.begin(), names.end());
    std::unordered_set<std::string> seen;
    for (auto& name : names) {
        if (seen.insert(name).second) continue;
        // A later duplicate gets the first free suffix, skipping names the file already has.
        for (int k = 1;; ++k) {
            std::string candidate = name + "." + std::to_string(k);
            if (!taken.contains(candidate)) {
                taken.insert(candidate);
                seen.insert(candidate);
                name = std::move(candidate);
                break;
            }
        }
    }
    return names;
}

std::string formatNumber(double value) {
    if (std::isnan(value)) return "nan";
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

int64_t Column::size() const {
    return static_cast<int64_t>(type == ColumnType::Numeric ? numeric.size() : codes.size());
}

bool Column::isMissing(int64_t row) const {
    if (type == ColumnType::Numeric) return std::isnan(numeric.at(static_cast<size_t>(row)));
    return codes.at(static_cast<size_t>(row)) < 0;
}

int64_t Column::missingCount() const {
    int64_t count = 0;
    if (type == ColumnType::Numeric) {
        for (double v : numeric) count += std::isnan(v) ? 1 : 0;
    } else {
        for (int32_t code : codes) count += code < 0 ? 1 : 0;
    }
    return count;
}

std::string Column::text(int64_t row) const {
    if (isMissing(row)) return {};
    if (type == ColumnType::Numeric) return formatNumber(numeric[static_cast<size_t>(row)]);
    return categories.at(static_cast<size_t>(codes[static_cast<size_t>(row)]));
}

Table::Table(std::vector<Column> columns, std::string source)
    : m_columns(std::move(columns)), m_source(std::move(source)) {
    if (m_columns.empty()) return;
    m_rows = m_columns.front().size();
    for (const auto& column : m_columns) {
        if (column.size() != m_rows) {
            throw InputError("column '" + column.name + "' has " + std::to_string(column.size()) +
                                 " rows, expected " + std::to_string(m_rows),
                             m_source);
        }
    }
}

const Column& Table::column(std::string_view name) const {
    int64_t index = columnIndex(name);
    if (index < 0) throw InputError("no column named '" + std::string(name) + "'", m_source);
    return m_columns[static_cast<size_t>(index)];
}

int64_t Table::columnIndex(std::string_view name) const {
    for (size_t i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].name == name) return static_cast<int64_t>(i);
    }
    return -1;
}

std::vector<std::string> Table::columnNames() const {
    std::vector<std::string> names;
    names.reserve(m_columns.size());
    for (const auto& column : m_columns) names.push_back(column.name);
    return names;
}

}  // namespace loupe::data
