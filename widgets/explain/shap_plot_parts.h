#pragma once
// Internal to widgets/explain's ShapPlot: the shared drawing kit (plot_axes.cpp: colours, fonts,
// ticks, number text, titles, colour bar; plot_dots.cpp: dots) and each kind's painter, layout
// and hit test (shap_<kind>_painter.cpp). A layout is computed from the plot rectangle alone, so
// painting and hovering agree on where everything is.

#include <QColor>
#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QString>
#include <cstdint>
#include <vector>

#include "core/explain/shap_summary.h"

class QPainter;

namespace loupe::widgets::shap_plot {

/// What one ShapPlot shows (the plot's settings over its explanation).
struct PlotState {
    const explain::ShapExplanation& data;
    int64_t row = 0;             ///< force, waterfall: index into ShapResult::rows
    int64_t feature = 0;         ///< dependence: x feature
    int64_t colourFeature = -1;  ///< dependence: -1 automatic
    int maxFeatures = 20;
};

// --- colours and text (plot_axes.cpp) ---
/// shap's red (pushes up, high values) and blue (pushes down, low values).
QColor redColour();
QColor blueColour();
/// Missing and categorical values, as shap greys them.
QColor greyColour();
/// shap's red_blue map (Lch interpolation, sampled): 0 blue .. 1 red; NaN grey.
QColor mapColour(double position);
/// A font of `pixels` pixels (pixel sizes keep SVG and PNG the same size).
QFont plotFont(qreal pixels, bool bold = false);
/// `value` with about `significant` digits, no exponent for ordinary magnitudes ("25.4", "0.0312").
QString formatValue(double value, int significant = 3);
/// A SHAP value with its sign: "+0.12", "-0.031".
QString formatSigned(double value);
/// The row's value of a feature as shown in labels: the category, a short number, or "missing".
QString valueText(const explain::ShapExplanation& data, int64_t row, int64_t feature);
/// "feature = value".
QString featureEquals(const explain::ShapExplanation& data, int64_t row, int64_t feature);
/// The name of a feature.
QString featureName(const explain::ShapExplanation& data, int64_t feature);
/// The quantity explained, e.g. "probability of malignant" ("model output" when unknown).
QString outputName(const explain::ShapExplanation& data);

// --- axes ---
/// A linear map from data values [lo, hi] to pixels [p0, p1].
struct Axis {
    double lo = 0, hi = 1;
    double p0 = 0, p1 = 1;
    double map(double v) const { return p0 + (v - lo) / (hi - lo) * (p1 - p0); }
};
/// [lo, hi] widened by `pad` of its span on each side (and made non-empty).
Axis paddedAxis(double lo, double hi, double p0, double p1, double pad = 0.05);
/// Round tick values inside [lo, hi], about `count` of them.
std::vector<double> niceTicks(double lo, double hi, int count);
/// The text of a tick, with as many decimals as the tick step needs.
QString tickText(double value, double step);
/// Ticks and labels under (or above, `above`) a horizontal axis line at `y`, and `label` centred
/// under them. Returns the height used.
qreal drawXAxis(QPainter& painter, const Axis& axis, qreal y, const QString& label,
                bool above = false);
/// Ticks and labels left of a vertical axis line at `x`, `label` rotated at the far left.
void drawYAxis(QPainter& painter, const Axis& axis, qreal x, qreal labelLeft, const QString& label);
/// Pixels the x axis of drawXAxis takes.
qreal xAxisHeight();
/// Width of the widest tick label of a y axis.
qreal yTickWidth(const Axis& axis);
/// Title (bold) and subtitle (grey) at the top of `rect`; returns the rect below them.
QRectF drawTitle(QPainter& painter, const QRectF& rect, const QString& title,
                 const QString& subtitle);
/// Pixels drawTitle takes.
qreal titleHeight();
/// A vertical colour bar (blue at the bottom, red at the top) with `low`/`high` at its ends and
/// `label` rotated beside it; `bar` is the gradient's own rectangle.
void drawColourBar(QPainter& painter, const QRectF& bar, const QString& label, const QString& low,
                   const QString& high);
/// Width a colour bar takes with its labels.
qreal colourBarWidth();
/// `text` elided in the middle to `width` pixels in `font`.
QString elided(const QFont& font, const QString& text, qreal width);

// --- points (summary, dependence; plot_dots.cpp) ---
/// A dot's diameter in the beeswarm and the dependence scatter.
constexpr qreal kDotSize = 5.0;
/// Draws the points grouped by colour: stamped from one pre-drawn dot per colour on raster
/// devices (fast for 10k points), one circle each on SVG (compact, still vector).
/// colours: a mapColour position per point (NaN grey); grey: drawn grey whatever the colour.
void drawDots(QPainter& painter, const std::vector<QPointF>& points,
              const std::vector<double>& colours, const std::vector<bool>& grey);
/// The index of the point nearest `pos` within `radius` pixels, or -1.
int64_t nearestPoint(const std::vector<QPointF>& points, QPointF pos, qreal radius);

// --- one function set per kind ---
void paintSummary(QPainter& painter, const QRectF& rect, const PlotState& state);
void paintBar(QPainter& painter, const QRectF& rect, const PlotState& state);
void paintForce(QPainter& painter, const QRectF& rect, const PlotState& state);
void paintWaterfall(QPainter& painter, const QRectF& rect, const PlotState& state);
void paintDependence(QPainter& painter, const QRectF& rect, const PlotState& state);

QSize summaryPreferredSize(const PlotState& state);
QSize barPreferredSize(const PlotState& state);
QSize forcePreferredSize(const PlotState& state);
QSize waterfallPreferredSize(const PlotState& state);
QSize dependencePreferredSize(const PlotState& state);

/// A hit: the explained row (index into ShapResult::rows) and feature under a position, or -1.
struct Hit {
    int64_t row = -1;
    int64_t feature = -1;
};
Hit summaryHit(const QRectF& rect, const PlotState& state, QPointF pos);
Hit barHit(const QRectF& rect, const PlotState& state, QPointF pos);
Hit forceHit(const QRectF& rect, const PlotState& state, QPointF pos);
Hit waterfallHit(const QRectF& rect, const PlotState& state, QPointF pos);
Hit dependenceHit(const QRectF& rect, const PlotState& state, QPointF pos);

/// The features shown in rank order (largest mean |SHAP| first), at most `maxFeatures`.
std::vector<int64_t> shownFeatures(const explain::ShapExplanation& data, int maxFeatures);

}  // namespace loupe::widgets::shap_plot
