#include "core/io/csv_records.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "core/error.h"

namespace loupe::io {

std::vector<CsvRecord> parseCsvRecords(std::string_view text, const std::string& source) {
    std::vector<CsvRecord> records;
    size_t i = 0;
    int64_t line = 1;
    const size_t n = text.size();
    const auto endOfLine = [&](size_t at) { return text[at] == '\n' || text[at] == '\r'; };
    const auto skipLineEnd = [&] {
        if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
    };
    while (i < n) {
        if (endOfLine(i)) {  // an empty line
            skipLineEnd();
            continue;
        }
        CsvRecord record;
        record.line = line;
        for (;;) {
            std::string field;
            if (i < n && text[i] == '"') {
                const int64_t openLine = line;
                ++i;
                for (;;) {
                    if (i >= n)
                        throw InputError(
                            "unterminated quote: the quoted field opened here never "
                            "closes",
                            source, openLine, static_cast<int64_t>(record.fields.size()) + 1);
                    if (text[i] == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < n && text[i + 1] == '\n')))
                        ++line;
                    field += text[i++];
                }
                // Text between a closing quote and the next delimiter is kept, as pandas does.
                while (i < n && text[i] != ',' && !endOfLine(i)) field += text[i++];
            } else {
                while (i < n && text[i] != ',' && !endOfLine(i)) field += text[i++];
            }
            record.fields.push_back(std::move(field));
            if (i < n && text[i] == ',') {
                ++i;
                continue;
            }
            break;
        }
        records.push_back(std::move(record));
        if (i < n) skipLineEnd();
    }
    return records;
}

double parseCsvNumber(std::string_view field, const std::string& source, int64_t line,
                      int64_t column) {
    if (field.empty()) return std::numeric_limits<double>::quiet_NaN();
    double value = 0.0;
    const char* end = field.data() + field.size();
    const auto [stop, ec] = std::from_chars(field.data(), end, value);
    if (ec != std::errc() || stop != end)
        throw InputError("'" + std::string(field) + "' is not a number", source, line, column);
    return value;
}

int64_t parseCsvInteger(std::string_view field, const std::string& source, int64_t line,
                        int64_t column) {
    int64_t value = 0;
    const char* end = field.data() + field.size();
    const auto [stop, ec] = std::from_chars(field.data(), end, value);
    if (field.empty() || ec != std::errc() || stop != end)
        throw InputError("'" + std::string(field) + "' is not a whole number", source, line,
                         column);
    return value;
}

}  // namespace loupe::io
