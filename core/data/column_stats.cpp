#include "core/data/column_stats.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace loupe::data {
namespace {

/// `values`: the described values of a numeric column, NaN for missing.
void numericStats(std::span<const double> values, int bins, ColumnStats& stats) {
    std::vector<double> present;
    present.reserve(values.size());
    for (double v : values)
        if (!std::isnan(v)) present.push_back(v);
    std::sort(present.begin(), present.end());
    stats.distinct = std::unique(present.begin(), present.end()) - present.begin();

    // Two passes over the finite values: the mean first, then squared deviations from it, which
    // keeps the variance accurate for large offsets (a one-pass sum of squares would cancel).
    int64_t n = 0;
    double sum = 0.0;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        ++n;
        sum += v;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    if (n == 0) return;
    stats.mean = sum / static_cast<double>(n);
    stats.min = low;
    stats.max = high;
    if (n > 1) {
        double squares = 0.0;
        for (double v : values)
            if (std::isfinite(v)) squares += (v - stats.mean) * (v - stats.mean);
        stats.std = std::sqrt(squares / static_cast<double>(n - 1));
    }

    const int count = high > low ? std::max(bins, 1) : 1;
    const double width = (high - low) / count;
    stats.histogram.resize(static_cast<size_t>(count));
    for (int b = 0; b < count; ++b) {
        stats.histogram[static_cast<size_t>(b)].low = low + width * b;
        stats.histogram[static_cast<size_t>(b)].high =
            b + 1 == count ? high : low + width * (b + 1);
    }
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        int b = width > 0.0 ? static_cast<int>((v - low) / width) : 0;
        b = std::clamp(b, 0, count - 1);  // the maximum falls in the last bin, as in numpy
        ++stats.histogram[static_cast<size_t>(b)].count;
    }
}

/// `counts`: rows per category code of the described rows.
void categoryStats(const Column& column, const std::vector<int64_t>& counts, int maxCategories,
                   ColumnStats& stats) {
    std::vector<size_t> order(counts.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return counts[a] > counts[b]; });
    for (size_t i = 0; i < order.size(); ++i) {
        const int64_t count = counts[order[i]];
        if (count == 0) break;
        ++stats.distinct;
        if (static_cast<int>(i) < maxCategories)
            stats.categories.push_back({column.categories[order[i]], count});
        else
            stats.otherCount += count;
    }
}

}  // namespace

ColumnStats columnStats(const Column& column, int bins, int maxCategories) {
    ColumnStats stats;
    stats.name = column.name;
    stats.type = column.type;
    stats.rows = column.size();
    stats.missing = column.missingCount();
    if (column.type == ColumnType::Numeric) {
        numericStats(column.numeric, bins, stats);
        return stats;
    }
    std::vector<int64_t> counts(column.categories.size(), 0);
    for (int32_t code : column.codes)
        if (code >= 0) ++counts[static_cast<size_t>(code)];
    categoryStats(column, counts, maxCategories, stats);
    return stats;
}

ColumnStats columnStats(const Column& column, std::span<const int64_t> rows, int bins,
                        int maxCategories) {
    ColumnStats stats;
    stats.name = column.name;
    stats.type = column.type;
    const int64_t size = column.size();
    if (column.type == ColumnType::Numeric) {
        // One gathered copy of the values keeps the numeric passes the same as for a column.
        std::vector<double> values;
        values.reserve(rows.size());
        for (int64_t r : rows)
            if (r >= 0 && r < size) values.push_back(column.numeric[static_cast<size_t>(r)]);
        stats.rows = static_cast<int64_t>(values.size());
        stats.missing =
            std::count_if(values.begin(), values.end(), [](double v) { return std::isnan(v); });
        numericStats(values, bins, stats);
        return stats;
    }
    std::vector<int64_t> counts(column.categories.size(), 0);
    for (int64_t r : rows) {
        if (r < 0 || r >= size) continue;
        ++stats.rows;
        const int32_t code = column.codes[static_cast<size_t>(r)];
        if (code >= 0)
            ++counts[static_cast<size_t>(code)];
        else
            ++stats.missing;
    }
    categoryStats(column, counts, maxCategories, stats);
    return stats;
}

std::vector<CategoryCount> classBalance(const Column& target) {
    std::vector<CategoryCount> classes;
    if (target.type == ColumnType::Numeric) {
        std::map<double, int64_t> counts;
        for (double v : target.numeric)
            if (!std::isnan(v)) ++counts[v];
        for (const auto& [value, count] : counts) classes.push_back({formatNumber(value), count});
        return classes;
    }
    std::map<std::string, int64_t> counts;
    std::vector<int64_t> byCode(target.categories.size(), 0);
    for (int32_t code : target.codes)
        if (code >= 0) ++byCode[static_cast<size_t>(code)];
    for (size_t c = 0; c < byCode.size(); ++c)
        if (byCode[c] > 0) counts[target.categories[c]] += byCode[c];
    for (const auto& [name, count] : counts) classes.push_back({name, count});
    return classes;
}

}  // namespace loupe::data
