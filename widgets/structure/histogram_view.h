#pragma once
// HistogramView: the histogram of one parameter array (a layer's weights or biases) as core's
// ParameterStats bins it, with the range under it and a mark at 0; or one bar per value of a
// series (a dense_int8 layer's per-unit scales, from core's Int8Summary). Paints only; no math.

#include <QString>
#include <QWidget>
#include <optional>
#include <vector>

#include "core/nn/model_summary.h"

class QPainter;

namespace loupe::widgets {

/// One parameter's histogram.
class HistogramView : public QWidget {
    Q_OBJECT
public:
    /// An empty view.
    explicit HistogramView(QWidget* parent = nullptr);

    /// Shows the histogram of `stats`; nullopt clears it (and any series).
    void setStats(std::optional<nn::ParameterStats> stats);
    const std::optional<nn::ParameterStats>& stats() const { return m_stats; }
    /// Shows one bar per value, scaled to the largest, headed `title`, with `low` and `high` (the
    /// smallest and largest value) under it; replaces any histogram.
    void setSeries(const QString& title, std::vector<double> values, double low, double high);
    const std::vector<double>& series() const { return m_series; }

    QSize sizeHint() const override { return {300, 120}; }
    QSize minimumSizeHint() const override { return {160, 90}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintSeries(QPainter& painter);

    std::optional<nn::ParameterStats> m_stats;
    QString m_seriesTitle;
    std::vector<double> m_series;
    double m_seriesLow = 0.0, m_seriesHigh = 0.0;
};

}  // namespace loupe::widgets
