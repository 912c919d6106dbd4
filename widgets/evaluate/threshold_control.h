#pragma once
// The decision threshold of a binary model: a slider and the precision, recall, F1 and accuracy
// it gives, which the panel computes in core/eval and hands back. The threshold is kept exactly as
// set (a tuned one is a score such as 0.37128, or +infinity: no row positive); the slider shows it
// to its 0.001 steps and sets it to a step when moved.

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
    /// Sets the threshold exactly (clamped to [0, 1], +infinity kept) and moves the slider to
    /// the nearest step; emits thresholdChanged when the value changes.
    void setThreshold(double threshold);
    /// Shows the scores at the current threshold.
    void setScores(const eval::ThresholdScores& scores);
    /// The slider, for keyboard focus and tests.
    QSlider* slider() const;

signals:
    /// The user or setThreshold moved the threshold.
    void thresholdChanged(double threshold);

private:
    void showValue();

    double m_threshold = 0.5;
    QSlider* m_slider;
    QLabel* m_value;
    QLabel* m_scores;
};

}  // namespace loupe::widgets
