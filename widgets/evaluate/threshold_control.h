#pragma once
// The decision threshold of a binary model: a slider and the precision, recall, F1 and accuracy
// it gives, which the panel computes in core/eval and hands back.

#include <QWidget>

#include "core/eval/threshold.h"

class QLabel;
class QSlider;

namespace loupe::widgets {

/// Slider over thresholds 0..1 with the scores at the current one.
class ThresholdControl : public QWidget {
    Q_OBJECT
public:
    /// A control at threshold 0.5.
    explicit ThresholdControl(QWidget* parent = nullptr);
    /// The threshold chosen: a row is positive when its score is at least this.
    double threshold() const;
    /// Moves the slider (emits thresholdChanged when the value changes).
    void setThreshold(double threshold);
    /// Shows the scores at the current threshold.
    void setScores(const eval::ThresholdScores& scores);
    /// The slider, for keyboard focus and tests.
    QSlider* slider() const;

signals:
    /// The user or setThreshold moved the threshold.
    void thresholdChanged(double threshold);

private:
    QSlider* m_slider;
    QLabel* m_value;
    QLabel* m_scores;
};

}  // namespace loupe::widgets
