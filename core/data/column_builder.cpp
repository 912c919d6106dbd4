#include "core/data/column_builder.h"

#include <cstdlib>

namespace loupe::data {
namespace {

std::string_view trimBlanks(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool equalsIgnoreCase(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != lower[i]) return false;
    }
    return true;
}

}  // namespace

bool isMissingMarker(std::string_view text) {
    text = trimBlanks(text);
    return text.empty() || text == "?" || equalsIgnoreCase(text, "na") ||
           equalsIgnoreCase(text, "n/a") || equalsIgnoreCase(text, "nan") ||
           equalsIgnoreCase(text, "null");
}

std::optional<double> parseNumber(std::string_view text) {
    text = trimBlanks(text);
    if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') {
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    double value = 0.0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ptr != end) return std::nullopt;
    if (ec == std::errc()) return value;
    if (ec == std::errc::result_out_of_range) {
        // from_chars leaves the value unset when it overflows or underflows; strtod gives the
        // rounded result (+-inf or 0) that pandas and numpy give.
        return std::strtod(std::string(text).c_str(), nullptr);
    }
    return std::nullopt;
}

void classifyCategorical(Column& column) {
    if (column.type == ColumnType::Numeric) return;
    int64_t present = static_cast<int64_t>(column.codes.size()) - column.missingCount();
    std::vector<bool> used(column.categories.size(), false);
    int64_t distinct = 0;
    for (int32_t code : column.codes) {
        if (code >= 0 && !used[static_cast<size_t>(code)]) {
            used[static_cast<size_t>(code)] = true;
            ++distinct;
        }
    }
    bool text = distinct > kTextMinDistinct && distinct * 2 > present;
    column.type = text ? ColumnType::Text : ColumnType::Categorical;
}

int32_t intern(Dictionary& index, std::vector<std::string>& categories, std::string_view text) {
    auto found = index.find(text);
    if (found != index.end()) return found->second;
    auto code = static_cast<int32_t>(categories.size());
    categories.emplace_back(text);
    index.emplace(categories.back(), code);
    return code;
}

void ColumnBuilder::addSlow(std::string_view text) {
    if (isMissingMarker(text)) {
        m_numeric.push_back(std::numeric_limits<double>::quiet_NaN());
        return;
    }
    if (auto value = parseNumber(text)) {
        m_numeric.push_back(*value);
        return;
    }
    toCategorical();
    addCategory(text);
}

void ColumnBuilder::addCategory(std::string_view text) {
    m_codes.push_back(isMissingMarker(text) ? -1 : intern(m_index, m_categories, text));
}

void ColumnBuilder::toCategorical() {
    if (m_categorical) return;
    m_categorical = true;
    m_prefixRows = static_cast<int64_t>(m_numeric.size());
    m_numeric = {};
    m_prefixCodes.reserve(static_cast<size_t>(m_prefixRows));
}

void ColumnBuilder::addPrefix(std::string_view text) {
    m_prefixCodes.push_back(
        isMissingMarker(text) ? -1 : intern(m_prefixIndex, m_prefixCategories, text));
}

void ColumnBuilder::finishPrefix() {
    if (m_prefixRows == 0) return;
    // The prefix values came first in the file, so their categories come first; the later
    // categories follow in their own first-seen order.
    std::vector<int32_t> remap(m_categories.size());
    for (size_t i = 0; i < m_categories.size(); ++i) {
        remap[i] = intern(m_prefixIndex, m_prefixCategories, m_categories[i]);
    }
    m_prefixCodes.reserve(m_prefixCodes.size() + m_codes.size());
    for (int32_t code : m_codes) m_prefixCodes.push_back(code < 0 ? -1 : remap[size_t(code)]);
    m_codes = std::move(m_prefixCodes);
    m_categories = std::move(m_prefixCategories);
    m_index = std::move(m_prefixIndex);
    m_prefixCodes = {};
    m_prefixCategories = {};
    m_prefixIndex = {};
    m_prefixRows = 0;
}

}  // namespace loupe::data
