#pragma once
// CsvWriter: builds RFC 4180 CSV text in memory (fields with commas, quotes or line breaks are
// quoted, quotes doubled); numbers in their shortest round-trip form so readers get exact values.

#include <cstdint>
#include <string>
#include <string_view>

namespace loupe::io {

/// Shortest text that reads back as exactly `value` (std::to_chars); "nan", "inf", "-inf".
std::string formatNumber(double value);

/// Builds CSV text row by row.
class CsvWriter {
public:
    /// Appends a text field, quoted when it needs to be.
    CsvWriter& field(std::string_view text);
    /// Appends a number in shortest round-trip form; NaN becomes an empty (missing) field.
    CsvWriter& number(double value);
    /// Appends a float32 in its own shortest round-trip form ("0.001", not 0.0010000000474974513).
    CsvWriter& number(float value);
    /// Appends an integer field.
    CsvWriter& integer(int64_t value);
    /// Ends the current row with "\n".
    CsvWriter& endRow();

    /// The CSV text so far.
    const std::string& text() const { return m_text; }
    /// Moves the CSV text out, leaving the writer empty.
    std::string take() { return std::move(m_text); }

private:
    void separate();

    std::string m_text;
    bool m_rowStarted = false;
};

}  // namespace loupe::io
