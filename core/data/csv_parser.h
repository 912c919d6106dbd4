#pragma once
// Internal to core/data: the RFC 4180 tokenizer behind the CSV reader. One pass over a byte
// range; fields are handed to a sink as string_views into the buffer (a scratch string only for
// fields with "" escapes), so parsing allocates nothing per field.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace loupe::data {

/// A syntax error at a line relative to the start of the parsed range (1-based) and a field.
struct CsvSyntaxError {
    std::string message;
    int64_t line = 0;
    int64_t column = 0;
};

/// What one tokenizer pass saw.
struct CsvScan {
    const char* stop = nullptr;  ///< where it stopped: the range end, or after the last row read
    int64_t lines = 0;           ///< physical lines passed
    bool strayQuote = false;     ///< a quote inside an unquoted field or after a closing quote
};

/// Physical lines in [begin, end): LF, CRLF and a lone CR each end one.
int64_t countLines(const char* begin, const char* end);

/// Row boundaries that split [begin, end) into about `parts` ranges, each starting a row.
/// Counts quotes so a newline inside a quoted field is never taken as a boundary (exact unless
/// the file has stray quotes, which CsvScan::strayQuote reports).
std::vector<const char*> splitRows(const char* begin, const char* end, int parts);

/// Tokenizes [begin, end) with `delimiter`. Calls sink.field(index, text, rowLine) for each field
/// and sink.endRow(fieldCount, rowLine, position) at each row end; endRow returning false stops.
/// Empty lines are skipped. Throws CsvSyntaxError for an unterminated quote or a NUL byte.
template <class Sink>
CsvScan tokenizeCsv(const char* begin, const char* end, char delimiter, Sink& sink,
                    std::string& scratch) {
    std::array<bool, 256> special{};
    for (char c : {delimiter, '\n', '\r', '"', '\0'}) special[static_cast<unsigned char>(c)] = true;
    auto isSpecial = [&](char c) { return special[static_cast<unsigned char>(c)]; };
    auto endsField = [&](char c) { return c == delimiter || c == '\n' || c == '\r'; };

    CsvScan scan;
    const char* p = begin;
    int64_t line = 1;
    while (p < end) {
        if (*p == '\n' || *p == '\r') {  // an empty line
            p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
            ++line;
            continue;
        }
        const int64_t rowLine = line;
        int64_t index = 0;
        for (;;) {
            std::string_view text;
            if (p < end && *p == '"') {
                const char* open = p;
                const char* close = nullptr;
                bool escaped = false;
                for (const char* q = p + 1;;) {
                    close = static_cast<const char*>(std::memchr(q, '"', size_t(end - q)));
                    if (close == nullptr) {
                        throw CsvSyntaxError{
                            "unterminated quote: the quoted field opened here never "
                            "closes",
                            line, index + 1};
                    }
                    if (close + 1 < end && close[1] == '"') {
                        escaped = true;
                        q = close + 2;
                        continue;
                    }
                    break;
                }
                if (std::memchr(open + 1, '\n', size_t(close - open - 1)) != nullptr ||
                    std::memchr(open + 1, '\r', size_t(close - open - 1)) != nullptr) {
                    line += countLines(open + 1, close);
                }
                p = close + 1;
                if (escaped || (p < end && !endsField(*p))) {
                    scratch.clear();
                    for (const char* q = open + 1; q < close; ++q) {
                        scratch.push_back(*q);
                        if (*q == '"') ++q;  // "" -> "
                    }
                    // Text after the closing quote (`"ab"c`) is kept, as pandas keeps it.
                    while (p < end && !endsField(*p)) {
                        if (*p == '\0')
                            throw CsvSyntaxError{"not a text file (NUL byte)", line, index + 1};
                        scan.strayQuote = true;
                        scratch.push_back(*p++);
                    }
                    text = scratch;
                } else {
                    text = std::string_view(open + 1, size_t(close - open - 1));
                }
            } else {
                const char* start = p;
                while (p < end && !isSpecial(*p)) ++p;
                while (p < end && (*p == '"' || *p == '\0')) {
                    if (*p == '\0')
                        throw CsvSyntaxError{"not a text file (NUL byte)", line, index + 1};
                    scan.strayQuote = true;  // a literal quote inside an unquoted field
                    ++p;
                    while (p < end && !isSpecial(*p)) ++p;
                }
                text = std::string_view(start, size_t(p - start));
            }
            sink.field(index, text, rowLine);
            ++index;
            if (p < end && *p == delimiter) {
                ++p;
                continue;
            }
            break;
        }
        if (p < end) {
            p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
            ++line;
        }
        if (!sink.endRow(index, rowLine, p)) break;
    }
    scan.stop = p;
    scan.lines = line - 1;
    return scan;
}

}  // namespace loupe::data
