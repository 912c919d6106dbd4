// The dependence plot, as shap.plots.scatter draws it: a feature's value (x) against its SHAP
// value (y), a dot per explained row, coloured by the feature that interacts with it most.

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <map>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets::shap_plot {
namespace {

struct DependenceLayout {
    int64_t feature = -1, colourFeature = -1;
    QRectF plot;
    Axis x, y;
    std::vector<int64_t> rows;  // explained rows drawn (the feature's value is known)
    std::vector<QPointF> dots;  // one per entry of rows
};

/// code -> category text of a categorical feature, from the explained rows.
std::map<int64_t, QString> categories(const explain::ShapExplanation& d, int64_t feature) {
    std::map<int64_t, QString> names;
    for (int64_t r = 0; r < d.values.numeric.rows(); ++r) {
        const double code = d.values.numeric(r, feature);
        if (!std::isnan(code))
            names.emplace(static_cast<int64_t>(code),
                          QString::fromStdString(d.values.text[r][feature]));
    }
    return names;
}

int64_t colourFeatureOf(const PlotState& state) {
    const auto count = static_cast<int64_t>(state.data.shap.features.size());
    if (state.colourFeature >= 0 && state.colourFeature < count &&
        state.colourFeature != state.feature)
        return state.colourFeature;
    return explain::strongestInteraction(state.data, state.feature);
}

DependenceLayout layoutOf(const QRectF& rect, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    DependenceLayout l;
    const auto count = static_cast<int64_t>(d.shap.features.size());
    if (state.feature < 0 || state.feature >= count) return l;
    l.feature = state.feature;
    l.colourFeature = colourFeatureOf(state);
    double xLo = INFINITY, xHi = -INFINITY, yLo = 0, yHi = 0;
    for (int64_t r = 0; r < d.shap.values.rows(); ++r) {
        const double v = d.values.numeric(r, l.feature);
        if (std::isnan(v)) continue;
        xLo = std::min(xLo, v);
        xHi = std::max(xHi, v);
        yLo = std::min(yLo, d.shap.values(r, l.feature));
        yHi = std::max(yHi, d.shap.values(r, l.feature));
        l.rows.push_back(r);
    }
    const QRectF content = rect.adjusted(10, titleHeight(), -10, -8);
    const qreal labelBand = QFontMetricsF(plotFont(12)).height() + 6;
    const bool categorical = d.values.categorical[l.feature];
    if (categorical) {  // categories sit on whole numbers, half a step in from the edges
        xLo -= 0.5;
        xHi += 0.5;
    }
    Axis y = paddedAxis(yLo, yHi, 0, 1, 0.06);
    const qreal left = content.left() + labelBand + yTickWidth(y) + 10;
    const qreal right = content.right() - (l.colourFeature >= 0 ? colourBarWidth() + 14 : 4);
    l.plot = QRectF(QPointF(left, content.top() + 6),
                    QPointF(right, content.bottom() - xAxisHeight() - 4));
    l.y = Axis{y.lo, y.hi, l.plot.bottom(), l.plot.top()};
    l.x = categorical ? Axis{xLo, xHi, l.plot.left(), l.plot.right()}
                      : paddedAxis(xLo, xHi, l.plot.left(), l.plot.right(), 0.04);
    for (const int64_t r : l.rows) {
        double x = d.values.numeric(r, l.feature);
        // Categories spread a little sideways (golden-ratio steps by row), so equal values do not
        // hide each other; a number's position is never moved.
        if (categorical) x += (std::fmod(static_cast<double>(r) * 0.618034, 1.0) - 0.5) * 0.5;
        l.dots.emplace_back(l.x.map(x), l.y.map(d.shap.values(r, l.feature)));
    }
    return l;
}

void drawCategoryAxis(QPainter& painter, const DependenceLayout& l,
                      const explain::ShapExplanation& d) {
    const auto names = categories(d, l.feature);
    painter.save();
    const QFont font = plotFont(11);
    const QFontMetricsF fm(font);
    painter.setFont(font);
    painter.setPen(QColor(51, 51, 51));
    painter.drawLine(QPointF(l.plot.left(), l.plot.bottom()),
                     QPointF(l.plot.right(), l.plot.bottom()));
    const qreal slot = (l.plot.width()) / std::max<qreal>(static_cast<qreal>(names.size()), 1);
    for (const auto& [code, name] : names) {
        const qreal x = l.x.map(static_cast<double>(code));
        painter.drawLine(QPointF(x, l.plot.bottom()), QPointF(x, l.plot.bottom() + 4));
        const QString text = elided(font, name, slot - 6);
        painter.drawText(
            QPointF(x - fm.horizontalAdvance(text) / 2, l.plot.bottom() + 6 + fm.ascent()), text);
    }
    const QFont labelFont = plotFont(12);
    painter.setFont(labelFont);
    const QString label = featureName(d, l.feature);
    painter.drawText(
        QPointF(l.plot.center().x() - QFontMetricsF(labelFont).horizontalAdvance(label) / 2,
                l.plot.bottom() + xAxisHeight() - QFontMetricsF(labelFont).descent()),
        label);
    painter.restore();
}

}  // namespace

QSize dependencePreferredSize(const PlotState&) { return QSize(720, 500); }

void paintDependence(QPainter& painter, const QRectF& rect, const PlotState& state) {
    const explain::ShapExplanation& d = state.data;
    const DependenceLayout l = layoutOf(rect, state);
    if (l.feature < 0) {
        drawTitle(painter, rect, QStringLiteral("Dependence plot"),
                  QStringLiteral("no feature to show"));
        return;
    }
    const QString name = featureName(d, l.feature);
    QString subtitle = QStringLiteral("%1 rows").arg(l.rows.size());
    const auto missing =
        static_cast<int64_t>(d.shap.values.rows()) - static_cast<int64_t>(l.rows.size());
    if (missing > 0) subtitle += QStringLiteral(" (%1 missing, not shown)").arg(missing);
    if (l.colourFeature >= 0)
        subtitle += QStringLiteral("; colour: %1%2")
                        .arg(featureName(d, l.colourFeature),
                             state.colourFeature < 0 ? QStringLiteral(" (strongest interaction)")
                                                     : QString());
    drawTitle(painter, rect,
              QStringLiteral("Dependence of the ") + outputName(d) + QStringLiteral(" on ") + name,
              subtitle);

    painter.save();
    painter.setPen(QPen(QColor(170, 170, 170), 1, Qt::DashLine));
    painter.drawLine(QPointF(l.plot.left(), l.y.map(0)), QPointF(l.plot.right(), l.y.map(0)));
    std::vector<double> colours(l.rows.size(), NAN);
    std::vector<bool> grey(l.rows.size(), l.colourFeature < 0);
    QString low = QStringLiteral("Low"), high = QStringLiteral("High");
    if (l.colourFeature >= 0) {
        if (d.values.categorical[l.colourFeature]) {
            // Categories take evenly spaced colours by code, as shap's scatter colours them.
            const auto names = categories(d, l.colourFeature);
            const double top =
                names.empty() ? 1.0
                              : std::max<double>(static_cast<double>(names.rbegin()->first), 1.0);
            for (size_t i = 0; i < l.rows.size(); ++i)
                colours[i] = d.values.numeric(l.rows[i], l.colourFeature) / top;
            if (!names.empty()) {
                low = names.begin()->second;
                high = names.rbegin()->second;
            }
        } else {
            for (size_t i = 0; i < l.rows.size(); ++i)
                colours[i] = d.summary.colour(l.rows[i], l.colourFeature);
        }
    }
    drawDots(painter, l.dots, colours, grey);
    painter.restore();

    const qreal labelLeft = rect.left() + 10;
    drawYAxis(painter, l.y, l.plot.left(), labelLeft, QStringLiteral("SHAP value for ") + name);
    if (d.values.categorical[l.feature])
        drawCategoryAxis(painter, l, d);
    else
        drawXAxis(painter, l.x, l.plot.bottom(), name);
    if (l.colourFeature >= 0) {
        const qreal barHeight = std::min<qreal>(l.plot.height(), 300);
        const QFont font = plotFont(11);
        drawColourBar(
            painter,
            QRectF(l.plot.right() + 14, l.plot.center().y() - barHeight / 2, 10, barHeight),
            featureName(d, l.colourFeature), elided(font, low, colourBarWidth() - 26),
            elided(font, high, colourBarWidth() - 26));
    }
}

Hit dependenceHit(const QRectF& rect, const PlotState& state, QPointF pos) {
    const DependenceLayout l = layoutOf(rect, state);
    const int64_t i = nearestPoint(l.dots, pos, kDotSize);
    if (i < 0) return {};
    return Hit{l.rows[static_cast<size_t>(i)], l.feature};
}

}  // namespace loupe::widgets::shap_plot
