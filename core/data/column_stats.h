#pragma once
// Summaries of one column for the Data view: counts, moments, a histogram or category counts,
// and a target's class balance.

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "core/data/table.h"

namespace loupe::data {

/// One equal-width histogram bin [low, high); the last bin also holds `high`.
struct HistogramBin {
    double low = 0.0;
    double high = 0.0;
    int64_t count = 0;
};

/// How many present rows carry one label.
struct CategoryCount {
    std::string name;
    int64_t count = 0;
};

/// What the statistics panel shows for a column.
struct ColumnStats {
    std::string name;
    ColumnType type = ColumnType::Numeric;
    int64_t rows = 0;
    int64_t missing = 0;
    int64_t distinct = 0;  ///< distinct present values (labels, or numbers by value)
    /// Numeric only, over the finite present values; NaN when there are none. `std` is the
    /// sample standard deviation (ddof = 1), as pandas' describe() reports it.
    double mean = std::numeric_limits<double>::quiet_NaN();
    double std = std::numeric_limits<double>::quiet_NaN();
    double min = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();
    std::vector<HistogramBin> histogram;    ///< Numeric: bins over [min, max] of the finite values
    std::vector<CategoryCount> categories;  ///< Categorical/Text: most frequent first, capped
    int64_t otherCount = 0;  ///< rows whose label is beyond the capped `categories` list
};

/// Statistics of `column` with at most `bins` histogram bins (numpy's equal-width rule, one bin
/// when all values are equal) and at most `maxCategories` listed labels.
ColumnStats columnStats(const Column& column, int bins = 20, int maxCategories = 12);

/// The same statistics over the rows `rows` of `column` only (e.g. the rows a filter or a
/// confusion-matrix cell shows; order does not matter, out-of-range rows are skipped); `rows` in
/// the result counts the rows described.
ColumnStats columnStats(const Column& column, std::span<const int64_t> rows, int bins = 20,
                        int maxCategories = 12);

/// Rows per class of a classification target, ordered as scikit-learn's LabelEncoder orders
/// the classes (numbers by value, labels by text); missing targets are not counted.
std::vector<CategoryCount> classBalance(const Column& target);

}  // namespace loupe::data
