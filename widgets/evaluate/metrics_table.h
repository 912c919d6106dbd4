#pragma once
// The metrics of every split side by side: one row per metric, one column per split.

#include <QTableWidget>
#include <vector>

#include "widgets/evaluate/evaluation_input.h"

namespace loupe::widgets {

/// Read-only table of the scalar metrics in each split's report.
class MetricsTable : public QTableWidget {
    Q_OBJECT
public:
    /// An empty table.
    explicit MetricsTable(QWidget* parent = nullptr);
    /// Shows the scalar metrics of `splits` (nested values such as the confusion matrix are left
    /// out; an undefined metric shows as "—").
    void setSplits(const std::vector<SplitPredictions>& splits);
    /// The display name of a metrics.json key, e.g. "ROC AUC" for roc_auc.
    static QString metricLabel(const std::string& key);
};

}  // namespace loupe::widgets
