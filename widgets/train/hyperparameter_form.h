#pragma once
// The training settings of the Training panel: optimizer, learning rate and its schedule, batch,
// epochs, L1/L2, gradient clipping, early stopping (patience, min delta, monitored value),
// augmentation (input noise, mixup), validation/test fractions, cross-validation folds, seed and
// device. Defaults are loupe-cli train's.

#include <QString>
#include <QWidget>

#include "core/device/cuda_probe.h"
#include "core/train/trainer.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace loupe::widgets {

class ScheduleSettings;

/// Edits a train::TrainConfig, the split fractions and the device; see the file comment.
class HyperparameterForm : public QWidget {
    Q_OBJECT
public:
    /// The CLI's defaults; the CUDA entry is disabled until setCudaProbe() says a GPU answers.
    explicit HyperparameterForm(QWidget* parent = nullptr);

    /// The settings shown (seed included).
    train::TrainConfig config() const;
    /// Shows `config`.
    void setConfig(const train::TrainConfig& config);
    /// Validation fraction, 0 to 0.8.
    double valFraction() const;
    /// Test fraction, 0 to 0.8.
    double testFraction() const;
    /// Shows the split fractions.
    void setFractions(double val, double test);
    /// "auto", "cpu" or "cuda:N".
    QString device() const;
    /// Chooses a device by its spec; false when that entry is missing or disabled.
    bool setDevice(const QString& spec);
    /// Lists each CUDA device with its name and memory, or one disabled entry with the reason.
    void setCudaProbe(const device::CudaProbe& probe);
    /// The device chooser.
    QComboBox* deviceBox() const { return m_device; }
    /// The validation fraction box.
    QDoubleSpinBox* valBox() const { return m_val; }
    /// Folds of the Cross-validate action (2 to 100), or 0 when it is off.
    int cvFolds() const;
    /// Shows `folds` (below 2: off).
    void setCvFolds(int folds);
    /// The learning-rate schedule.
    ScheduleSettings* schedule() const { return m_schedule; }
    /// The cross-validation folds box (its minimum reads "off").
    QSpinBox* foldsBox() const { return m_folds; }

signals:
    /// Any edit.
    void changed();

private:
    QComboBox *m_optimizer, *m_device, *m_monitor;
    QDoubleSpinBox *m_lr, *m_l1, *m_l2, *m_val, *m_test, *m_minDelta, *m_clip, *m_noise, *m_mixup;
    QSpinBox *m_batch, *m_epochs, *m_patience, *m_seed, *m_folds;
    ScheduleSettings* m_schedule;
};

}  // namespace loupe::widgets
