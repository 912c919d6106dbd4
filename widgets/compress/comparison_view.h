#pragma once
// ComparisonView: the models a Compress view has measured, side by side. A table (one row per
// model: parameters, bytes on disk, latency at batch 1 and 1024, the metrics and the change from
// the original) and a chart of the first metric against the size on disk, the original marked.
// It shows compare.json's document (plugins::comparisonJson) as it is: every number and every
// change is computed there.

#include <QWidget>
#include <nlohmann/json.hpp>

class QTableWidget;

namespace loupe::widgets {

class ChartView;

/// The comparison table and the accuracy-vs-size chart.
class ComparisonView : public QWidget {
    Q_OBJECT
public:
    /// An empty comparison.
    explicit ComparisonView(QWidget* parent = nullptr);

    /// Shows `comparison` ({"split", "models": [...]}, the first model the original); an empty
    /// or null document clears the view.
    void setComparison(const nlohmann::ordered_json& comparison);
    /// The table.
    QTableWidget* table() const { return m_table; }
    /// The chart: series 0 is the original, then one series per compressed model.
    ChartView* chart() const { return m_chart; }

private:
    QTableWidget* m_table;
    ChartView* m_chart;
};

}  // namespace loupe::widgets
