#include "widgets/train/training_charts.h"

#include <QCheckBox>
#include <QGridLayout>
#include <cmath>

#include "widgets/charts/line_chart.h"

namespace loupe::widgets {

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent) {
    m_loss = new LineChart;
    m_loss->setTitle(tr("Loss per epoch"));
    m_loss->setAxisTitles(tr("epoch"), tr("loss"));
    m_trainSeries = m_loss->addSeries(tr("train"), QColor(0x1f77b4));
    m_valSeries = m_loss->addSeries(tr("validation"), QColor(0xff7f0e));

    // A chart of its own rather than a second axis on the loss chart: rates and losses differ by
    // orders of magnitude, and a schedule's steps stay readable on their own scale.
    m_lr = new LineChart;
    m_lr->setTitle(tr("Learning rate per epoch"));
    m_lr->setAxisTitles(tr("epoch"), tr("rate"));
    m_lrSeries = m_lr->addSeries(tr("learning rate"), QColor(0x8c564b));

    m_metric = new LineChart;
    m_metric->setAxisTitles(tr("epoch"), QString());
    m_metricSeries = m_metric->addSeries(tr("validation"), QColor(0x2ca02c));

    m_batch = new LineChart;
    m_batch->setTitle(tr("Batch loss (smoothed)"));
    m_batch->setAxisTitles(tr("batch"), tr("loss"));
    m_batchSeries = m_batch->addSeries(tr("train"), QColor(0x9467bd));

    m_log = new QCheckBox(tr("Log scale (losses)"));
    connect(m_log, &QCheckBox::toggled, this, &TrainingCharts::setLogScale);

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_loss, 0, 0, 1, 2);
    grid->addWidget(m_lr, 1, 0, 1, 2);
    grid->addWidget(m_metric, 2, 0);
    grid->addWidget(m_batch, 2, 1);
    grid->addWidget(m_log, 3, 0, 1, 2);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 1);
    grid->setRowStretch(2, 2);
    clear(tr("accuracy"));
}

void TrainingCharts::clear(const QString& metricName) {
    for (LineChart* chart : {m_loss, m_lr, m_metric, m_batch})
        for (int s = 0; s < chart->seriesCount(); ++s) chart->clearSeries(s);
    m_metric->setTitle(tr("Validation %1 per epoch").arg(metricName));
    m_metric->setAxisTitles(tr("epoch"), metricName);
}

void TrainingCharts::addEpochs(const train::EpochProgress& progress) {
    for (const train::EpochRecord& e : progress.records) {
        const auto x = static_cast<double>(e.epoch);
        if (std::isfinite(e.trainLoss)) m_loss->append(m_trainSeries, x, e.trainLoss);
        if (std::isfinite(e.valLoss)) m_loss->append(m_valSeries, x, e.valLoss);
        if (std::isfinite(e.valMetric)) m_metric->append(m_metricSeries, x, e.valMetric);
        if (std::isfinite(e.learningRate)) m_lr->append(m_lrSeries, x, e.learningRate);
    }
}

void TrainingCharts::addBatch(const train::BatchProgress& progress) {
    for (const train::CurvePoint& point : progress.curve)
        if (std::isfinite(point.loss))
            m_batch->append(m_batchSeries, static_cast<double>(point.step), point.loss);
}

void TrainingCharts::setLogScale(bool on) {
    m_log->setChecked(on);
    m_loss->setLogY(on);
    m_batch->setLogY(on);
}

bool TrainingCharts::logScale() const { return m_log->isChecked(); }

}  // namespace loupe::widgets
