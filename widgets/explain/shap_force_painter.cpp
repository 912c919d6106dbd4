// The force plot of one row, as shap.plots.force draws it: a bar along the output axis from the
// base value to f(x); red arrows (features that push the output up) end at f(x) from the left,
// blue arrows (pushing it down) from the right, the largest next to f(x); each labelled below.

#include <QFontMetricsF>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets::shap_plot {
namespace {

constexpr qreal kBarHeight = 26, kLineHeight = 18, kMarkerFont = 13, kLabelFont = 11;
constexpr int kLabelLines = 4;

struct Segment {
    int64_t feature = -1;
    double from = 0, to = 0;  // along the output axis, from < to
    double value = 0;         // its SHAP value
};

struct ForceLayout {
    std::vector<Segment> segments;
    double base = 0, fx = 0;
    Axis x;
    qreal markerY = 0, axisY = 0;
    QRectF bar;  // the bar's vertical extent across the whole axis
    qreal labelsTop = 0, legendY = 0;
};

ForceLayout layoutOf(const QRectF& rect, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    ForceLayout l;
    const int64_t r = state.row;
    if (r < 0 || r >= d.shap.values.rows()) return l;
    l.base = d.shap.baseValue[r];
    std::vector<int64_t> up, down;
    double sumUp = 0, sumDown = 0;
    for (int64_t f = 0; f < d.shap.values.cols(); ++f) {
        const double v = d.shap.values(r, f);
        if (v > 0) {
            up.push_back(f);
            sumUp += v;
        } else if (v < 0) {
            down.push_back(f);
            sumDown -= v;
        }
    }
    const auto bySize = [&](int64_t a, int64_t b) {
        return std::abs(d.shap.values(r, a)) > std::abs(d.shap.values(r, b));
    };
    std::stable_sort(up.begin(), up.end(), bySize);
    std::stable_sort(down.begin(), down.end(), bySize);
    // Drawn from base + SHAP values, so the arrows meet exactly; the label shows the prediction.
    l.fx = l.base + sumUp - sumDown;
    double edge = l.fx;
    for (const int64_t f : up) {
        const double v = d.shap.values(r, f);
        l.segments.push_back({f, edge - v, edge, v});
        edge -= v;
    }
    edge = l.fx;
    for (const int64_t f : down) {
        const double v = d.shap.values(r, f);
        l.segments.push_back({f, edge, edge - v, v});
        edge -= v;
    }
    const QRectF content = rect.adjusted(16, titleHeight(), -16, -8);
    l.x =
        paddedAxis(std::min({l.fx - sumUp, l.base, l.fx}), std::max({l.fx + sumDown, l.base, l.fx}),
                   content.left(), content.right(), 0.06);
    const QFontMetricsF mm(plotFont(kMarkerFont, true));
    l.markerY = content.top() + 4;
    l.axisY = l.markerY + mm.height() + 6 + QFontMetricsF(plotFont(11)).height() + 6;
    l.bar = QRectF(content.left(), l.axisY + 10, content.width(), kBarHeight);
    l.labelsTop = l.bar.bottom() + 16;
    l.legendY = l.labelsTop + kLabelLines * kLineHeight + 10;
    return l;
}

/// An arrow-shaped segment pointing right (pushes up) or left, with a notch at its tail.
QPolygonF chevron(qreal left, qreal right, qreal top, qreal bottom, bool pointsRight) {
    const qreal mid = (top + bottom) / 2;
    const qreal tip = std::min<qreal>(7, (right - left) * 0.8);
    if (pointsRight)
        return QPolygonF({QPointF(left - tip, top), QPointF(right - tip, top), QPointF(right, mid),
                          QPointF(right - tip, bottom), QPointF(left - tip, bottom),
                          QPointF(left, mid)});
    return QPolygonF({QPointF(left + tip, top), QPointF(right + tip, top), QPointF(right, mid),
                      QPointF(right + tip, bottom), QPointF(left + tip, bottom),
                      QPointF(left, mid)});
}

void drawMarkers(QPainter& painter, const ForceLayout& l, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    const QFont bold = plotFont(kMarkerFont, true), small = plotFont(11);
    const QFontMetricsF bm(bold), sm(small);
    const double prediction = d.shap.prediction[static_cast<size_t>(state.row)];
    const QString fxText = QStringLiteral("f(x) = ") + formatValue(prediction);
    const qreal fxX = l.x.map(l.fx), baseX = l.x.map(l.base);
    const qreal left = std::min(l.x.p0, l.x.p1), right = std::max(l.x.p0, l.x.p1);
    const qreal fxW = bm.horizontalAdvance(fxText);
    const qreal fxLeft = std::clamp(fxX - fxW / 2, left, right - fxW);
    painter.setFont(bold);
    painter.setPen(QColor(20, 20, 20));
    painter.drawText(QPointF(fxLeft, l.markerY + bm.ascent()), fxText);
    // The base value's label beside f(x)'s when they would collide, on the base value's side.
    const QString baseText = QStringLiteral("base value = ") + formatValue(l.base);
    const qreal baseW = sm.horizontalAdvance(baseText);
    qreal baseLeft = baseX - baseW / 2;
    if (baseLeft < fxLeft + fxW + 10 && baseLeft + baseW > fxLeft - 10)
        baseLeft = baseX < fxX ? fxLeft - 10 - baseW : fxLeft + fxW + 10;
    baseLeft = std::clamp(baseLeft, left, right - baseW);
    painter.setFont(small);
    painter.setPen(QColor(110, 110, 110));
    painter.drawText(QPointF(baseLeft, l.markerY + bm.ascent()), baseText);
    painter.setPen(QPen(QColor(110, 110, 110), 1, Qt::DashLine));
    painter.drawLine(QPointF(baseX, l.axisY), QPointF(baseX, l.bar.bottom() + 4));
    painter.setPen(QPen(QColor(20, 20, 20), 1.5));
    painter.drawLine(QPointF(fxX, l.axisY), QPointF(fxX, l.bar.bottom() + 4));
}

}  // namespace

QSize forcePreferredSize(const PlotState&) {
    return QSize(1000, static_cast<int>(titleHeight() + 110 + kLabelLines * kLineHeight + 40));
}

void paintForce(QPainter& painter, const QRectF& rect, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    const ForceLayout l = layoutOf(rect, state);
    if (state.row < 0 || state.row >= d.shap.values.rows()) {
        drawTitle(painter, rect, QStringLiteral("Force plot"), QStringLiteral("no row to show"));
        return;
    }
    drawTitle(painter, rect,
              QStringLiteral("Row %1: the %2 from the base value to f(x)")
                  .arg(d.shap.rows[static_cast<size_t>(state.row)])
                  .arg(outputName(d)),
              QStringLiteral("%1 SHAP; red raises it, blue lowers it")
                  .arg(QString::fromStdString(explain::shapMethodName(d.shap.method))));
    drawXAxis(painter, l.x, l.axisY, QString(), true);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (const Segment& s : l.segments) {
        const bool up = s.value > 0;
        painter.setPen(QPen(Qt::white, 1));
        painter.setBrush(up ? redColour() : blueColour());
        painter.drawPolygon(
            chevron(l.x.map(s.from), l.x.map(s.to), l.bar.top(), l.bar.bottom(), up));
    }
    drawMarkers(painter, l, state);

    // Labels, largest effect first, each on the first of a few lines below the bar where it fits
    // and its leader line crosses no label above it; the rest are left to the tooltip.
    const QFont font = plotFont(kLabelFont);
    const QFontMetricsF fm(font);
    painter.setFont(font);
    std::vector<const Segment*> bySize;
    for (const Segment& s : l.segments) bySize.push_back(&s);
    std::stable_sort(bySize.begin(), bySize.end(), [](const Segment* a, const Segment* b) {
        return std::abs(a->value) > std::abs(b->value);
    });
    std::vector<QRectF> placed;
    int unlabelled = 0;
    const qreal left = rect.left() + 8, right = rect.right() - 8;
    for (const Segment* s : bySize) {
        const qreal cx = (l.x.map(s->from) + l.x.map(s->to)) / 2;
        const QString text =
            elided(font, featureEquals(d, state.row, s->feature), (right - left) / 3);
        const qreal w = fm.horizontalAdvance(text) + 2;
        // Centred under the arrow, else hanging left or right of its leader line.
        const qreal candidates[] = {cx - w / 2, cx - w + 8, cx - 8};
        bool done = false;
        for (int line = 0; line < kLabelLines && !done; ++line) {
            for (const qreal candidate : candidates) {
                const qreal textLeft = std::clamp(candidate, left, right - w);
                const QRectF box(textLeft - 5, l.labelsTop + line * kLineHeight, w + 10,
                                 kLineHeight);
                const QRectF leader(cx - 1, l.bar.bottom(), 2, box.top() - l.bar.bottom());
                const bool free = std::none_of(placed.begin(), placed.end(), [&](const QRectF& p) {
                    return p.intersects(box) || p.intersects(leader);
                });
                if (!free) continue;
                placed.push_back(box);
                const QColor colour = s->value > 0 ? redColour() : blueColour();
                painter.setPen(QPen(QColor(colour.red(), colour.green(), colour.blue(), 110), 1));
                painter.drawLine(QPointF(cx, l.bar.bottom() + 2), QPointF(cx, box.top() + 2));
                painter.setPen(colour.darker(115));
                painter.drawText(QPointF(textLeft, box.top() + 2 + fm.ascent()), text);
                done = true;
                break;
            }
        }
        if (!done) ++unlabelled;
    }
    painter.setPen(QColor(110, 110, 110));
    if (unlabelled > 0)
        painter.drawText(
            QPointF(left, l.legendY + fm.ascent()),
            QStringLiteral("%1 smaller effects not labelled (hover to see them)").arg(unlabelled));
    painter.restore();
}

Hit forceHit(const QRectF& rect, const PlotState& state, QPointF pos) {
    const ForceLayout l = layoutOf(rect, state);
    if (pos.y() < l.bar.top() || pos.y() > l.bar.bottom()) return {};
    for (const Segment& s : l.segments)
        if (pos.x() >= l.x.map(s.from) && pos.x() <= l.x.map(s.to))
            return Hit{state.row, s.feature};
    return {};
}

}  // namespace loupe::widgets::shap_plot
