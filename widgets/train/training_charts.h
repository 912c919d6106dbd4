#pragma once
// The live curves of a training run: train and validation loss per epoch, the learning rate per
// epoch under them, the validation metric per epoch, and the smoothed batch loss per step, with
// one log-scale switch for the losses.

#include <QString>
#include <QWidget>

#include "core/train/training_progress.h"

class QCheckBox;

namespace loupe::widgets {

class LineChart;

/// Four LineCharts fed from train::EpochProgress and train::BatchProgress values.
class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    /// Empty charts.
    explicit TrainingCharts(QWidget* parent = nullptr);

    /// Empties every chart and names the validation metric ("accuracy", "R²").
    void clear(const QString& metricName);
    /// Appends each record's losses, metric and learning rate (NaN values are skipped).
    void addEpochs(const train::EpochProgress& progress);
    /// Appends the smoothed batch-loss points the report carries.
    void addBatch(const train::BatchProgress& progress);
    /// Log scale for the two loss charts.
    void setLogScale(bool on);
    /// True when the loss charts use a log scale.
    bool logScale() const;

    /// Train loss (series 0) and validation loss (series 1) per epoch.
    LineChart* lossChart() const { return m_loss; }
    /// The validation metric per epoch (series 0).
    LineChart* metricChart() const { return m_metric; }
    /// The learning rate of each epoch's last batch (series 0).
    LineChart* learningRateChart() const { return m_lr; }
    /// Smoothed batch loss (series 0) per step.
    LineChart* batchChart() const { return m_batch; }
    /// The log-scale switch.
    QCheckBox* logScaleBox() const { return m_log; }

private:
    LineChart *m_loss, *m_lr, *m_metric, *m_batch;
    QCheckBox* m_log;
    int m_trainSeries = 0, m_valSeries = 0, m_metricSeries = 0, m_batchSeries = 0,
        m_lrSeries = 0;
};

}  // namespace loupe::widgets
