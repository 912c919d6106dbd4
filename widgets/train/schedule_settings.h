#pragma once
// The learning-rate schedule of the training settings: none, step, exponential, cosine with
// warmup, one-cycle or reduce-on-plateau, each showing only the parameters it reads.

#include <QWidget>

#include "core/nn/lr_schedule.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSpinBox;

namespace loupe::widgets {

/// Edits an nn::LearningRateSchedule; see the file comment.
class ScheduleSettings : public QWidget {
    Q_OBJECT
public:
    /// No schedule, core's parameter defaults.
    explicit ScheduleSettings(QWidget* parent = nullptr);

    /// The schedule shown.
    nn::LearningRateSchedule schedule() const;
    /// Shows `schedule`.
    void setSchedule(const nn::LearningRateSchedule& schedule);
    /// The schedule chooser.
    QComboBox* kindBox() const { return m_kind; }
    /// True when the parameter row of `field` is shown ("step_every", "gamma", "warmup",
    /// "min_lr", "max_lr", "pct_start", "factor", "patience").
    bool showsField(const QString& field) const;

signals:
    /// Any edit.
    void changed();

private:
    void showFields();

    QComboBox* m_kind;
    QSpinBox *m_stepEvery, *m_warmup, *m_patience;
    QDoubleSpinBox *m_gamma, *m_minLr, *m_maxLr, *m_pctStart, *m_factor;
    QFormLayout* m_form;
};

}  // namespace loupe::widgets
