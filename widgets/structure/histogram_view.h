#pragma once
// HistogramView: the histogram of one parameter array (a layer's weights or biases) as core's
// ParameterStats bins it, with the range under it and a mark at 0. Paints only; no math.

#include <QWidget>
#include <optional>

#include "core/nn/model_summary.h"

namespace loupe::widgets {

/// One parameter's histogram.
class HistogramView : public QWidget {
    Q_OBJECT
public:
    /// An empty view.
    explicit HistogramView(QWidget* parent = nullptr);

    /// Shows the histogram of `stats`; nullopt clears it.
    void setStats(std::optional<nn::ParameterStats> stats);
    const std::optional<nn::ParameterStats>& stats() const { return m_stats; }

    QSize sizeHint() const override { return {300, 120}; }
    QSize minimumSizeHint() const override { return {160, 90}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::optional<nn::ParameterStats> m_stats;
};

}  // namespace loupe::widgets
