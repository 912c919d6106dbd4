// The bar plot: mean |SHAP value| per feature, largest on top, the features past the limit summed
// into one "Sum of N other features" bar, as shap.plots.bar draws a global explanation.

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets::shap_plot {
namespace {

constexpr qreal kLabelFont = 12, kValueFont = 11;
constexpr qreal kRowPixels = 26;

struct BarEntry {
    QString label;
    double value = 0;
    int64_t feature = -1;  // -1: the other features
};

struct BarLayout {
    std::vector<BarEntry> bars;
    QRectF plot;
    Axis x;
    qreal rowHeight = 0;
    qreal labelRight = 0, labelWidth = 0;

    qreal rowCentre(size_t i) const {
        return plot.top() + rowHeight * (static_cast<qreal>(i) + 0.5);
    }
};

std::vector<BarEntry> entriesOf(const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    const auto& order = d.summary.order;
    const auto total = static_cast<int64_t>(order.size());
    // The limit counts the "other features" bar, so the plot never shows more than it says.
    const int64_t limit = state.maxFeatures > 0 ? state.maxFeatures : total;
    const int64_t shown = total > limit ? std::max<int64_t>(limit - 1, 1) : total;
    std::vector<BarEntry> bars;
    for (int64_t i = 0; i < shown; ++i)
        bars.push_back({featureName(d, order[i]), d.summary.meanAbs[order[i]], order[i]});
    if (shown < total) {
        double rest = 0;
        for (int64_t i = shown; i < total; ++i) rest += d.summary.meanAbs[order[i]];
        bars.push_back({QStringLiteral("Sum of %1 other features").arg(total - shown), rest, -1});
    }
    return bars;
}

BarLayout layoutOf(const QRectF& rect, const PlotState& state) {
    BarLayout l;
    l.bars = entriesOf(state);
    const QRectF content = rect.adjusted(10, titleHeight(), -10, -8);
    const QFontMetricsF fm(plotFont(kLabelFont)), vm(plotFont(kValueFont));
    qreal widest = 0, widestValue = 0, top = 0;
    for (const BarEntry& b : l.bars) {
        widest = std::max(widest, fm.horizontalAdvance(b.label));
        widestValue = std::max(widestValue, vm.horizontalAdvance(formatValue(b.value)));
        top = std::max(top, b.value);
    }
    l.labelWidth = std::clamp(widest, 40.0, content.width() * 0.4);
    l.labelRight = content.left() + l.labelWidth;
    l.plot = QRectF(QPointF(l.labelRight + 12, content.top() + 4),
                    QPointF(content.right() - 4, content.bottom() - xAxisHeight() - 6));
    l.rowHeight = l.plot.height() / static_cast<qreal>(std::max<size_t>(l.bars.size(), 1));
    // Room right of the longest bar for its value.
    l.x = Axis{0, top > 0 ? top * 1.02 : 1, l.plot.left(), l.plot.right() - widestValue - 8};
    return l;
}

}  // namespace

QSize barPreferredSize(const PlotState& state) {
    const auto rows = static_cast<int>(entriesOf(state).size());
    return QSize(
        820, static_cast<int>(titleHeight() + xAxisHeight() + 30 + std::max(rows, 3) * kRowPixels));
}

void paintBar(QPainter& painter, const QRectF& rect, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    const BarLayout l = layoutOf(rect, state);
    drawTitle(
        painter, rect, QStringLiteral("Mean |SHAP value| per feature"),
        QStringLiteral("%1 rows, %2 SHAP of the %3")
            .arg(d.shap.values.rows())
            .arg(QString::fromStdString(explain::shapMethodName(d.shap.method)), outputName(d)));
    painter.save();
    const QFont font = plotFont(kLabelFont), valueFont = plotFont(kValueFont);
    const QFontMetricsF fm(font), vm(valueFont);
    const qreal barHeight = std::min<qreal>(l.rowHeight * 0.7, 22);
    for (size_t i = 0; i < l.bars.size(); ++i) {
        const BarEntry& b = l.bars[i];
        const qreal y = l.rowCentre(i);
        painter.setFont(font);
        painter.setPen(b.feature < 0 ? QColor(110, 110, 110) : QColor(51, 51, 51));
        const QString name = elided(font, b.label, l.labelWidth);
        painter.drawText(QPointF(l.labelRight - fm.horizontalAdvance(name),
                                 y + (fm.ascent() - fm.descent()) / 2),
                         name);
        const QRectF bar(QPointF(l.x.map(0), y - barHeight / 2),
                         QPointF(l.x.map(b.value), y + barHeight / 2));
        painter.fillRect(bar, b.feature < 0 ? QColor(150, 150, 150) : blueColour());
        painter.setFont(valueFont);
        painter.setPen(QColor(51, 51, 51));
        painter.drawText(QPointF(bar.right() + 5, y + (vm.ascent() - vm.descent()) / 2),
                         formatValue(b.value));
    }
    painter.setPen(QPen(QColor(153, 153, 153), 1));
    painter.drawLine(QPointF(l.x.map(0), l.plot.top()), QPointF(l.x.map(0), l.plot.bottom()));
    painter.restore();
    drawXAxis(painter, l.x, l.plot.bottom() + 4,
              QStringLiteral("mean(|SHAP value|) (average impact on the ") + outputName(d) +
                  QLatin1Char(')'));
}

Hit barHit(const QRectF& rect, const PlotState& state, QPointF pos) {
    const BarLayout l = layoutOf(rect, state);
    if (l.bars.empty() || pos.y() < l.plot.top() || pos.y() >= l.plot.bottom()) return {};
    if (pos.x() < rect.left() || pos.x() > rect.right()) return {};
    const auto index = static_cast<size_t>((pos.y() - l.plot.top()) / l.rowHeight);
    if (index >= l.bars.size()) return {};
    return Hit{-1, l.bars[index].feature};
}

}  // namespace loupe::widgets::shap_plot
