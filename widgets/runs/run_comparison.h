#pragma once
// RunComparison: the runs picked in the Runs view side by side — their loss or validation curves
// overlaid in one chart (one line per run), their metrics in one table (the best of each row in
// bold), and a scatter of a hyperparameter from their configs against a metric over every shown
// run.

#include <QWidget>
#include <string>
#include <vector>

#include "core/store/run_record.h"

class QComboBox;
class QTableWidget;

namespace loupe::widgets {

class ChartView;
class LineChart;

/// See the file comment.
class RunComparison : public QWidget {
    Q_OBJECT
public:
    /// Which history column the curves draw.
    enum class Curve { ValidationLoss, TrainingLoss, ValidationMetric };

    explicit RunComparison(QWidget* parent = nullptr);

    /// The runs compared, with their histories (`histories[i]` is `runs[i]`'s).
    void setSelected(std::vector<store::RunRecord> runs,
                     std::vector<std::vector<store::EpochRow>> histories);
    /// The runs the scatter plots (those the Runs view shows; they must outlive the next call)
    /// and the metrics it offers.
    void setShown(const std::vector<store::RunRecord>* runs,
                  const std::vector<std::string>& metrics);

    /// The overlaid curves: one series per selected run with history.
    LineChart* curves() const { return m_curves; }
    /// The metric comparison: a row per metric, a column per selected run.
    QTableWidget* metricTable() const { return m_table; }
    /// Hyperparameter against metric.
    ChartView* scatter() const { return m_scatter; }
    QComboBox* curveCombo() const { return m_curve; }
    QComboBox* parameterCombo() const { return m_parameter; }
    QComboBox* scatterMetricCombo() const { return m_metric; }

private:
    void drawCurves();
    void fillTable();
    void drawScatter();

    std::vector<store::RunRecord> m_selected;
    std::vector<std::vector<store::EpochRow>> m_histories;
    const std::vector<store::RunRecord>* m_shown = nullptr;  // the Runs view's rows
    LineChart* m_curves;
    QComboBox* m_curve;
    QTableWidget* m_table;
    ChartView* m_scatter;
    QComboBox* m_parameter;
    QComboBox* m_metric;
};

}  // namespace loupe::widgets
