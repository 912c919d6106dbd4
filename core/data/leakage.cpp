#include "core/data/leakage.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <unordered_map>
#include <utility>

namespace loupe::data {
namespace {

/// A cell as a number to compare and key on: the value (-0 as 0), or the category code; NaN for
/// a missing cell.
double cellKey(const Column& column, int64_t row) {
    if (column.type == ColumnType::Numeric) {
        const double v = column.numeric[static_cast<size_t>(row)];
        return v == 0.0 ? 0.0 : v;
    }
    const int32_t code = column.codes[static_cast<size_t>(row)];
    return code < 0 ? std::nan("") : static_cast<double>(code);
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", value);
    return text;
}

/// What univariateScore measured for `column`.
std::string scoreName(const Column& column, const Target& target) {
    const bool numeric = column.type == ColumnType::Numeric;
    if (target.task == Task::Regression) return numeric ? "|Spearman rho|" : "held-out R^2";
    if (numeric && target.classNames.size() == 2) return "ROC-AUC";
    return "held-out balanced accuracy";
}

std::string rowList(const std::vector<int64_t>& rows) {
    std::string text;
    for (size_t i = 0; i < rows.size() && i < 5; ++i)
        text += (i ? ", " : "") + std::to_string(rows[i]);
    return rows.size() > 5 ? text + ", ..." : text;
}

/// Held-out rows (validation + test, sorted) with a target.
std::vector<int64_t> heldOutRows(const Split& split) {
    std::vector<int64_t> rows;
    std::merge(split.val.begin(), split.val.end(), split.test.begin(), split.test.end(),
               std::back_inserter(rows));
    return rows;
}

std::vector<LeakageWarning> duplicateRows(const std::vector<const Column*>& cols,
                                          const Split& split) {
    const auto hashRow = [&](int64_t row) {
        uint64_t h = 0x84222325CBF29CE4ull;
        for (const Column* c : cols) {
            const double key = cellKey(*c, row);
            const uint64_t bits =
                std::isnan(key) ? 0x7FF8000000000000ull : std::bit_cast<uint64_t>(key);
            h = (h ^ bits) * 0x100000001B3ull;
            h ^= h >> 29;
        }
        return h;
    };
    const auto equalRows = [&](int64_t a, int64_t b) {
        for (const Column* c : cols) {
            const double x = cellKey(*c, a), y = cellKey(*c, b);
            if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
        }
        return true;
    };
    std::unordered_multimap<uint64_t, int64_t> train;
    for (int64_t row : split.train) train.emplace(hashRow(row), row);
    const std::vector<int64_t> heldOut = heldOutRows(split);
    LeakageWarning w;
    for (int64_t row : heldOut) {
        const auto [first, last] = train.equal_range(hashRow(row));
        if (std::any_of(first, last, [&](const auto& kv) { return equalRows(row, kv.second); }))
            w.rows.push_back(row);
    }
    if (w.rows.empty()) return {};
    w.kind = LeakageKind::DuplicateRows;
    for (const Column* c : cols) w.columns.push_back(c->name);
    w.score = static_cast<double>(w.rows.size()) / static_cast<double>(heldOut.size());
    w.message = std::to_string(w.rows.size()) + " of " + std::to_string(heldOut.size()) +
                " validation/test rows repeat a training row's feature values (rows " +
                rowList(w.rows) + "): their scores measure memory, not generalisation";
    return {w};
}

/// Mann-Whitney ROC-AUC of `values` scoring class 1 against class 0, ties averaged.
double binaryAuc(std::vector<std::pair<double, int>> values) {
    std::sort(values.begin(), values.end());
    double positives = 0.0, rankSum = 0.0;
    for (size_t i = 0; i < values.size();) {
        size_t j = i;
        while (j < values.size() && values[j].first == values[i].first) ++j;
        const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        for (size_t k = i; k < j; ++k)
            if (values[k].second == 1) positives += 1.0, rankSum += rank;
        i = j;
    }
    const double negatives = static_cast<double>(values.size()) - positives;
    if (positives == 0.0 || negatives == 0.0) return 0.5;
    return (rankSum - positives * (positives + 1.0) / 2.0) / (positives * negatives);
}

/// Average ranks (ties share their mean rank).
std::vector<double> ranks(const std::vector<double>& values) {
    std::vector<size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return values[a] < values[b]; });
    std::vector<double> out(values.size());
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
        for (size_t k = i; k < j; ++k)
            out[order[k]] = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        i = j;
    }
    return out;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = static_cast<double>(x.size());
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0.0 && syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

/// The pairs (feature value, target value) of the labelled rows where the feature is present.
struct Pairs {
    std::vector<int64_t> rows;
    std::vector<double> x, y;
};

Pairs pairsOf(const Column& column, const Target& target, const std::vector<int64_t>& rows) {
    Pairs p;
    for (int64_t row : rows) {
        const double x = cellKey(column, row);
        if (std::isnan(x)) continue;
        const auto at = std::lower_bound(target.rows.begin(), target.rows.end(), row);
        if (at == target.rows.end() || *at != row) continue;
        p.rows.push_back(row);
        p.x.push_back(x);
        p.y.push_back(target.values[static_cast<size_t>(at - target.rows.begin())]);
    }
    return p;
}

/// The derived-column message, or "" when `column` is not derived from the target.
std::string derivedFrom(const Column& column, const Column& targetColumn, const Target& target) {
    const Pairs all = pairsOf(column, target, target.rows);
    if (all.x.size() < 2 || all.x.size() * 10 < target.rows.size() * 9) return {};
    bool copy = true;
    for (int64_t row : all.rows) copy = copy && column.text(row) == targetColumn.text(row);
    if (copy) return "is a copy of the target";
    if (target.task == Task::Classification) {
        std::map<double, double> classOf;  // feature value -> the one class it is seen with
        for (size_t i = 0; i < all.x.size(); ++i) {
            const auto [at, inserted] = classOf.emplace(all.x[i], all.y[i]);
            if (!inserted && at->second != all.y[i]) return {};
        }
        // A column of distinct values (an id) determines any label; a leak repeats its values.
        if (classOf.size() * 2 > all.x.size()) return {};
        std::map<double, int> classes;
        for (const auto& [value, label] : classOf) ++classes[label];
        const bool oneToOne = std::all_of(classes.begin(), classes.end(),
                                          [](const auto& kv) { return kv.second == 1; });
        return oneToOne ? "maps one to one to the classes of the target"
                        : "has values that each belong to a single class of the target";
    }
    if (column.type != ColumnType::Numeric) return {};
    // Strictly monotone in the target: ranks equal (or reversed) including ties.
    const std::vector<double> rx = ranks(all.x), ry = ranks(all.y);
    const bool up = rx == ry;
    bool down = true;
    const double n1 = static_cast<double>(all.x.size()) + 1.0;
    for (size_t i = 0; i < rx.size() && down; ++i) down = rx[i] == n1 - ry[i];
    return up || down ? "is a monotone transform of the target" : std::string{};
}

/// The univariate score of `column` (see checkLeakage); NaN when it cannot be computed.
double univariateScore(const Column& column, const Target& target, const Split& split) {
    const bool classification = target.task == Task::Classification;
    if (column.type == ColumnType::Numeric && classification && target.classNames.size() == 2) {
        const Pairs all = pairsOf(column, target, target.rows);
        std::vector<std::pair<double, int>> values;
        for (size_t i = 0; i < all.x.size(); ++i)
            values.emplace_back(all.x[i], static_cast<int>(all.y[i]));
        const double auc = binaryAuc(std::move(values));
        return std::max(auc, 1.0 - auc);
    }
    if (column.type == ColumnType::Numeric && !classification) {
        const Pairs all = pairsOf(column, target, target.rows);
        return all.x.size() < 3 ? std::nan("") : std::abs(pearson(ranks(all.x), ranks(all.y)));
    }
    // Fitted on the training rows, scored on the held-out rows: a column of ids would score
    // perfectly on the rows it was fitted on.
    const Pairs train = pairsOf(column, target, split.train);
    const Pairs held = pairsOf(column, target, heldOutRows(split));
    if (train.x.empty() || held.x.empty()) return std::nan("");
    std::vector<double> predicted(held.x.size(), std::nan(""));
    if (column.type == ColumnType::Numeric) {  // multiclass: the class of the nearest value
        std::vector<size_t> order(train.x.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return train.x[a] < train.x[b]; });
        for (size_t i = 0; i < held.x.size(); ++i) {
            const auto at = std::lower_bound(order.begin(), order.end(), held.x[i],
                                             [&](size_t k, double v) { return train.x[k] < v; });
            size_t best = at == order.end() ? order.back() : *at;
            if (at != order.begin() &&
                std::abs(train.x[*(at - 1)] - held.x[i]) < std::abs(train.x[best] - held.x[i]))
                best = *(at - 1);
            predicted[i] = train.y[best];
        }
    } else {
        std::map<double, std::map<double, double>> seen;  // category -> target -> count (or sum)
        for (size_t i = 0; i < train.x.size(); ++i) seen[train.x[i]][train.y[i]] += 1.0;
        for (size_t i = 0; i < held.x.size(); ++i) {
            const auto at = seen.find(held.x[i]);
            if (at == seen.end()) continue;
            double best = 0.0, count = 0.0, total = 0.0, n = 0.0;
            for (const auto& [label, c] : at->second) {
                if (c > count) best = label, count = c;
                total += label * c;
                n += c;
            }
            predicted[i] = classification ? best : total / n;
        }
    }
    if (classification) {  // balanced: predicting the majority class scores 1 / classes
        std::map<double, std::pair<double, double>> perClass;  // label -> (right, rows)
        for (size_t i = 0; i < held.y.size(); ++i) {
            auto& [right, rows] = perClass[held.y[i]];
            right += predicted[i] == held.y[i] ? 1.0 : 0.0;
            rows += 1.0;
        }
        double recall = 0.0;
        for (const auto& [label, counts] : perClass) recall += counts.first / counts.second;
        return recall / static_cast<double>(perClass.size());
    }
    const double mean =
        std::accumulate(held.y.begin(), held.y.end(), 0.0) / static_cast<double>(held.y.size());
    double residual = 0.0, totalSquares = 0.0;
    for (size_t i = 0; i < held.y.size(); ++i) {
        const double guess = std::isnan(predicted[i]) ? mean : predicted[i];
        residual += (held.y[i] - guess) * (held.y[i] - guess);
        totalSquares += (held.y[i] - mean) * (held.y[i] - mean);
    }
    return totalSquares > 0.0 ? 1.0 - residual / totalSquares : std::nan("");
}

}  // namespace

std::string_view toString(LeakageKind kind) {
    switch (kind) {
        case LeakageKind::DuplicateRows:
            return "duplicate_rows";
        case LeakageKind::PredictiveFeature:
            return "predictive_feature";
        case LeakageKind::TargetDerived:
            return "target_derived";
    }
    return "duplicate_rows";
}

std::vector<LeakageWarning> checkLeakage(const Table& table,
                                         const std::vector<std::string>& features,
                                         const std::string& targetName, const Target& target,
                                         const Split& split, const LeakageOptions& options) {
    const Column& targetColumn = table.column(targetName);
    std::vector<const Column*> cols;
    for (const std::string& name : features) cols.push_back(&table.column(name));
    std::vector<LeakageWarning> out = duplicateRows(cols, split);
    for (const Column* column : cols) {
        LeakageWarning w;
        w.columns = {column->name};
        const std::string derived = derivedFrom(*column, targetColumn, target);
        if (!derived.empty()) {
            w.kind = LeakageKind::TargetDerived;
            w.score = 1.0;
            w.message = "column '" + column->name + "' " + derived + " '" + targetName +
                        "': drop it, or the model reads the answer from it";
            out.push_back(std::move(w));
            continue;
        }
        const double score = univariateScore(*column, target, split);
        if (!(score >= options.predictiveThreshold)) continue;
        w.kind = LeakageKind::PredictiveFeature;
        w.score = score;
        w.message = "column '" + column->name + "' alone predicts '" + targetName + "' (" +
                    scoreName(*column, target) + " " + number(score) +
                    "): check that it is known before the target is";
        out.push_back(std::move(w));
    }
    return out;
}

nlohmann::json leakageJson(const std::vector<LeakageWarning>& warnings) {
    nlohmann::json list = nlohmann::json::array();
    for (const LeakageWarning& w : warnings)
        list.push_back({{"kind", std::string(toString(w.kind))},
                        {"columns", w.columns},
                        {"rows", w.rows},
                        {"score", w.score},
                        {"message", w.message}});
    return {{"warnings", list}};
}

}  // namespace loupe::data
