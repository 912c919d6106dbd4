#include "core/data/pipeline.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "core/error.h"

namespace loupe::data {
namespace {

/// np.percentile's default (linear interpolation) of sorted values.
double percentile(const std::vector<double>& sorted, double q) {
    const double position = q / 100.0 * double(sorted.size() - 1);
    const auto below = size_t(std::floor(position));
    const size_t above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - double(below));
}

/// The fill value of `present` (not empty) for `impute`.
double imputeValue(std::vector<double> present, NumericImpute impute) {
    if (impute == NumericImpute::Mean) {
        double sum = 0.0;
        for (double value : present) sum += value;
        return sum / double(present.size());
    }
    std::sort(present.begin(), present.end());
    if (impute == NumericImpute::Median) return percentile(present, 50.0);  // np.median
    double best = present.front();
    size_t bestCount = 0;
    for (size_t i = 0; i < present.size();) {
        size_t j = i;
        while (j < present.size() && present[j] == present[i]) ++j;
        if (j - i > bestCount) {  // strictly more: a tie keeps the smaller value, as scikit-learn
            bestCount = j - i;
            best = present[i];
        }
        i = j;
    }
    return best;
}

FeatureStep fitNumeric(const Column& column, std::span<const int64_t> rows,
                       const PipelineOptions& options, const std::string& source) {
    FeatureStep step;
    step.column = column.name;
    step.type = ColumnType::Numeric;
    step.log = std::find(options.logColumns.begin(), options.logColumns.end(), column.name) !=
               options.logColumns.end();
    std::vector<double> present;
    present.reserve(rows.size());
    for (int64_t row : rows) {
        double value = column.numeric.at(size_t(row));
        if (std::isnan(value)) continue;
        if (std::isinf(value)) {
            throw InputError("column '" + column.name + "' has an infinite value in row " +
                                 std::to_string(row + 1),
                             source);
        }
        if (step.log) {
            if (value < 0.0)
                throw InputError("column '" + column.name + "' has a negative value (" +
                                     std::to_string(value) + ") in row " + std::to_string(row + 1) +
                                     "; a log transform needs values >= 0",
                                 source);
            value = std::log1p(value);
        }
        present.push_back(value);
    }
    if (present.empty()) return step;  // nothing to learn from: fill 0, identity scaling
    step.fill = imputeValue(present, options.numericImpute);
    if (options.scaling == Scaling::None) return step;
    // Scaled after imputing, as scikit-learn's Pipeline(SimpleImputer, <scaler>) does: the
    // statistics include the filled rows.
    const double missing = double(rows.size() - present.size());
    if (options.scaling != Scaling::Standard) {
        std::vector<double> all = std::move(present);
        all.insert(all.end(), size_t(missing), step.fill);
        std::sort(all.begin(), all.end());
        // A zero range or IQR leaves the column unscaled (scikit-learn's _handle_zeros_in_scale).
        if (options.scaling == Scaling::MinMax) {
            step.mean = all.front();
            step.scale = all.back() - all.front();
        } else {
            step.mean = percentile(all, 50.0);
            step.scale = percentile(all, 75.0) - percentile(all, 25.0);
        }
        if (!(step.scale > 0.0)) step.scale = 1.0;
        return step;
    }
    // Standard: the mean and the population std (ddof=0).
    double sum = step.fill * missing;
    for (double value : present) sum += value;
    step.mean = sum / double(rows.size());
    double squares = missing * (step.fill - step.mean) * (step.fill - step.mean);
    bool constant = true;
    for (double value : present) {
        squares += (value - step.mean) * (value - step.mean);
        constant = constant && value == present.front();
    }
    constant = constant && (missing == 0 || step.fill == present.front());
    const double std = std::sqrt(squares / double(rows.size()));
    step.scale = constant || std == 0.0 ? 1.0 : std;  // a constant column is only centred
    return step;
}

FeatureStep fitCategorical(const Column& column, std::span<const int64_t> rows) {
    FeatureStep step;
    step.column = column.name;
    step.type = ColumnType::Categorical;
    std::map<std::string, int64_t> counts;  // sorted: the one-hot order
    if (column.type == ColumnType::Numeric) {
        for (int64_t row : rows) {
            if (!column.isMissing(row)) ++counts[column.text(row)];
        }
    } else {
        std::vector<int64_t> byCode(column.categories.size(), 0);
        for (int64_t row : rows) {
            int32_t code = column.codes.at(size_t(row));
            if (code >= 0) ++byCode[size_t(code)];
        }
        for (size_t code = 0; code < byCode.size(); ++code) {
            if (byCode[code] > 0) counts[column.categories[code]] += byCode[code];
        }
    }
    step.fillCategory = counts.empty() ? -1 : 0;
    int64_t best = 0;
    for (auto& [category, count] : counts) {
        if (count > best) {  // strictly more: a tie keeps the first in sorted order
            best = count;
            step.fillCategory = int32_t(step.categories.size());
        }
        step.categories.push_back(category);
    }
    return step;
}

}  // namespace

void Pipeline::fit(const Table& table, const std::vector<std::string>& features,
                   std::span<const int64_t> rows) {
    if (rows.empty()) throw InputError("cannot fit the pipeline on zero rows", table.source());
    for (int64_t row : rows) {
        if (row < 0 || row >= table.rowCount()) {
            throw InputError("row " + std::to_string(row) + " is outside the table",
                             table.source());
        }
    }
    for (const std::string& name : m_options.logColumns) {
        if (std::find(features.begin(), features.end(), name) == features.end() ||
            table.column(name).type != ColumnType::Numeric)
            throw InputError("log transform: '" + name + "' is not a numeric feature column",
                             table.source());
    }
    std::vector<FeatureStep> steps;
    for (const auto& name : features) {
        const Column& column = table.column(name);
        steps.push_back(column.type == ColumnType::Numeric
                            ? fitNumeric(column, rows, m_options, table.source())
                            : fitCategorical(column, rows));
    }
    m_steps = std::move(steps);
}

Matrix Pipeline::transform(const Table& table, std::span<const int64_t> rows) const {
    Matrix x = Matrix::Zero(Eigen::Index(rows.size()), Eigen::Index(outputWidth()));
    Eigen::Index offset = 0;
    for (const auto& step : m_steps) {
        const Column& column = table.column(step.column);
        if (step.type == ColumnType::Numeric) {
            if (column.type != ColumnType::Numeric) {
                throw InputError("column '" + step.column + "' is " +
                                     std::string(toString(column.type)) +
                                     "; the pipeline expects numbers",
                                 table.source());
            }
            for (size_t i = 0; i < rows.size(); ++i) {
                double value = column.numeric.at(size_t(rows[i]));
                if (step.log) value = std::log1p(value);  // below -1: NaN, so filled
                if (std::isnan(value)) value = step.fill;
                x(Eigen::Index(i), offset) = static_cast<float>((value - step.mean) / step.scale);
            }
            ++offset;
            continue;
        }
        std::unordered_map<std::string, int32_t> index;
        for (size_t k = 0; k < step.categories.size(); ++k)
            index.emplace(step.categories[k], int32_t(k));
        auto lookup = [&](const std::string& text) {
            auto found = index.find(text);
            return found == index.end() ? -1 : found->second;  // unseen: all zeros
        };
        std::vector<int32_t> byCode;  // the column's codes -> step categories, built once
        if (column.type != ColumnType::Numeric) {
            for (const auto& category : column.categories) byCode.push_back(lookup(category));
        }
        const bool ordinal = m_options.encoding == Encoding::Ordinal;
        for (size_t i = 0; i < rows.size(); ++i) {
            int64_t row = rows[i];
            int32_t k = step.fillCategory;
            if (!column.isMissing(row)) {
                k = column.type == ColumnType::Numeric ? lookup(column.text(row))
                                                       : byCode[size_t(column.codes[size_t(row)])];
            }
            if (ordinal)
                x(Eigen::Index(i), offset) = float(k);
            else if (k >= 0)
                x(Eigen::Index(i), offset + k) = 1.0f;
        }
        offset += Eigen::Index(widthOf(step));
    }
    return x;
}

int64_t Pipeline::widthOf(const FeatureStep& step) const {
    const bool single = step.type == ColumnType::Numeric || m_options.encoding == Encoding::Ordinal;
    return single ? 1 : int64_t(step.categories.size());
}

int64_t Pipeline::outputWidth() const {
    int64_t width = 0;
    for (const auto& step : m_steps) width += widthOf(step);
    return width;
}

std::vector<std::string> Pipeline::outputNames() const {
    std::vector<std::string> names;
    for (const auto& step : m_steps) {
        if (step.type == ColumnType::Numeric || m_options.encoding == Encoding::Ordinal) {
            names.push_back(step.column);
        } else {
            for (const auto& category : step.categories)
                names.push_back(step.column + "=" + category);
        }
    }
    return names;
}

std::vector<int64_t> Pipeline::outputSource() const {
    std::vector<int64_t> source;
    for (size_t s = 0; s < m_steps.size(); ++s) {
        const auto width = size_t(widthOf(m_steps[s]));
        source.insert(source.end(), width, int64_t(s));
    }
    return source;
}

std::string toString(NumericImpute impute) {
    return impute == NumericImpute::Median         ? "median"
           : impute == NumericImpute::MostFrequent ? "most_frequent"
                                                   : "mean";
}

std::string toString(Scaling scaling) {
    switch (scaling) {
        case Scaling::Standard:
            return "standard";
        case Scaling::MinMax:
            return "minmax";
        case Scaling::Robust:
            return "robust";
        case Scaling::None:
            return "none";
    }
    return "standard";
}

std::string toString(Encoding encoding) {
    return encoding == Encoding::Ordinal ? "ordinal" : "onehot";
}

NumericImpute parseImpute(const std::string& text) {
    for (auto v : {NumericImpute::Mean, NumericImpute::Median, NumericImpute::MostFrequent})
        if (toString(v) == text) return v;
    throw InputError("unknown imputation '" + text + "' (expected mean, median or most_frequent)");
}

Scaling parseScaling(const std::string& text) {
    for (auto v : {Scaling::Standard, Scaling::MinMax, Scaling::Robust, Scaling::None})
        if (toString(v) == text) return v;
    throw InputError("unknown scaling '" + text + "' (expected standard, minmax, robust or none)");
}

Encoding parseEncoding(const std::string& text) {
    for (auto v : {Encoding::OneHot, Encoding::Ordinal})
        if (toString(v) == text) return v;
    throw InputError("unknown encoding '" + text + "' (expected onehot or ordinal)");
}

std::vector<std::string> defaultFeatures(const Table& table, const std::string& target) {
    std::vector<std::string> features;
    for (const auto& column : table.columns()) {
        if (column.name != target && column.type != ColumnType::Text)
            features.push_back(column.name);
    }
    return features;
}

}  // namespace loupe::data
