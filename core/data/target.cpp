#include "core/data/target.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "core/error.h"

namespace loupe::data {
namespace {

constexpr size_t kMaxClasses = 20;

}  // namespace

std::string_view toString(Task task) {
    return task == Task::Classification ? "classification" : "regression";
}

Task inferTask(const Column& target) {
    if (target.type != ColumnType::Numeric) return Task::Classification;
    std::set<double> distinct;
    int64_t present = 0;
    for (double value : target.numeric) {
        if (std::isnan(value)) continue;
        ++present;
        if (value != std::floor(value)) return Task::Regression;
        if (distinct.insert(value).second && distinct.size() > kMaxClasses) return Task::Regression;
    }
    if (distinct.empty()) return Task::Regression;
    return int64_t(distinct.size()) * 2 < present ? Task::Classification : Task::Regression;
}

Target encodeTarget(const Column& column, Task task, const std::string& source) {
    Target target;
    target.task = task;
    const int64_t rows = column.size();
    if (task == Task::Regression) {
        if (column.type != ColumnType::Numeric) {
            throw InputError("target '" + column.name + "' is " +
                                 std::string(toString(column.type)) +
                                 ", not numeric: regression "
                                 "needs numbers",
                             source);
        }
        for (int64_t row = 0; row < rows; ++row) {
            double value = column.numeric[size_t(row)];
            if (std::isnan(value)) continue;
            target.rows.push_back(row);
            target.values.push_back(static_cast<float>(value));
        }
        if (target.rows.empty())
            throw InputError("target '" + column.name + "' has no values", source);
        return target;
    }

    // Class codes: numbers sort numerically, strings lexicographically by byte, as
    // scikit-learn's LabelEncoder (np.unique) sorts them.
    std::vector<int32_t> classOf;  // Categorical: code -> class; Numeric: unused
    if (column.type == ColumnType::Numeric) {
        std::vector<double> values;
        for (double value : column.numeric) {
            if (!std::isnan(value)) values.push_back(value);
        }
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        for (double value : values) target.classNames.push_back(formatNumber(value));
        for (int64_t row = 0; row < rows; ++row) {
            double value = column.numeric[size_t(row)];
            if (std::isnan(value)) continue;
            auto at = std::lower_bound(values.begin(), values.end(), value) - values.begin();
            target.rows.push_back(row);
            target.values.push_back(static_cast<float>(at));
        }
    } else {
        std::vector<bool> used(column.categories.size(), false);
        for (int32_t code : column.codes) {
            if (code >= 0) used[size_t(code)] = true;
        }
        std::vector<int32_t> order;
        for (size_t code = 0; code < used.size(); ++code) {
            if (used[code]) order.push_back(int32_t(code));
        }
        std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
            return column.categories[size_t(a)] < column.categories[size_t(b)];
        });
        classOf.assign(column.categories.size(), -1);
        for (size_t k = 0; k < order.size(); ++k) {
            classOf[size_t(order[k])] = int32_t(k);
            target.classNames.push_back(column.categories[size_t(order[k])]);
        }
        for (int64_t row = 0; row < rows; ++row) {
            int32_t code = column.codes[size_t(row)];
            if (code < 0) continue;
            target.rows.push_back(row);
            target.values.push_back(static_cast<float>(classOf[size_t(code)]));
        }
    }
    if (target.classNames.empty())
        throw InputError("target '" + column.name + "' has no values", source);
    if (target.classNames.size() < 2) {
        throw InputError(
            "target '" + column.name + "' has a single class '" + target.classNames.front() + "'",
            source);
    }
    return target;
}

Target encodeTarget(const Table& table, const std::string& target) {
    const Column& column = table.column(target);
    return encodeTarget(column, inferTask(column), table.source());
}

std::vector<float> encodeLabels(const Column& column, const std::vector<std::string>& classNames) {
    std::unordered_map<std::string, float> index;
    for (size_t k = 0; k < classNames.size(); ++k)
        index.emplace(classNames[k], static_cast<float>(k));
    std::vector<float> labels(size_t(column.size()), -1.0f);
    if (column.type == ColumnType::Numeric) {
        for (size_t row = 0; row < labels.size(); ++row) {
            if (std::isnan(column.numeric[row])) continue;
            auto found = index.find(formatNumber(column.numeric[row]));
            if (found != index.end()) labels[row] = found->second;
        }
        return labels;
    }
    std::vector<float> byCode(column.categories.size(), -1.0f);
    for (size_t code = 0; code < byCode.size(); ++code) {
        auto found = index.find(column.categories[code]);
        if (found != index.end()) byCode[code] = found->second;
    }
    for (size_t row = 0; row < labels.size(); ++row) {
        int32_t code = column.codes[row];
        if (code >= 0) labels[row] = byCode[size_t(code)];
    }
    return labels;
}

}  // namespace loupe::data
