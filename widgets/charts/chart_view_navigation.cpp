// ChartView: mapping between values and pixels, zoom, pan, hover and the context menu.
#include <QMenu>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "widgets/charts/chart_export.h"
#include "widgets/charts/chart_view.h"
#include "widgets/charts/chart_view_parts.h"

namespace loupe::widgets {

using chart_detail::fraction;
using chart_detail::fromFraction;

QPointF ChartView::mapToWidget(QPointF value) const {
    const QRectF plot = plotRect();
    const QRectF range = visibleRange();
    const double fx = fraction(value.x(), range.left(), range.right(), false);
    const double fy = fraction(value.y(), range.top(), range.bottom(), m_logY);
    return QPointF(plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height());
}

QPointF ChartView::mapToValue(QPointF widgetPos) const {
    const QRectF plot = plotRect();
    const QRectF range = visibleRange();
    const double fx = (widgetPos.x() - plot.left()) / plot.width();
    const double fy = (plot.bottom() - widgetPos.y()) / plot.height();
    return QPointF(fromFraction(fx, range.left(), range.right(), false),
                   fromFraction(fy, range.top(), range.bottom(), m_logY));
}

void ChartView::zoomBy(double factor, QPointF widgetPos) {
    const QRectF plot = plotRect();
    if (plot.width() <= 0 || plot.height() <= 0) return;
    const QRectF range = visibleRange();
    // Zoom about the cursor: the value under it stays under it.
    const double fx = std::clamp((widgetPos.x() - plot.left()) / plot.width(), 0.0, 1.0);
    const double fy = std::clamp((plot.bottom() - widgetPos.y()) / plot.height(), 0.0, 1.0);
    auto scale = [factor](double lo, double hi, double f, bool log) {
        const double a = log ? std::log10(lo) : lo;
        const double b = log ? std::log10(hi) : hi;
        const double c = a + f * (b - a);
        double na = c - (c - a) * factor, nb = c + (b - c) * factor;
        if (log) na = std::pow(10.0, na), nb = std::pow(10.0, nb);
        return std::pair{na, nb};
    };
    const auto [x0, x1] = scale(range.left(), range.right(), fx, false);
    const auto [y0, y1] = scale(range.top(), range.bottom(), fy, m_logY);
    zoomTo(QRectF(QPointF(x0, y0), QPointF(x1, y1)));
}

void ChartView::panByPixels(QPointF delta) {
    const QRectF plot = plotRect();
    if (plot.width() <= 0 || plot.height() <= 0) return;
    const QRectF range = visibleRange();
    const double dx = -delta.x() / plot.width() * range.width();
    double y0 = range.top(), y1 = range.bottom();
    const double fy = delta.y() / plot.height();
    if (m_logY) {
        const double d = fy * (std::log10(y1) - std::log10(y0));
        y0 *= std::pow(10.0, d);
        y1 *= std::pow(10.0, d);
    } else {
        y0 += fy * (y1 - y0);
        y1 = y0 + range.height();
    }
    zoomTo(QRectF(QPointF(range.left() + dx, y0), QPointF(range.right() + dx, y1)));
}

std::optional<PointHit> ChartView::nearestPoint(QPointF widgetPos, double maxDistance) const {
    const QRectF plot = plotRect();
    const QRectF range = visibleRange();
    if (plot.width() <= 0 || plot.height() <= 0) return std::nullopt;
    const double xPerPixel = range.width() / plot.width();
    std::optional<PointHit> best;
    double bestDistance = maxDistance * maxDistance;
    for (size_t si = 0; si < m_series.size(); ++si) {
        const Series& s = *m_series[si];
        if (!s.visible || s.style == SeriesStyle::Reference) continue;
        size_t begin = 0, end = s.points.size();
        if (s.sortedX) {
            // Only points within maxDistance pixels along x can be near enough.
            const double cx = range.left() + (widgetPos.x() - plot.left()) * xPerPixel;
            auto byX = [](const QPointF& p, double x) { return p.x() < x; };
            begin = std::lower_bound(s.points.begin(), s.points.end(), cx - maxDistance * xPerPixel,
                                     byX) -
                    s.points.begin();
            end = std::lower_bound(s.points.begin() + begin, s.points.end(),
                                   cx + maxDistance * xPerPixel, byX) -
                  s.points.begin();
            end = std::min(end + 1, s.points.size());
        }
        for (size_t i = begin; i < end; ++i) {
            const QPointF& p = s.points[i];
            if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || (m_logY && p.y() <= 0)) continue;
            const double px =
                plot.left() + fraction(p.x(), range.left(), range.right(), false) * plot.width();
            const double py = plot.bottom() -
                              fraction(p.y(), range.top(), range.bottom(), m_logY) * plot.height();
            const double d = (px - widgetPos.x()) * (px - widgetPos.x()) +
                             (py - widgetPos.y()) * (py - widgetPos.y());
            if (d <= bestDistance) {
                bestDistance = d;
                best = PointHit{static_cast<int>(si), i, p};
            }
        }
    }
    return best;
}

QString ChartView::pointText(const PointHit& hit) const {
    const Series& s = *m_series.at(hit.series);
    QString text = QStringLiteral("%1\n%2: %3\n%4: %5")
                       .arg(s.name, m_axes->x->titleText().isEmpty() ? QStringLiteral("x")
                                                                     : m_axes->x->titleText())
                       .arg(hit.value.x(), 0, 'g', 6)
                       .arg(m_axes->yTitle.isEmpty() ? QStringLiteral("y") : m_axes->yTitle)
                       .arg(hit.value.y(), 0, 'g', 6);
    if (hit.index < s.hoverValues.size())
        text +=
            QStringLiteral("\n%1: %2").arg(s.hoverLabel).arg(s.hoverValues[hit.index], 0, 'g', 6);
    return text;
}

void ChartView::showHover(QPointF widgetPos) {
    if (const auto hit = nearestPoint(widgetPos)) {
        QToolTip::showText(mapToGlobal(widgetPos.toPoint()), pointText(*hit), this);
        m_axes->hover->replace(QList<QPointF>{hit->value});
    } else {
        hideHover();
    }
}

void ChartView::hideHover() {
    QToolTip::hideText();
    m_axes->hover->clear();
}

void ChartView::fillContextMenu(QMenu& menu) {
    menu.addAction(tr("Reset zoom"), this, &ChartView::resetZoom)->setEnabled(isZoomed());
    if (m_logToggle) {
        QAction* log = menu.addAction(tr("Log scale"));
        log->setCheckable(true);
        log->setChecked(m_logY);
        connect(log, &QAction::toggled, this, &ChartView::setLogY);
    }
    menu.addSeparator();
    addExportActions(menu, this);
}

}  // namespace loupe::widgets
