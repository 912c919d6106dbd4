#pragma once
// ROC and precision-recall curves of one split: the positive class of a binary model, or every
// class against the rest for more classes. Curves, AUC and AP come from core/eval.

#include <QStringList>
#include <QWidget>
#include <span>

#include "core/matrix.h"

namespace loupe::widgets {

class LineChart;

/// A ROC chart beside a precision-recall chart.
class ClassifierCurves : public QWidget {
    Q_OBJECT
public:
    /// Empty charts.
    explicit ClassifierCurves(QWidget* parent = nullptr);
    /// Draws the curves of yTrue (class index per row) against probs ([rows, classes]).
    void setData(const QStringList& classNames, std::span<const int> yTrue, const MatrixD& probs);
    /// Removes every curve.
    void clear();
    /// The ROC chart (legend: class and AUC; hover: threshold).
    LineChart* rocChart() const;
    /// The precision-recall chart (legend: class and average precision).
    LineChart* prChart() const;

private:
    LineChart* m_roc;
    LineChart* m_pr;
};

}  // namespace loupe::widgets
