#include "core/data/column_convert.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"

namespace loupe::data {
namespace {

std::optional<double> parseNumber(const std::string& label) {
    size_t begin = label.find_first_not_of(' ');
    size_t end = label.find_last_not_of(' ');
    if (begin == std::string::npos) return std::nullopt;
    const char* first = label.data() + begin;
    const char* last = label.data() + end + 1;
    if (*first == '+') ++first;
    double value = 0.0;
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last || !std::isfinite(value)) return std::nullopt;
    return value;
}

bool fewDistinct(const Column& column) {
    std::unordered_set<double> seen;
    for (double v : column.numeric) {
        if (std::isnan(v)) continue;
        if (seen.insert(v).second && static_cast<int64_t>(seen.size()) > kMaxConvertedCategories)
            return false;
    }
    return true;
}

}  // namespace

bool canConvert(const Column& column, ColumnType type) {
    if (column.type == type) return true;
    if (column.type == ColumnType::Numeric) return fewDistinct(column);
    if (type != ColumnType::Numeric) return true;
    for (const std::string& label : column.categories)
        if (!parseNumber(label)) return false;
    return true;
}

Column convertColumn(const Column& column, ColumnType type, const std::string& source) {
    if (!canConvert(column, type)) {
        const std::string why =
            column.type == ColumnType::Numeric
                ? "it has more than " + std::to_string(kMaxConvertedCategories) + " distinct values"
                : "some of its labels are not numbers";
        throw InputError("column '" + column.name + "' cannot be read as " +
                             std::string(toString(type)) + ": " + why,
                         source);
    }
    Column out;
    out.name = column.name;
    out.type = type;
    if (column.type == type) return column;
    if (type == ColumnType::Numeric) {
        std::vector<double> values(column.categories.size());
        for (size_t c = 0; c < values.size(); ++c) values[c] = *parseNumber(column.categories[c]);
        out.numeric.reserve(column.codes.size());
        for (int32_t code : column.codes)
            out.numeric.push_back(code < 0 ? std::nan("") : values[static_cast<size_t>(code)]);
        return out;
    }
    if (column.type != ColumnType::Numeric) {
        out.codes = column.codes;
        out.categories = column.categories;
        return out;
    }
    std::unordered_map<double, int32_t> codeOf;
    out.codes.reserve(column.numeric.size());
    for (double v : column.numeric) {
        if (std::isnan(v)) {
            out.codes.push_back(-1);
            continue;
        }
        auto [it, added] = codeOf.try_emplace(v, static_cast<int32_t>(out.categories.size()));
        if (added) out.categories.push_back(formatNumber(v));
        out.codes.push_back(it->second);
    }
    return out;
}

}  // namespace loupe::data
