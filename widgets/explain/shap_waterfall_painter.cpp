// The waterfall plot of one row, as shap.plots.waterfall draws it: E[f(X)] at the bottom, one
// arrow per feature (largest |SHAP| on top) walking the output to f(x) at the top, red up and
// blue down with their values written on them, the smallest summed into "N other features".

#include <QFontMetricsF>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets::shap_plot {
namespace {

constexpr qreal kLabelFont = 12, kValueFont = 11, kRowPixels = 28, kMarkerBand = 22;

struct Step {
    QString label;
    int64_t feature = -1;  // -1: the other features
    double value = 0;
    double from = 0, to = 0;
};

struct WaterfallLayout {
    std::vector<Step> steps;  // top to bottom
    QRectF plot;
    Axis x;
    qreal rowHeight = 0, labelRight = 0, labelWidth = 0;
    double base = 0, fx = 0;

    qreal rowCentre(size_t i) const {
        return plot.top() + rowHeight * (static_cast<qreal>(i) + 0.5);
    }
};

std::vector<Step> stepsOf(const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    const int64_t r = state.row;
    std::vector<Step> steps;
    if (r < 0 || r >= d.shap.values.rows()) return steps;
    std::vector<int64_t> order(static_cast<size_t>(d.shap.values.cols()));
    for (size_t f = 0; f < order.size(); ++f) order[f] = static_cast<int64_t>(f);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return std::abs(d.shap.values(r, a)) > std::abs(d.shap.values(r, b));
    });
    const auto total = static_cast<int64_t>(order.size());
    const int64_t limit = state.maxFeatures > 0 ? state.maxFeatures : total;
    const int64_t shown = total > limit ? std::max<int64_t>(limit - 1, 1) : total;
    for (int64_t i = 0; i < shown; ++i)
        steps.push_back({featureEquals(d, r, order[i]), order[i], d.shap.values(r, order[i])});
    if (shown < total) {
        double rest = 0;
        for (int64_t i = shown; i < total; ++i) rest += d.shap.values(r, order[i]);
        steps.push_back({QStringLiteral("%1 other features").arg(total - shown), -1, rest});
    }
    // Walk up from the base value: the bottom step starts there, the top one ends at f(x).
    double level = d.shap.baseValue[static_cast<size_t>(r)];
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        it->from = level;
        level += it->value;
        it->to = level;
    }
    return steps;
}

WaterfallLayout layoutOf(const QRectF& rect, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    WaterfallLayout l;
    l.steps = stepsOf(state);
    if (l.steps.empty()) return l;
    l.base = d.shap.baseValue[static_cast<size_t>(state.row)];
    l.fx = l.steps.front().to;
    const QRectF content = rect.adjusted(10, titleHeight(), -10, -8);
    const QFontMetricsF fm(plotFont(kLabelFont)), vm(plotFont(kValueFont));
    qreal widest = 0, widestValue = 0;
    double lo = l.base, hi = l.base;
    for (const Step& s : l.steps) {
        widest = std::max(widest, fm.horizontalAdvance(s.label));
        widestValue = std::max(widestValue, vm.horizontalAdvance(formatSigned(s.value)));
        lo = std::min({lo, s.from, s.to});
        hi = std::max({hi, s.from, s.to});
    }
    l.labelWidth = std::clamp(widest, 40.0, content.width() * 0.42);
    l.labelRight = content.left() + l.labelWidth;
    l.plot = QRectF(QPointF(l.labelRight + 12, content.top() + kMarkerBand),
                    QPointF(content.right() - 4, content.bottom() - xAxisHeight() - kMarkerBand));
    l.rowHeight = l.plot.height() / static_cast<qreal>(l.steps.size());
    // Room on both sides for a value written beside a bar too short to hold it.
    const qreal room = widestValue + 10;
    l.x = paddedAxis(lo, hi, l.plot.left() + room, l.plot.right() - room, 0.02);
    return l;
}

QPolygonF arrow(qreal from, qreal to, qreal top, qreal bottom) {
    const qreal mid = (top + bottom) / 2;
    const qreal dir = to >= from ? 1 : -1;
    const qreal tip = std::min<qreal>(std::abs(to - from), (bottom - top) * 0.35);
    const qreal shaft = to - dir * tip;
    return QPolygonF({QPointF(from, top), QPointF(shaft, top), QPointF(to, mid),
                      QPointF(shaft, bottom), QPointF(from, bottom)});
}

}  // namespace

QSize waterfallPreferredSize(const PlotState& state) {
    const auto rows = static_cast<int>(stepsOf(state).size());
    return QSize(820, static_cast<int>(titleHeight() + xAxisHeight() + 2 * kMarkerBand + 20 +
                                       std::max(rows, 3) * kRowPixels));
}

void paintWaterfall(QPainter& painter, const QRectF& rect, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    const WaterfallLayout l = layoutOf(rect, state);
    if (l.steps.empty()) {
        drawTitle(painter, rect, QStringLiteral("Waterfall plot"),
                  QStringLiteral("no row to show"));
        return;
    }
    const double prediction = d.shap.prediction[static_cast<size_t>(state.row)];
    drawTitle(painter, rect,
              QStringLiteral("Row %1: how each feature moves the %2")
                  .arg(d.shap.rows[static_cast<size_t>(state.row)])
                  .arg(outputName(d)),
              QStringLiteral("from E[f(X)] = %1 to f(x) = %2; %3 SHAP")
                  .arg(formatValue(l.base, 4), formatValue(prediction, 4),
                       QString::fromStdString(explain::shapMethodName(d.shap.method))));
    painter.save();
    const QFont font = plotFont(kLabelFont), valueFont = plotFont(kValueFont);
    const QFontMetricsF fm(font), vm(valueFont);
    const qreal baseX = l.x.map(l.base), fxX = l.x.map(l.fx);
    painter.setPen(QPen(QColor(204, 204, 204), 1, Qt::DashLine));
    for (size_t i = 0; i < l.steps.size(); ++i)
        painter.drawLine(QPointF(l.plot.left(), l.rowCentre(i)),
                         QPointF(l.plot.right(), l.rowCentre(i)));
    painter.setPen(QPen(QColor(140, 140, 140), 1, Qt::DashLine));
    // From the marker's text to the bar that starts or ends there, never through the text.
    painter.drawLine(QPointF(baseX, l.plot.top() + l.rowHeight * 0.5),
                     QPointF(baseX, l.plot.bottom() + 4));
    painter.drawLine(QPointF(fxX, l.plot.top() - 4),
                     QPointF(fxX, l.plot.bottom() - l.rowHeight * 0.5));

    painter.setRenderHint(QPainter::Antialiasing, true);
    const qreal barHeight = std::min<qreal>(l.rowHeight * 0.72, 22);
    for (size_t i = 0; i < l.steps.size(); ++i) {
        const Step& s = l.steps[i];
        const qreal y = l.rowCentre(i);
        painter.setFont(font);
        painter.setPen(s.feature < 0 ? QColor(110, 110, 110) : QColor(51, 51, 51));
        const QString label = elided(font, s.label, l.labelWidth);
        painter.drawText(QPointF(l.labelRight - fm.horizontalAdvance(label),
                                 y + (fm.ascent() - fm.descent()) / 2),
                         label);
        const QColor colour = s.value >= 0 ? redColour() : blueColour();
        const qreal from = l.x.map(s.from), to = l.x.map(s.to);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawPolygon(arrow(from, to, y - barHeight / 2, y + barHeight / 2));
        // The value inside the bar in white when it fits, else beside its tip in the bar's colour.
        const QString text = formatSigned(s.value);
        const qreal w = vm.horizontalAdvance(text);
        const qreal baseline = y + (vm.ascent() - vm.descent()) / 2;
        painter.setFont(valueFont);
        if (std::abs(to - from) - barHeight * 0.35 > w + 8) {
            painter.setPen(Qt::white);
            painter.drawText(QPointF((from + to) / 2 - w / 2 - (to - from > 0 ? 3 : -3), baseline),
                             text);
        } else {
            painter.setPen(colour.darker(110));
            painter.drawText(
                QPointF(to >= from ? std::max(from, to) + 4 : std::min(from, to) - 4 - w, baseline),
                text);
        }
    }
    painter.setPen(QColor(51, 51, 51));
    const QFont markerFont = plotFont(kValueFont, true);
    const QFontMetricsF mm(markerFont);
    painter.setFont(markerFont);
    const QString fxText = QStringLiteral("f(x) = ") + formatValue(prediction, 4);
    const QString baseText = QStringLiteral("E[f(X)] = ") + formatValue(l.base, 4);
    const qreal left = l.plot.left(), right = l.plot.right();
    auto centred = [&](const QString& t, qreal x) {
        const qreal w = mm.horizontalAdvance(t);
        return std::clamp(x - w / 2, left, right - w);
    };
    painter.drawText(QPointF(centred(fxText, fxX), l.plot.top() - kMarkerBand + mm.ascent()),
                     fxText);
    painter.drawText(
        QPointF(centred(baseText, baseX), l.plot.bottom() + kMarkerBand - mm.descent() - 2),
        baseText);
    painter.restore();
    drawXAxis(painter, l.x, l.plot.bottom() + kMarkerBand, outputName(d));
}

Hit waterfallHit(const QRectF& rect, const PlotState& state, QPointF pos) {
    const WaterfallLayout l = layoutOf(rect, state);
    if (l.steps.empty() || pos.y() < l.plot.top() || pos.y() >= l.plot.bottom()) return {};
    if (pos.x() < rect.left() || pos.x() > rect.right()) return {};
    const auto index = static_cast<size_t>((pos.y() - l.plot.top()) / l.rowHeight);
    if (index >= l.steps.size()) return {};
    return Hit{state.row, l.steps[index].feature};
}

}  // namespace loupe::widgets::shap_plot
