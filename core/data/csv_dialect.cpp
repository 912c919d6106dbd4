#include "core/data/csv_dialect.h"

#include <array>
#include <cstdint>
#include <map>

#include "core/data/column_builder.h"

namespace loupe::data {
namespace {

constexpr size_t kSniffLines = 50;

/// Length of the UTF-8 sequence starting at s[i] when valid, else 0; -1 when the sample ends
/// inside a sequence that may be valid.
int utf8Length(std::string_view s, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    int length = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (length <= 1) return length;
    for (int k = 1; k < length; ++k) {
        if (i + size_t(k) >= s.size()) return -1;
        if ((byte(i + size_t(k)) >> 6) != 0x2) return 0;
    }
    return length;
}

}  // namespace

std::string binaryReason(std::string_view sample) {
    if (sample.find('\0') != std::string_view::npos) return "NUL bytes";
    size_t invalid = 0, control = 0;
    for (size_t i = 0; i < sample.size();) {
        int length = utf8Length(sample, i);
        if (length < 0) break;
        if (length == 0) {
            ++invalid;
            ++i;
            continue;
        }
        auto c = static_cast<unsigned char>(sample[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ||
            c == 0x7F) {
            ++control;
        }
        i += size_t(length);
    }
    // A few invalid bytes are tolerated (a Latin-1 accent here and there); binary data has many.
    if (invalid * 10 > sample.size()) return "mostly invalid UTF-8";
    if (control * 50 > sample.size()) return "control characters";
    return {};
}

char sniffDelimiter(std::string_view sample) {
    // Per line, how often each candidate appears outside quotes.
    std::vector<std::array<int64_t, std::size(kDelimiters)>> counts;
    std::array<int64_t, std::size(kDelimiters)> line{};
    bool inQuotes = false;
    for (size_t i = 0; i < sample.size() && counts.size() < kSniffLines; ++i) {
        char c = sample[i];
        if (c == '"') {
            inQuotes = !inQuotes;
        } else if (!inQuotes && (c == '\n' || c == '\r')) {
            bool blank = true;
            for (auto n : line) blank = blank && n == 0;
            if (!blank || counts.empty()) counts.push_back(line);
            line = {};
            if (c == '\r' && i + 1 < sample.size() && sample[i + 1] == '\n') ++i;
        } else if (!inQuotes) {
            for (size_t d = 0; d < std::size(kDelimiters); ++d) line[d] += c == kDelimiters[d];
        }
    }
    if (counts.empty()) counts.push_back(line);  // a single line without a newline

    char best = ',';
    int64_t bestScore = -1;
    for (size_t d = 0; d < std::size(kDelimiters); ++d) {
        // Score: lines agreeing with the most common count, then that count.
        std::map<int64_t, int64_t> frequency;
        for (const auto& row : counts) ++frequency[row[d]];
        int64_t mode = 0, agreeing = 0;
        for (auto [count, lines] : frequency) {
            if (count > 0 && lines > agreeing) mode = count, agreeing = lines;
        }
        if (mode == 0) continue;
        int64_t score = agreeing * 1000000 + std::min<int64_t>(mode, 999999);
        if (score > bestScore) best = kDelimiters[d], bestScore = score;
    }
    return best;
}

bool looksLikeHeader(const std::vector<std::string>& firstRow) {
    for (const auto& field : firstRow) {
        if (!isMissingMarker(field) && parseNumber(field)) return false;
    }
    return true;
}

}  // namespace loupe::data
