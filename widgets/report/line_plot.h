#pragma once
// LinePlot: a few x-y series with axes, ticks, a light grid and a legend under the plot, drawn
// with QPainter onto any device (an SVG generator for HTML, a PDF page). The report's loss and
// validation-metric curves, ROC (with the chance diagonal) and precision-recall curves.

#include <QColor>
#include <QRectF>
#include <QString>
#include <optional>
#include <utility>
#include <vector>

class QPainter;

namespace loupe::widgets {

/// One line: points joined in order; a NaN y breaks it (an epoch without validation).
struct PlotSeries {
    QString name;  ///< legend text (may come from a dataset: drawn as text, never parsed)
    std::vector<double> x, y;
    QColor colour;
    Qt::PenStyle style = Qt::SolidLine;
    bool steps = false;  ///< hold each y until the next x (matplotlib's steps-post), as PR curves
};

/// A line chart; fill the fields, then paint().
struct LinePlot {
    QString title, subtitle, xLabel, yLabel;
    std::vector<PlotSeries> series;
    std::optional<std::pair<double, double>> xRange, yRange;  ///< empty: the data's, padded
    bool diagonal = false;        ///< the dashed y = x line of a random classifier (ROC)
    std::optional<double> markX;  ///< a dotted vertical line, e.g. the best epoch
    QString markLabel;

    /// Draws the chart filling `rect` (white background).
    void paint(QPainter& painter, const QRectF& rect) const;
};

/// The colour of series `index`: matplotlib's tab10 cycle, as the SHAP plots' peers draw.
QColor seriesColour(size_t index);

}  // namespace loupe::widgets
