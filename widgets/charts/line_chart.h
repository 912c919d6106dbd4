#pragma once
// Curves over x (loss per epoch, metric per batch): a ChartView whose series are lines.

#include "widgets/charts/chart_view.h"

namespace loupe::widgets {

/// A ChartView for curves: lines by default and a "Log scale" entry in its context menu.
class LineChart : public ChartView {
    Q_OBJECT
public:
    /// An empty chart; add curves with addSeries() and stream points with append().
    explicit LineChart(QWidget* parent = nullptr);
};

}  // namespace loupe::widgets
