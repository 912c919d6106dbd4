#pragma once
// CsvRecords: reads back the small CSV files Loupe writes itself (predictions.csv, history.csv):
// RFC 4180 records as strings, each with the line it starts on, for messages with a location.
// Datasets go through core/data's reader instead, which types columns and handles dialects.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loupe::io {

/// One record: its fields (quotes removed, doubled quotes undone) and its first line (1-based).
struct CsvRecord {
    std::vector<std::string> fields;
    int64_t line = 0;
};

/// Splits comma-separated `text` into records; empty lines are skipped. Throws InputError naming
/// `source`, the line and the field for an unterminated quote.
std::vector<CsvRecord> parseCsvRecords(std::string_view text, const std::string& source = {});

/// The number in `field` (shortest round-trip text, "nan", "inf", "-inf"); an empty field is NaN.
/// Throws InputError naming `source`, `line` and `column` (1-based) when it is not a number.
double parseCsvNumber(std::string_view field, const std::string& source, int64_t line,
                      int64_t column);

/// The whole number in `field`. Throws InputError with the location when it is not one.
int64_t parseCsvInteger(std::string_view field, const std::string& source, int64_t line,
                        int64_t column);

}  // namespace loupe::io
