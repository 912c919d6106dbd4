#include "core/io/csv_writer.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace loupe::io {

std::string formatNumber(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (ec != std::errc()) return std::to_string(value);
    return std::string(buffer, end);
}

void CsvWriter::separate() {
    if (m_rowStarted) m_text += ',';
    m_rowStarted = true;
}

CsvWriter& CsvWriter::field(std::string_view text) {
    separate();
    const bool needsQuotes = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                             (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!needsQuotes) {
        m_text += text;
        return *this;
    }
    m_text += '"';
    for (char c : text) {
        if (c == '"') m_text += '"';
        m_text += c;
    }
    m_text += '"';
    return *this;
}

CsvWriter& CsvWriter::number(double value) {
    separate();
    if (!std::isnan(value)) m_text += formatNumber(value);
    return *this;
}

CsvWriter& CsvWriter::number(float value) {
    separate();
    if (std::isnan(value)) return *this;
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    m_text.append(text, result.ptr);
    return *this;
}

CsvWriter& CsvWriter::integer(int64_t value) {
    separate();
    m_text += std::to_string(value);
    return *this;
}

CsvWriter& CsvWriter::endRow() {
    m_text += '\n';
    m_rowStarted = false;
    return *this;
}

}  // namespace loupe::io
