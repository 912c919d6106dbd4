#pragma once
// The Evaluate view: metrics of every split, and for the chosen split the ROC and PR curves, the
// confusion matrix (clickable, with a threshold for binary models) or, for a regression, predicted
// against true values. A binary model's threshold can be tuned for a precision, a recall or a
// cost on the validation split (core's tuneThreshold, as `loupe-cli train --tune-threshold`).
// Every number comes from core/eval; the panel only arranges them.

#include <QString>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "core/eval/threshold_tuning.h"
#include "widgets/evaluate/evaluation_input.h"

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QStackedWidget;

namespace loupe::widgets {

class ChartView;
class ClassifierCurves;
class ConfusionMatrixView;
class MetricsTable;
class ThresholdControl;
class ThresholdTuner;

/// Evaluation of a trained model over its splits; see the file comment.
class EvaluatePanel : public QWidget {
    Q_OBJECT
public:
    /// An empty panel.
    explicit EvaluatePanel(QWidget* parent = nullptr);
    /// Shows `input`, starting on its last split (test when there is one).
    void setInput(EvaluationInput input);
    /// Shows nothing.
    void clear();
    /// Index of the split shown.
    int currentSplit() const;
    /// Shows split `index` of the input.
    void setCurrentSplit(int index);
    /// Emits rowsRequested for the data rows of one confusion-matrix cell of the current split.
    void requestCellRows(int trueClass, int predictedClass);
    /// Tunes a binary model's threshold for `target` on tuningSplit() and, when the target is
    /// reached (always for a cost), applies it to the threshold control; the tuner says how it
    /// went. Does nothing for other models.
    void tuneThreshold(const eval::ThresholdTarget& target);
    /// Index of the split thresholds are tuned on: "val", else "train" (tuning on the test split
    /// would grade the threshold on the rows that chose it), else the first; -1 without splits.
    int tuningSplit() const;

    /// The metrics table (rows metrics, columns splits).
    MetricsTable* metricsTable() const;
    /// The ROC and PR charts.
    ClassifierCurves* curves() const;
    /// The confusion-matrix heatmap.
    ConfusionMatrixView* confusionView() const;
    /// The threshold slider; shown for binary models only.
    ThresholdControl* thresholdControl() const;
    /// The threshold tuner; shown for binary models only.
    ThresholdTuner* thresholdTuner() const;
    /// Predicted against true values; shown for regression models only.
    ChartView* regressionChart() const;

signals:
    /// The user asked for the data rows behind a cell; description names split and classes.
    void rowsRequested(std::vector<int64_t> rows, QString description);

private:
    void showSplit();
    void updateConfusion();
    bool isBinary() const;

    EvaluationInput m_input;
    std::vector<int> m_predicted;  // class per prediction of the current split
    QComboBox* m_split;
    QLabel* m_message;
    MetricsTable* m_metrics;
    QStackedWidget* m_pages;
    ClassifierCurves* m_curves;
    ConfusionMatrixView* m_confusion;
    QCheckBox* m_normalized;
    ThresholdControl* m_threshold;
    ThresholdTuner* m_tuner;
    double m_tunedThreshold = -1.0;  // applied by the last tuning; -1: none
    QGroupBox* m_confusionBox = nullptr;
    ChartView* m_scatter;
};

}  // namespace loupe::widgets
