#include "widgets/report/confusion_chart.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets {

using namespace shap_plot;

namespace {

constexpr qreal kCellFont = 12, kLabelFont = 11, kAxisFont = 12;
constexpr qreal kMaxLabelWidth = 150;

/// White to a saturated blue, by the cell's share of its row.
QColor cellColour(double share) {
    const double t = std::clamp(share, 0.0, 1.0);
    const auto mix = [&](int from, int to) {
        return static_cast<int>(std::lround(from + t * (to - from)));
    };
    return QColor(mix(247, 8), mix(251, 69), mix(255, 148));
}

qreal labelWidth(const std::vector<QString>& classes) {
    const QFont font = plotFont(kLabelFont);
    const QFontMetricsF fm(font);
    qreal widest = 0;
    for (const QString& c : classes) widest = std::max(widest, fm.horizontalAdvance(c));
    return std::min(widest, kMaxLabelWidth) + 8;
}

}  // namespace

QSizeF ConfusionChart::preferredSize() const {
    const auto n = static_cast<qreal>(std::max<size_t>(classes.size(), 1));
    const qreal cell = std::clamp(420.0 / n, 34.0, 90.0);
    const QFontMetricsF axis(plotFont(kAxisFont)), label(plotFont(kLabelFont));
    return QSizeF(std::max(360.0, labelWidth(classes) + axis.height() + 20 + n * cell + 20),
                  titleHeight() + 10 + n * cell + label.height() * 2 + axis.height() + 24);
}

void ConfusionChart::paint(QPainter& painter, const QRectF& rect) const {
    painter.save();
    painter.fillRect(rect, Qt::white);
    const QRectF body = drawTitle(painter, rect, title, subtitle);
    const auto n = static_cast<int>(classes.size());
    if (n == 0 || static_cast<int>(counts.size()) != n) {
        painter.restore();
        return;
    }
    const QFont cellFont = plotFont(kCellFont, true), shareFont = plotFont(kLabelFont - 1);
    const QFont labelFont = plotFont(kLabelFont), axisFont = plotFont(kAxisFont);
    const QFontMetricsF lm(labelFont), am(axisFont);
    const qreal yLabels = labelWidth(classes), xLabels = lm.height() * 2 + 4;
    const qreal availableW = body.width() - yLabels - am.height() - 20;
    const qreal availableH = body.height() - 10 - xLabels - am.height() - 10;
    const qreal cell = std::max(8.0, std::min(availableW, availableH) / n);
    const qreal gridW = cell * n;
    const qreal left =
        body.left() + am.height() + 10 + yLabels + std::max(0.0, (availableW - gridW) / 2);
    const QRectF grid(left, body.top() + 10, gridW, gridW);

    for (int t = 0; t < n; ++t) {
        int64_t rowTotal = 0;
        for (const int64_t c : counts[t]) rowTotal += c;
        for (int p = 0; p < n && p < static_cast<int>(counts[t].size()); ++p) {
            const QRectF box(grid.left() + p * cell, grid.top() + t * cell, cell, cell);
            const double share = rowTotal > 0 ? static_cast<double>(counts[t][p]) / rowTotal : 0.0;
            painter.fillRect(box, cellColour(share));
            painter.setPen(QPen(QColor(255, 255, 255), 1));
            painter.drawRect(box);
            painter.setPen(share > 0.55 ? Qt::white : QColor(30, 30, 30));
            const bool roomForShare = cell >= 44;
            painter.setFont(cellFont);
            const QRectF countBox = roomForShare ? box.adjusted(0, 0, 0, -cell * 0.22) : box;
            painter.drawText(countBox, Qt::AlignCenter, QString::number(counts[t][p]));
            if (roomForShare) {
                painter.setFont(shareFont);
                painter.drawText(box.adjusted(0, cell * 0.35, 0, 0), Qt::AlignCenter,
                                 QString::number(100.0 * share, 'f', 0) + QLatin1Char('%'));
            }
        }
    }
    painter.setPen(QColor(51, 51, 51));
    painter.setFont(labelFont);
    for (int i = 0; i < n; ++i) {
        const QString y = elided(labelFont, classes[i], yLabels - 8);
        painter.drawText(QRectF(grid.left() - yLabels, grid.top() + i * cell, yLabels - 6, cell),
                         Qt::AlignRight | Qt::AlignVCenter, y);
        const QString x = elided(labelFont, classes[i], cell - 4);
        painter.drawText(QRectF(grid.left() + i * cell, grid.bottom() + 4, cell, lm.height() + 2),
                         Qt::AlignHCenter | Qt::AlignTop, x);
    }
    painter.setFont(axisFont);
    painter.drawText(QRectF(grid.left(), grid.bottom() + xLabels, grid.width(), am.height() + 4),
                     Qt::AlignCenter, QStringLiteral("Predicted class"));
    painter.translate(grid.left() - yLabels - 6, grid.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-grid.height() / 2, -am.height(), grid.height(), am.height()),
                     Qt::AlignCenter, QStringLiteral("True class"));
    painter.restore();
}

}  // namespace loupe::widgets
