#pragma once
// Internal to widgets/charts: ChartView's series and axes records and the axis mapping shared by
// chart_view.cpp (data, refresh) and chart_view_navigation.cpp (zoom, pan, hover, menu).

#include <QtCharts/QChart>
#include <QtCharts/QValueAxis>
#include <QtCharts/QXYSeries>
#include <cmath>
#include <limits>

#include "widgets/charts/chart_view.h"

namespace loupe::widgets {

namespace chart_detail {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Position along an axis as a fraction of its range, in log10 when `log`.
inline double fraction(double v, double lo, double hi, bool log) {
    if (log) return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    return (v - lo) / (hi - lo);
}

inline double fromFraction(double f, double lo, double hi, bool log) {
    if (log) return std::pow(10.0, std::log10(lo) + f * (std::log10(hi) - std::log10(lo)));
    return lo + f * (hi - lo);
}

}  // namespace chart_detail

struct ChartView::Series {
    QString name;
    QColor color;
    SeriesStyle style = SeriesStyle::Line;
    std::vector<QPointF> points;
    bool visible = true;
    bool sortedX = true;
    double minX = chart_detail::kInf, maxX = -chart_detail::kInf, minY = chart_detail::kInf,
           maxY = -chart_detail::kInf, minPositiveY = chart_detail::kInf;
    QString hoverLabel;
    std::vector<double> hoverValues;
    QXYSeries* qt = nullptr;

    void include(const QPointF& p) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y())) return;
        if (!points.empty() && p.x() < maxX) sortedX = false;
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
        if (p.y() > 0) minPositiveY = std::min(minPositiveY, p.y());
    }
    void resetBounds() {
        sortedX = true;
        minX = minY = minPositiveY = chart_detail::kInf;
        maxX = maxY = -chart_detail::kInf;
    }
};

struct ChartView::Axes {
    QChart* chart = nullptr;
    QValueAxis* x = nullptr;
    QAbstractAxis* y = nullptr;
    QString yTitle;
    QXYSeries* hover = nullptr;  // one ring on the point under the cursor; no legend, no bounds
};

}  // namespace loupe::widgets
