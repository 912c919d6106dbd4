// The force plot of one row, as shap.plots.force draws it: a bar along the output axis from the
// base value to f(x); red arrows (features that push the output up) end at f(x) from the left,
// blue arrows (pushing it down) from the right, the largest next to f(x). The largest effects are
// labelled "feature = value", red ones above the bar and blue ones below, each in one row whose
// leader lines fan out without crossing.

#include <QFontMetricsF>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets::shap_plot {
namespace {

constexpr qreal kBarHeight = 26, kFan = 26, kLabelRow = 18, kMarkerFont = 13, kLabelFont = 11;
constexpr qreal kLabelGap = 14;

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
    qreal upLabels = 0;  // top of the red labels' row
    QRectF bar;          // the bar's vertical extent across the whole axis
    qreal downLabels = 0, noteY = 0;
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
    l.markerY = content.top() + 2;
    l.axisY = l.markerY + mm.height() + 4 + QFontMetricsF(plotFont(11)).height() + 6;
    l.upLabels = l.axisY + 12;
    l.bar = QRectF(content.left(), l.upLabels + kLabelRow + kFan, content.width(), kBarHeight);
    l.downLabels = l.bar.bottom() + kFan;
    l.noteY = l.downLabels + kLabelRow + 8;
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

/// A label of one row: the arrow's centre it points at, its text and where the text starts.
struct Label {
    qreal anchor = 0, width = 0, left = 0;
    QString text;
    double value = 0;
};

/// Packs labels (sorted by anchor) into [lo, hi] in one row, each as near its anchor as the
/// others allow, keeping their order so leader lines never cross. False when they do not fit.
bool pack(std::vector<Label>& labels, qreal lo, qreal hi) {
    qreal total = 0;
    for (const Label& l : labels) total += l.width + kLabelGap;
    if (total - kLabelGap > hi - lo) return false;
    for (Label& l : labels) l.left = std::clamp(l.anchor - l.width / 2, lo, hi - l.width);
    for (size_t i = 1; i < labels.size(); ++i)  // push right past the previous one
        labels[i].left =
            std::max(labels[i].left, labels[i - 1].left + labels[i - 1].width + kLabelGap);
    if (!labels.empty())
        labels.back().left = std::min(labels.back().left, hi - labels.back().width);
    for (size_t i = labels.size(); i-- > 1;)  // pull back left of the next one
        labels[i - 1].left =
            std::min(labels[i - 1].left, labels[i].left - kLabelGap - labels[i - 1].width);
    return labels.empty() || labels.front().left >= lo - 0.5;
}

/// The largest effects on one side that fit in a row, packed; `skipped` counts the others.
std::vector<Label> rowOf(const ForceLayout& l, const PlotState& state, bool up, qreal lo, qreal hi,
                         int& skipped) {
    const QFont font = plotFont(kLabelFont);
    const QFontMetricsF fm(font);
    std::vector<const Segment*> bySize;
    for (const Segment& s : l.segments)
        if ((s.value > 0) == up) bySize.push_back(&s);
    std::stable_sort(bySize.begin(), bySize.end(), [](const Segment* a, const Segment* b) {
        return std::abs(a->value) > std::abs(b->value);
    });
    std::vector<Label> chosen;
    for (const Segment* s : bySize) {
        Label label;
        label.anchor = (l.x.map(s->from) + l.x.map(s->to)) / 2;
        label.text = elided(font, featureEquals(state.data, state.row, s->feature), (hi - lo) / 3);
        label.width = fm.horizontalAdvance(label.text) + 2;
        label.value = s->value;
        std::vector<Label> trial = chosen;
        trial.insert(
            std::upper_bound(trial.begin(), trial.end(), label,
                             [](const Label& a, const Label& b) { return a.anchor < b.anchor; }),
            label);
        if (pack(trial, lo, hi))
            chosen = std::move(trial);
        else
            ++skipped;
    }
    return chosen;
}

void drawLabels(QPainter& painter, const std::vector<Label>& labels, qreal rowTop, qreal barEdge,
                bool above) {
    const QFont font = plotFont(kLabelFont);
    const QFontMetricsF fm(font);
    painter.setFont(font);
    for (const Label& label : labels) {
        const QColor colour = label.value > 0 ? redColour() : blueColour();
        // The leader meets the text's edge at the point nearest the arrow's centre.
        const qreal end = std::clamp(label.anchor, label.left + 4, label.left + label.width - 4);
        const qreal textEdge = above ? rowTop + kLabelRow : rowTop;
        painter.setPen(QPen(QColor(colour.red(), colour.green(), colour.blue(), 130), 1));
        painter.drawLine(QPointF(label.anchor, barEdge), QPointF(end, textEdge + (above ? 1 : -1)));
        painter.setPen(colour.darker(115));
        painter.drawText(QPointF(label.left, rowTop + (kLabelRow + fm.ascent() - fm.descent()) / 2),
                         label.text);
    }
}

void drawMarkers(QPainter& painter, const ForceLayout& l, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    const QFont bold = plotFont(kMarkerFont, true), small = plotFont(11);
    const QFontMetricsF bm(bold), sm(small);
    const double prediction = d.shap.prediction[static_cast<size_t>(state.row)];
    const QString fxText = QStringLiteral("f(x) = ") + formatValue(prediction, 4);
    const qreal fxX = l.x.map(l.fx), baseX = l.x.map(l.base);
    const qreal left = std::min(l.x.p0, l.x.p1), right = std::max(l.x.p0, l.x.p1);
    const qreal fxW = bm.horizontalAdvance(fxText);
    const qreal fxLeft = std::clamp(fxX - fxW / 2, left, right - fxW);
    painter.setFont(bold);
    painter.setPen(QColor(20, 20, 20));
    painter.drawText(QPointF(fxLeft, l.markerY + bm.ascent()), fxText);
    // The base value's label beside f(x)'s when they would collide, on the base value's side.
    const QString baseText = QStringLiteral("base value = ") + formatValue(l.base, 4);
    const qreal baseW = sm.horizontalAdvance(baseText);
    qreal baseLeft = baseX - baseW / 2;
    if (baseLeft < fxLeft + fxW + 10 && baseLeft + baseW > fxLeft - 10)
        baseLeft = baseX < fxX ? fxLeft - 10 - baseW : fxLeft + fxW + 10;
    baseLeft = std::clamp(baseLeft, left, right - baseW);
    painter.setFont(small);
    painter.setPen(QColor(110, 110, 110));
    painter.drawText(QPointF(baseLeft, l.markerY + bm.ascent()), baseText);
    // Triangles on the axis, and lines across the bar (not through the labels between them).
    painter.setPen(Qt::NoPen);
    for (const auto& [x, colour] :
         {std::pair{baseX, QColor(140, 140, 140)}, std::pair{fxX, QColor(20, 20, 20)}}) {
        painter.setBrush(colour);
        painter.drawPolygon(QPolygonF(
            {QPointF(x - 5, l.axisY + 1), QPointF(x + 5, l.axisY + 1), QPointF(x, l.axisY + 8)}));
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(90, 90, 90), 1.2, Qt::DashLine));
    painter.drawLine(QPointF(baseX, l.bar.top() - 5), QPointF(baseX, l.bar.bottom() + 5));
    painter.setPen(QPen(QColor(20, 20, 20), 2));
    painter.drawLine(QPointF(fxX, l.bar.top() - 5), QPointF(fxX, l.bar.bottom() + 5));
}

}  // namespace

QSize forcePreferredSize(const PlotState&) {
    return QSize(1000,
                 static_cast<int>(titleHeight() + 60 + 2 * (kLabelRow + kFan) + kBarHeight + 40));
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
    int skipped = 0;
    const qreal lo = rect.left() + 8, hi = rect.right() - 8;
    drawLabels(painter, rowOf(l, state, true, lo, hi, skipped), l.upLabels, l.bar.top() - 1, true);
    drawLabels(painter, rowOf(l, state, false, lo, hi, skipped), l.downLabels, l.bar.bottom() + 1,
               false);
    if (skipped > 0) {
        painter.setFont(plotFont(kLabelFont));
        painter.setPen(QColor(110, 110, 110));
        painter.drawText(QPointF(lo, l.noteY + QFontMetricsF(plotFont(kLabelFont)).ascent()),
                         skipped == 1 ? QStringLiteral("1 smaller effect not labelled")
                                      : QStringLiteral("%1 smaller effects not labelled").arg(skipped));
    }
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
