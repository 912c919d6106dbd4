#include "widgets/structure/histogram_view.h"

#include <QPainter>
#include <algorithm>
#include <utility>

#include "widgets/structure/structure_graph.h"

namespace loupe::widgets {

HistogramView::HistogramView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFixedHeight(120);
}

void HistogramView::setStats(std::optional<nn::ParameterStats> stats) {
    m_stats = std::move(stats);
    m_series.clear();
    update();
}

void HistogramView::setSeries(const QString& title, std::vector<double> values, double low,
                              double high) {
    m_stats.reset();
    m_seriesTitle = title;
    m_series = std::move(values);
    m_seriesLow = low;
    m_seriesHigh = high;
    update();
}

void HistogramView::paintSeries(QPainter& painter) {
    const int labelHeight = 16;
    const QRectF plot = QRectF(rect()).adjusted(8, 20, -8, -8 - labelHeight);
    painter.setPen(QColor(0x26, 0x32, 0x38));
    painter.drawText(QRectF(8, 3, width() - 16, 16), Qt::AlignLeft | Qt::AlignVCenter,
                     m_seriesTitle);
    const double barWidth = plot.width() / double(m_series.size());
    if (m_seriesHigh > 0.0)
        for (size_t i = 0; i < m_series.size(); ++i) {
            const double h = plot.height() * std::clamp(m_series[i] / m_seriesHigh, 0.0, 1.0);
            painter.fillRect(QRectF(plot.left() + barWidth * double(i), plot.bottom() - h,
                                    std::max(barWidth - (barWidth > 3.0 ? 1.0 : 0.0), 0.5), h),
                             QColor(0x2e, 0x9d, 0x6b));
        }
    painter.setPen(QColor(0x8a, 0x9b, 0xb3));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.setPen(QColor(0x5f, 0x6b, 0x7a));
    const QRectF labels(plot.left(), plot.bottom() + 2, plot.width(), labelHeight);
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, tr("unit 0"));
    painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter,
                     tr("unit %1").arg(qsizetype(m_series.size()) - 1));
    painter.drawText(
        labels, Qt::AlignHCenter | Qt::AlignVCenter,
        tr("%1 to %2")
            .arg(QString::number(m_seriesLow, 'g', 3), QString::number(m_seriesHigh, 'g', 3)));
}

void HistogramView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    painter.setPen(QColor(0xd5, 0xdc, 0xe6));
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
    QFont small = font();
    small.setPixelSize(11);
    painter.setFont(small);
    if (!m_series.empty()) {
        paintSeries(painter);
        return;
    }
    if (!m_stats || m_stats->count == 0) return;
    const nn::ParameterStats& s = *m_stats;
    const int labelHeight = 16;
    const QRectF plot = QRectF(rect()).adjusted(8, 20, -8, -8 - labelHeight);
    painter.setPen(QColor(0x26, 0x32, 0x38));
    painter.drawText(QRectF(8, 3, width() - 16, 16), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("%1 [%2×%3]").arg(QString::fromStdString(s.name)).arg(s.rows).arg(s.cols));
    const int64_t tallest = *std::max_element(s.histogram.begin(), s.histogram.end());
    const double bins = double(s.histogram.size());
    const double barWidth = plot.width() / bins;
    for (size_t i = 0; i < s.histogram.size(); ++i) {
        if (s.histogram[i] == 0 || tallest == 0) continue;
        const double h = plot.height() * double(s.histogram[i]) / double(tallest);
        painter.fillRect(QRectF(plot.left() + barWidth * double(i), plot.bottom() - h,
                                std::max(barWidth - 1.0, 1.0), h),
                         QColor(0x3b, 0x74, 0xc8));
    }
    painter.setPen(QColor(0x8a, 0x9b, 0xb3));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    if (s.histMin < 0.0 && s.histMax > 0.0) {  // where 0 falls
        const double x = plot.left() + plot.width() * (0.0 - s.histMin) / (s.histMax - s.histMin);
        painter.setPen(QPen(QColor(0xe8, 0x71, 0x0a), 1.0, Qt::DashLine));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    painter.setPen(QColor(0x5f, 0x6b, 0x7a));
    const QRectF labels(plot.left(), plot.bottom() + 2, plot.width(), labelHeight);
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, QString::number(s.histMin, 'g', 3));
    painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, QString::number(s.histMax, 'g', 3));
    painter.drawText(labels, Qt::AlignHCenter | Qt::AlignVCenter,
                     tr("peak %1").arg(groupedNumber(tallest)));
}

}  // namespace loupe::widgets
