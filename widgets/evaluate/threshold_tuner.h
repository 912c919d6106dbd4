#pragma once
// The decision-threshold tuner of a binary model: a goal (precision or recall at least a value, or
// the least misclassification cost), a Tune button, and one line saying what the tuned threshold
// reaches on the split it was tuned on. The panel runs core's tuneThreshold and hands the result
// back; this widget only asks and tells.

#include <QString>
#include <QWidget>

#include "core/eval/threshold_tuning.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace loupe::widgets {

/// Goal, Tune button and result line of threshold tuning.
class ThresholdTuner : public QWidget {
    Q_OBJECT
public:
    /// A tuner for precision >= 0.9, with no result.
    explicit ThresholdTuner(QWidget* parent = nullptr);

    /// The goal the controls describe.
    eval::ThresholdTarget target() const;
    /// Shows `target` in the controls (values out of the controls' ranges are clamped).
    void setTarget(const eval::ThresholdTarget& target);

    /// Says what `tuned` reaches on split `split`; whether it was applied follows `tuned.reached`.
    void showResult(const eval::ThresholdTarget& target, const eval::TunedThreshold& tuned,
                    const QString& split);
    /// Says why tuning could not run.
    void showError(const QString& message);
    /// Removes the result line.
    void clearResult();
    /// The result line as shown.
    QString resultText() const;
    /// Whether the result line reports a target that no threshold reaches, or an error.
    bool resultIsWarning() const { return m_warning; }

    /// The Tune button, for tests and screenshots.
    QPushButton* tuneButton() const { return m_tune; }

signals:
    /// The user pressed Tune (or Enter in a value) for `target`.
    void tuneRequested(const loupe::eval::ThresholdTarget& target);

private:
    void showGoalControls();
    void setResultText(const QString& text, bool warning);

    QComboBox* m_goal;
    QDoubleSpinBox* m_value;
    QLabel* m_fpLabel;
    QDoubleSpinBox* m_fpCost;
    QLabel* m_fnLabel;
    QDoubleSpinBox* m_fnCost;
    QPushButton* m_tune;
    QLabel* m_result;
    bool m_warning = false;
};

}  // namespace loupe::widgets
