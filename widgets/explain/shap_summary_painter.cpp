// The summary (beeswarm) plot: one row per feature, largest mean |SHAP| on top, a dot per
// explained row at its SHAP value, spread vertically by the density jitter core computed and
// coloured by the feature's value, as shap.plots.beeswarm draws it.

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets::shap_plot {
namespace {

constexpr qreal kLabelFont = 12;
constexpr qreal kRowPixels = 26;    // preferred height of one feature's row
constexpr qreal kSwarmHalf = 0.42;  // a swarm's half height, in rows (shap: 0.9 * 0.4 / 1 + ...)

struct SummaryLayout {
    std::vector<int64_t> features;  // shown, top to bottom
    QRectF plot;                    // where the dots go
    Axis x;
    qreal rowHeight = 0;
    qreal labelRight = 0;
    qreal labelWidth = 0;
    QRectF colourBar;

    qreal rowCentre(size_t i) const {
        return plot.top() + rowHeight * (static_cast<qreal>(i) + 0.5);
    }
};

SummaryLayout layoutOf(const QRectF& rect, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    SummaryLayout l;
    l.features = shownFeatures(d, state.maxFeatures);
    const QRectF content = rect.adjusted(10, titleHeight(), -10, -8);
    const QFont font = plotFont(kLabelFont);
    const QFontMetricsF fm(font);
    qreal widest = 0;
    for (const int64_t f : l.features)
        widest = std::max(widest, fm.horizontalAdvance(featureName(d, f)));
    l.labelWidth = std::clamp(widest, 40.0, content.width() * 0.38);
    l.labelRight = content.left() + l.labelWidth;
    const qreal barSpace = colourBarWidth();
    l.plot = QRectF(QPointF(l.labelRight + 12, content.top() + 4),
                    QPointF(content.right() - barSpace - 8, content.bottom() - xAxisHeight() - 6));
    const auto rows = static_cast<qreal>(std::max<size_t>(l.features.size(), 1));
    l.rowHeight = l.plot.height() / rows;
    double lo = 0, hi = 0;  // zero always shows: the line every dot is measured from
    for (const int64_t f : l.features) {
        lo = std::min(lo, d.shap.values.col(f).minCoeff());
        hi = std::max(hi, d.shap.values.col(f).maxCoeff());
    }
    if (d.shap.values.rows() == 0) hi = 1;
    l.x = paddedAxis(lo, hi, l.plot.left(), l.plot.right(), 0.04);
    const qreal barHeight = std::min<qreal>(l.plot.height(), 320);
    l.colourBar = QRectF(l.plot.right() + 14, l.plot.center().y() - barHeight / 2, 10, barHeight);
    return l;
}

/// The dots of the shown feature at `index`, one per explained row.
std::vector<QPointF> dotsOf(const SummaryLayout& l, const PlotState& state, size_t index) {
    const explain::ShapExplanation& d = state.data;
    const int64_t f = l.features[index];
    const qreal centre = l.rowCentre(index), half = l.rowHeight * kSwarmHalf;
    std::vector<QPointF> dots(static_cast<size_t>(d.shap.values.rows()));
    for (int64_t r = 0; r < d.shap.values.rows(); ++r)
        dots[r] = QPointF(l.x.map(d.shap.values(r, f)), centre - d.summary.jitter(r, f) * half);
    return dots;
}

}  // namespace

QSize summaryPreferredSize(const PlotState& state) {
    const auto rows = static_cast<int>(shownFeatures(state.data, state.maxFeatures).size());
    return QSize(
        820, static_cast<int>(titleHeight() + xAxisHeight() + 30 + std::max(rows, 6) * kRowPixels));
}

void paintSummary(QPainter& painter, const QRectF& rect, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    const int64_t nRows = d.shap.values.rows();
    const auto total = static_cast<int64_t>(d.shap.features.size());
    const SummaryLayout l = layoutOf(rect, state);
    bool anyGrey = false;
    for (const int64_t f : l.features) anyGrey = anyGrey || d.values.categorical[f];
    for (const int64_t f : l.features)
        for (int64_t r = 0; r < nRows && !anyGrey; ++r)
            anyGrey = std::isnan(d.values.numeric(r, f));
    QString subtitle = QStringLiteral("%1 rows, %2 SHAP; features by mean |SHAP value|")
                           .arg(nRows)
                           .arg(QString::fromStdString(explain::shapMethodName(d.shap.method)));
    if (static_cast<int64_t>(l.features.size()) < total)
        subtitle += QStringLiteral(", top %1 of %2").arg(l.features.size()).arg(total);
    if (anyGrey) subtitle += QStringLiteral("; grey: categorical or missing");
    drawTitle(painter, rect, QStringLiteral("Impact of each feature on the ") + outputName(d),
              subtitle);

    painter.save();
    // Row guides, as shap's dashed light grey lines, and the zero line through every swarm.
    painter.setPen(QPen(QColor(204, 204, 204), 1, Qt::DashLine));
    for (size_t i = 0; i < l.features.size(); ++i)
        painter.drawLine(QPointF(l.plot.left(), l.rowCentre(i)),
                         QPointF(l.plot.right(), l.rowCentre(i)));
    painter.setPen(QPen(QColor(153, 153, 153), 1));
    painter.drawLine(QPointF(l.x.map(0), l.plot.top()), QPointF(l.x.map(0), l.plot.bottom()));

    const QFont font = plotFont(kLabelFont);
    const QFontMetricsF fm(font);
    painter.setFont(font);
    painter.setPen(QColor(51, 51, 51));
    for (size_t i = 0; i < l.features.size(); ++i) {
        const QString name = elided(font, featureName(d, l.features[i]), l.labelWidth);
        painter.drawText(QPointF(l.labelRight - fm.horizontalAdvance(name),
                                 l.rowCentre(i) + (fm.ascent() - fm.descent()) / 2),
                         name);
    }

    // All rows' dots in one batch, so drawDots groups them by colour across features.
    std::vector<QPointF> dots;
    std::vector<double> colours;
    std::vector<bool> grey;
    dots.reserve(static_cast<size_t>(nRows) * l.features.size());
    for (size_t i = 0; i < l.features.size(); ++i) {
        const std::vector<QPointF> row = dotsOf(l, state, i);
        dots.insert(dots.end(), row.begin(), row.end());
        const int64_t f = l.features[i];
        for (int64_t r = 0; r < nRows; ++r) {
            colours.push_back(d.summary.colour(r, f));
            grey.push_back(d.values.categorical[f]);
        }
    }
    drawDots(painter, dots, colours, grey);
    painter.restore();

    drawXAxis(painter, l.x, l.plot.bottom() + 4,
              QStringLiteral("SHAP value (impact on the ") + outputName(d) + QLatin1Char(')'));
    drawColourBar(painter, l.colourBar, QStringLiteral("Feature value"), QStringLiteral("Low"),
                  QStringLiteral("High"));
}

Hit summaryHit(const QRectF& rect, const PlotState& state, QPointF pos) {
    const SummaryLayout l = layoutOf(rect, state);
    if (l.features.empty() || pos.y() < l.plot.top() || pos.y() >= l.plot.bottom()) return {};
    const auto index = static_cast<size_t>((pos.y() - l.plot.top()) / l.rowHeight);
    if (index >= l.features.size()) return {};
    Hit hit{-1, l.features[index]};
    if (pos.x() < rect.left() || pos.x() > l.plot.right() + kDotSize) return {};
    if (pos.x() >= l.plot.left() - kDotSize)
        hit.row = nearestPoint(dotsOf(l, state, index), pos, kDotSize);
    return hit;
}

}  // namespace loupe::widgets::shap_plot
