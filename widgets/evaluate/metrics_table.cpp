#include "widgets/evaluate/metrics_table.h"

#include <QHeaderView>
#include <algorithm>
#include <array>
#include <string_view>

namespace loupe::widgets {

namespace {

struct MetricName {
    std::string_view key;
    const char* label;
};

// Display order and names; keys not listed follow in alphabetical order under their own name.
constexpr std::array<MetricName, 18> kMetrics = {{
    {"accuracy", "Accuracy"},
    {"balanced_accuracy", "Balanced accuracy"},
    {"roc_auc", "ROC AUC"},
    {"roc_auc_ovr_macro", "ROC AUC (OvR macro)"},
    {"average_precision", "Average precision"},
    {"precision_macro", "Precision (macro)"},
    {"recall_macro", "Recall (macro)"},
    {"f1_macro", "F1 (macro)"},
    {"precision_weighted", "Precision (weighted)"},
    {"recall_weighted", "Recall (weighted)"},
    {"f1_weighted", "F1 (weighted)"},
    {"log_loss", "Log loss"},
    {"brier_score", "Brier score"},
    {"r2", "R²"},
    {"rmse", "RMSE"},
    {"mse", "MSE"},
    {"mae", "MAE"},
    {"support", "Rows"},
}};

QString formatValue(const nlohmann::json& value) {
    if (value.is_null()) return QStringLiteral("—");
    if (value.is_number_integer() || value.is_number_unsigned())
        return QString::number(value.get<int64_t>());
    if (value.is_number()) return QString::number(value.get<double>(), 'f', 4);
    if (value.is_string()) return QString::fromStdString(value.get<std::string>());
    return QString::fromStdString(value.dump());
}

}  // namespace

MetricsTable::MetricsTable(QWidget* parent) : QTableWidget(parent) {
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::ContiguousSelection);
    setAlternatingRowColors(true);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    horizontalHeader()->setMinimumSectionSize(56);
}

QString MetricsTable::metricLabel(const std::string& key) {
    for (const MetricName& m : kMetrics) {
        if (m.key == key) return tr(m.label);
    }
    return QString::fromStdString(key);
}

void MetricsTable::setSplits(const std::vector<SplitPredictions>& splits) {
    clear();
    std::vector<std::string> keys;
    auto isScalar = [](const nlohmann::json& v) { return v.is_null() || v.is_primitive(); };
    for (const MetricName& m : kMetrics) {
        const bool present = std::any_of(splits.begin(), splits.end(), [&](const auto& s) {
            return s.metrics.is_object() && s.metrics.contains(m.key) &&
                   isScalar(s.metrics.at(std::string(m.key)));
        });
        if (present) keys.emplace_back(m.key);
    }
    std::vector<std::string> extra;
    for (const SplitPredictions& s : splits) {
        if (!s.metrics.is_object()) continue;
        for (const auto& [key, value] : s.metrics.items()) {
            const bool known = std::any_of(kMetrics.begin(), kMetrics.end(),
                                           [&](const MetricName& m) { return m.key == key; });
            if (!known && isScalar(value) &&
                std::find(extra.begin(), extra.end(), key) == extra.end())
                extra.push_back(key);
        }
    }
    std::sort(extra.begin(), extra.end());
    keys.insert(keys.end(), extra.begin(), extra.end());

    setRowCount(static_cast<int>(keys.size()));
    setColumnCount(static_cast<int>(splits.size()));
    QStringList columns;
    for (const SplitPredictions& s : splits) columns << s.name;
    setHorizontalHeaderLabels(columns);
    QStringList rows;
    for (const std::string& key : keys) rows << metricLabel(key);
    setVerticalHeaderLabels(rows);
    for (int r = 0; r < static_cast<int>(keys.size()); ++r) {
        for (int c = 0; c < static_cast<int>(splits.size()); ++c) {
            const nlohmann::json& m = splits[static_cast<size_t>(c)].metrics;
            const std::string& key = keys[static_cast<size_t>(r)];
            const bool has = m.is_object() && m.contains(key);
            auto* item = new QTableWidgetItem(has ? formatValue(m.at(key)) : QString());
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setToolTip(QString::fromStdString(key));
            setItem(r, c, item);
        }
    }
}

}  // namespace loupe::widgets
