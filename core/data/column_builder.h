#pragma once
// Internal to core/data: the value rules every reader shares (numbers, missing markers, text
// columns) and the per-chunk column builder that infers a CSV column's type while it parses.

#include <charconv>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/data/table.h"

namespace loupe::data {

/// True for "", NA, N/A, NaN, null (any case) and "?", blanks around them ignored.
bool isMissingMarker(std::string_view text);
/// The whole field as a number (blanks around it and a leading '+' allowed); nullopt otherwise.
std::optional<double> parseNumber(std::string_view text);
/// Turns a categorical column into Text when its values are many and mostly unique (free text,
/// names, ids): more than kTextMinDistinct distinct values covering over half the present rows.
void classifyCategorical(Column& column);
inline constexpr int64_t kTextMinDistinct = 20;

/// Parses [-]digits[.digits] exactly when the digits fit a double's mantissa (Clinger's fast
/// path, as in fast_float: an exact integer divided by an exact power of ten rounds correctly);
/// false for anything else, which then goes to std::from_chars.
inline bool parseSimpleDecimal(const char* p, const char* end, double& out) {
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const bool negative = p < end && *p == '-';
    p += negative ? 1 : 0;
    uint64_t mantissa = 0;
    const char* first = p;
    while (p < end && static_cast<unsigned>(*p - '0') < 10)
        mantissa = mantissa * 10 + uint64_t(*p++ - '0');
    ptrdiff_t digits = p - first, fraction = 0;
    if (p < end && *p == '.') {
        const char* dot = ++p;
        while (p < end && static_cast<unsigned>(*p - '0') < 10)
            mantissa = mantissa * 10 + uint64_t(*p++ - '0');
        fraction = p - dot;
        digits += fraction;
    }
    // 19 digits cannot overflow 64 bits; 2^53 is the largest run of exact integers in a double.
    if (p != end || digits == 0 || digits > 19 || mantissa > (uint64_t(1) << 53)) return false;
    double value = static_cast<double>(mantissa);
    if (fraction > 0) value /= kPow10[fraction];
    out = negative ? -value : value;
    return true;
}

/// Hash that lets an unordered_map<std::string, ...> be searched with a string_view.
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
using Dictionary = std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>>;

/// Adds `text` to a category list (first-seen order) and returns its code.
int32_t intern(Dictionary& index, std::vector<std::string>& categories, std::string_view text);

/// One column of one chunk of a CSV file. Stays numeric while every value parses as a number;
/// the first other value switches it to categorical, and the rows read before the switch are
/// re-read later as text (see needsPrefix), so the buffer is never copied field by field.
class ColumnBuilder {
public:
    void reserve(size_t rows) { m_numeric.reserve(rows); }

    /// Adds the next row's value.
    void add(std::string_view text) {
        if (!m_categorical) {
            double value;
            const char* end = text.data() + text.size();
            if (parseSimpleDecimal(text.data(), end, value)) {
                m_numeric.push_back(value);
                return;
            }
            auto [ptr, ec] = std::from_chars(text.data(), end, value);
            if (ec == std::errc() && ptr == end) {
                m_numeric.push_back(value);
                return;
            }
            addSlow(text);
            return;
        }
        addCategory(text);
    }

    bool categorical() const { return m_categorical; }
    /// Rows whose text has to be re-read (numeric values seen before the switch).
    int64_t prefixRows() const { return m_prefixRows; }
    /// Switches a numeric builder to categorical; its rows so far become the prefix to re-read.
    void toCategorical();
    /// Adds the text of prefix row `row` (rows come in order, 0..prefixRows()-1).
    void addPrefix(std::string_view text);
    /// Puts the prefix codes in front of the others, keeping first-seen category order.
    void finishPrefix();

    std::vector<double>& numeric() { return m_numeric; }
    std::vector<int32_t>& codes() { return m_codes; }
    std::vector<std::string>& categories() { return m_categories; }

private:
    void addSlow(std::string_view text);
    void addCategory(std::string_view text);

    bool m_categorical = false;
    std::vector<double> m_numeric;
    std::vector<int32_t> m_codes;
    std::vector<std::string> m_categories;
    Dictionary m_index;
    int64_t m_prefixRows = 0;
    std::vector<int32_t> m_prefixCodes;
    std::vector<std::string> m_prefixCategories;
    Dictionary m_prefixIndex;
};

}  // namespace loupe::data
