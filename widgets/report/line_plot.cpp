#include "widgets/report/line_plot.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <array>
#include <cmath>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets {

// The axes, ticks, fonts and titles are widgets/explain's drawing kit, so the report's charts
// and its SHAP plot look like one family.
using namespace shap_plot;

namespace {

constexpr qreal kLegendFont = 11, kSwatch = 18, kLegendGap = 14, kLegendLine = 16;
constexpr qreal kRightMargin = 14;

/// Legend entries laid out left to right, wrapping; their top-left corners relative to the
/// legend's origin, and the height the legend takes.
struct LegendLayout {
    std::vector<QPointF> at;
    std::vector<QString> text;
    qreal height = 0;
};

LegendLayout layoutLegend(const std::vector<PlotSeries>& series, qreal width) {
    LegendLayout l;
    const QFont font = plotFont(kLegendFont);
    const QFontMetricsF fm(font);
    qreal x = 0, y = 0;
    for (const PlotSeries& s : series) {
        if (s.name.isEmpty()) {
            l.at.emplace_back();
            l.text.emplace_back();
            continue;
        }
        const QString text = elided(font, s.name, std::min<qreal>(width - kSwatch - 6, 300));
        const qreal w = kSwatch + 6 + fm.horizontalAdvance(text);
        if (x > 0 && x + w > width) {
            x = 0;
            y += kLegendLine;
        }
        l.at.emplace_back(x, y);
        l.text.push_back(text);
        x += w + kLegendGap;
        l.height = y + kLegendLine;
    }
    return l;
}

std::pair<double, double> dataRange(const std::vector<PlotSeries>& series, bool ofX) {
    double lo = INFINITY, hi = -INFINITY;
    for (const PlotSeries& s : series)
        for (const double v : ofX ? s.x : s.y)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    return std::isfinite(lo) ? std::pair{lo, hi} : std::pair{0.0, 1.0};
}

Axis axisOf(const std::optional<std::pair<double, double>>& fixed,
            const std::vector<PlotSeries>& series, bool ofX, double p0, double p1) {
    if (fixed) return Axis{fixed->first, fixed->second, p0, p1};
    const auto [lo, hi] = dataRange(series, ofX);
    return paddedAxis(lo, hi, p0, p1);
}

QPainterPath pathOf(const PlotSeries& s, const Axis& x, const Axis& y) {
    QPainterPath path;
    bool open = false;
    QPointF last;
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
            open = false;
            continue;
        }
        const QPointF p(x.map(s.x[i]), y.map(s.y[i]));
        if (!open) {
            path.moveTo(p);
        } else {
            if (s.steps) path.lineTo(p.x(), last.y());
            path.lineTo(p);
        }
        open = true;
        last = p;
    }
    return path;
}

}  // namespace

QColor seriesColour(size_t index) {
    static const std::array<QColor, 10> kTab10 = {
        QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
        QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127),
        QColor(188, 189, 34),  QColor(23, 190, 207)};
    return kTab10[index % kTab10.size()];
}

void LinePlot::paint(QPainter& painter, const QRectF& rect) const {
    painter.save();
    painter.fillRect(rect, Qt::white);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QRectF body = drawTitle(painter, rect, title, subtitle);

    const QFontMetricsF labelMetrics(plotFont(12));
    const LegendLayout legend = layoutLegend(series, body.width() - 20);
    const qreal bottom =
        body.bottom() - legend.height - (legend.height > 0 ? 8 : 0) - xAxisHeight() - 4;
    Axis y = axisOf(yRange, series, false, bottom, body.top() + 6);
    const qreal left = body.left() + 6 + labelMetrics.height() + 6 + yTickWidth(y) + 8;
    const Axis x = axisOf(xRange, series, true, left, body.right() - kRightMargin);
    const QRectF plot(QPointF(left, y.p1), QPointF(x.p1, y.p0));

    // A light grid at the y ticks, under everything else.
    painter.setPen(QPen(QColor(232, 232, 232), 1));
    for (const double t : niceTicks(std::min(y.lo, y.hi), std::max(y.lo, y.hi), 6))
        painter.drawLine(QPointF(plot.left(), y.map(t)), QPointF(plot.right(), y.map(t)));
    drawYAxis(painter, y, plot.left(), body.left() + 6, yLabel);
    drawXAxis(painter, x, plot.bottom(), xLabel);

    painter.save();
    painter.setClipRect(plot.adjusted(-2, -2, 2, 2));
    if (diagonal) {
        painter.setPen(QPen(QColor(150, 150, 150), 1, Qt::DashLine));
        painter.drawLine(QPointF(x.map(0), y.map(0)), QPointF(x.map(1), y.map(1)));
    }
    if (markX) {
        painter.setPen(QPen(QColor(120, 120, 120), 1, Qt::DotLine));
        painter.drawLine(QPointF(x.map(*markX), plot.top()), QPointF(x.map(*markX), plot.bottom()));
        if (!markLabel.isEmpty()) {
            const QFont font = plotFont(kLegendFont);
            painter.setFont(font);
            painter.setPen(QColor(90, 90, 90));
            const qreal w = QFontMetricsF(font).horizontalAdvance(markLabel);
            const qreal at = x.map(*markX);
            const qreal textLeft = at + 4 + w < plot.right() ? at + 4 : at - 4 - w;
            painter.drawText(QPointF(textLeft, plot.top() + QFontMetricsF(font).ascent() + 2),
                             markLabel);
        }
    }
    painter.setBrush(Qt::NoBrush);
    for (const PlotSeries& s : series) {
        painter.setPen(QPen(s.colour, 2, s.style, Qt::RoundCap, Qt::RoundJoin));
        painter.drawPath(pathOf(s, x, y));
    }
    painter.restore();

    const QFont font = plotFont(kLegendFont);
    const QFontMetricsF fm(font);
    painter.setFont(font);
    const QPointF origin(body.left() + 10, body.bottom() - legend.height - 2);
    for (size_t i = 0; i < series.size(); ++i) {
        if (legend.text[i].isEmpty()) continue;
        const QPointF at = origin + legend.at[i];
        const qreal mid = at.y() + kLegendLine / 2;
        painter.setPen(QPen(series[i].colour, 2, series[i].style, Qt::RoundCap));
        painter.drawLine(QPointF(at.x(), mid), QPointF(at.x() + kSwatch, mid));
        painter.setPen(QColor(40, 40, 40));
        painter.drawText(QPointF(at.x() + kSwatch + 6, mid + (fm.ascent() - fm.descent()) / 2),
                         legend.text[i]);
    }
    painter.restore();
}

}  // namespace loupe::widgets
