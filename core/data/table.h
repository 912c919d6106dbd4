#pragma once
// Table: a dataset in memory as typed columns with missing values.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loupe::data {

enum class ColumnType {
    Numeric,      ///< doubles; NaN marks a missing value
    Categorical,  ///< codes into `categories`; -1 marks a missing value
    Text,         ///< like Categorical, but free text: ignored as a feature by default
};

/// "numeric", "categorical" or "text".
std::string_view toString(ColumnType type);

/// Makes column names unique the way pandas does: a repeated "x" becomes "x.1", "x.2", ...;
/// an empty name becomes "column_N" (N: 1-based position).
std::vector<std::string> uniqueNames(std::vector<std::string> names);

/// The shortest text that reads back as exactly `value` ("1", "2.5", "1e-07").
std::string formatNumber(double value);

struct Column {
    std::string name;
    ColumnType type = ColumnType::Numeric;
    std::vector<double> numeric;          ///< Numeric: one value per row
    std::vector<int32_t> codes;           ///< Categorical/Text: one code per row, -1 missing
    std::vector<std::string> categories;  ///< Categorical/Text: code -> string, first-seen order

    int64_t size() const;
    bool isMissing(int64_t row) const;
    int64_t missingCount() const;
    /// The value of a row as text ("" when missing); numbers print in their shortest exact form.
    std::string text(int64_t row) const;
};

class Table {
public:
    Table() = default;
    explicit Table(std::vector<Column> columns, std::string source = {});

    int64_t rowCount() const { return m_rows; }
    int64_t columnCount() const { return static_cast<int64_t>(m_columns.size()); }
    const Column& column(int64_t index) const { return m_columns.at(index); }
    /// Throws InputError naming the source file and the column when it is absent.
    const Column& column(std::string_view name) const;
    /// -1 when there is no such column.
    int64_t columnIndex(std::string_view name) const;
    const std::vector<Column>& columns() const { return m_columns; }
    std::vector<std::string> columnNames() const;
    /// The file the table was read from (for messages), or empty.
    const std::string& source() const { return m_source; }

private:
    std::vector<Column> m_columns;
    std::string m_source;
    int64_t m_rows = 0;
};

}  // namespace loupe::data
