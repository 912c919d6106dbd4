#include "core/data/csv_parser.h"

namespace loupe::data {

int64_t countLines(const char* begin, const char* end) {
    int64_t lines = 0;
    for (const char* p = begin; p < end; ++p) {
        if (*p == '\n')
            ++lines;
        else if (*p == '\r' && (p + 1 == end || p[1] != '\n'))
            ++lines;
    }
    return lines;
}

std::vector<const char*> splitRows(const char* begin, const char* end, int parts) {
    std::vector<const char*> bounds{begin};
    const bool quoted = std::memchr(begin, '"', size_t(end - begin)) != nullptr;
    const char* counted = begin;  // quotes in [begin, counted) have been counted
    bool inQuotes = false;
    const auto size = end - begin;
    for (int k = 1; k < parts; ++k) {
        const char* target = begin + size * k / parts;
        if (target <= bounds.back()) continue;
        const char* p = target;
        if (!quoted) {
            p = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
            if (p == nullptr) break;
        } else {
            // An even number of quotes before a newline puts it outside any quoted field, since
            // a "" escape adds two and each quoted field opens and closes once.
            inQuotes ^= (std::count(counted, target, '"') & 1) != 0;
            while (p < end && (inQuotes || *p != '\n')) {
                if (*p == '"') inQuotes = !inQuotes;
                ++p;
            }
            if (p == end) break;
        }
        ++p;  // past the newline
        counted = p;
        if (p < end) bounds.push_back(p);
    }
    bounds.push_back(end);
    return bounds;
}

}  // namespace loupe::data
