#include "widgets/data/bar_chart.h"

#include <QFontMetrics>
#include <QLocale>
#include <QPainter>
#include <algorithm>

namespace loupe::widgets {
namespace {

const QColor kBar(70, 130, 200);
const QColor kTrack(232, 236, 242);
constexpr int kRowHeight = 20;
constexpr int kHistogramHeight = 120;

QString number(double value) { return QLocale().toString(value, 'g', 4); }

}  // namespace

BarChart::BarChart(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void BarChart::setHistogram(const std::vector<data::HistogramBin>& bins) {
    m_mode = bins.empty() ? Mode::Empty : Mode::Histogram;
    m_bins = bins;
    m_counts.clear();
    updateGeometry();
    update();
}

void BarChart::setCounts(const std::vector<data::CategoryCount>& counts, int64_t total) {
    m_mode = counts.empty() ? Mode::Empty : Mode::Counts;
    m_counts = counts;
    m_total = total;
    m_bins.clear();
    updateGeometry();
    update();
}

void BarChart::clear() { setCounts({}, 0); }

QSize BarChart::sizeHint() const {
    switch (m_mode) {
        case Mode::Empty:
            return {200, 0};
        case Mode::Histogram:
            return {240, kHistogramHeight + fontMetrics().height() + 4};
        case Mode::Counts:
            return {240, static_cast<int>(m_counts.size()) * kRowHeight + 2};
    }
    return {};
}

QSize BarChart::minimumSizeHint() const { return {160, sizeHint().height()}; }

void BarChart::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, false);
    if (m_mode == Mode::Histogram) paintHistogram(painter);
    if (m_mode == Mode::Counts) paintCounts(painter);
}

void BarChart::paintHistogram(QPainter& painter) const {
    int64_t highest = 1;
    for (const auto& bin : m_bins) highest = std::max(highest, bin.count);
    const QRectF area(0, 0, width(), kHistogramHeight);
    painter.fillRect(area, kTrack);
    const double barWidth = area.width() / static_cast<double>(m_bins.size());
    for (size_t i = 0; i < m_bins.size(); ++i) {
        const double h =
            area.height() * static_cast<double>(m_bins[i].count) / static_cast<double>(highest);
        painter.fillRect(QRectF(barWidth * static_cast<double>(i) + 0.5, area.bottom() - h,
                                std::max(1.0, barWidth - 1.0), h),
                         kBar);
    }
    painter.setPen(palette().color(QPalette::Text));
    const QRect labels(0, kHistogramHeight + 2, width(), fontMetrics().height());
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, number(m_bins.front().low));
    painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, number(m_bins.back().high));
}

void BarChart::paintCounts(QPainter& painter) const {
    const QFontMetrics metrics = fontMetrics();
    int64_t highest = 1;
    for (const auto& c : m_counts) highest = std::max(highest, c.count);
    // Labels take up to a third of the width; the count and share go right of the bar.
    int labelWidth = 0;
    for (const auto& c : m_counts)
        labelWidth =
            std::max(labelWidth, metrics.horizontalAdvance(QString::fromStdString(c.name)));
    labelWidth = std::min(labelWidth + 8, width() / 3);
    const int valueWidth = metrics.horizontalAdvance(QStringLiteral("000000 (100.0%)")) + 8;
    const int barSpace = std::max(20, width() - labelWidth - valueWidth);
    painter.setPen(palette().color(QPalette::Text));
    for (size_t i = 0; i < m_counts.size(); ++i) {
        const int y = static_cast<int>(i) * kRowHeight;
        const QString label = metrics.elidedText(QString::fromStdString(m_counts[i].name),
                                                 Qt::ElideRight, labelWidth - 8);
        painter.drawText(QRect(0, y, labelWidth - 6, kRowHeight), Qt::AlignRight | Qt::AlignVCenter,
                         label);
        painter.fillRect(QRect(labelWidth, y + 4, barSpace, kRowHeight - 8), kTrack);
        const int w =
            static_cast<int>(static_cast<double>(barSpace) *
                             static_cast<double>(m_counts[i].count) / static_cast<double>(highest));
        painter.fillRect(QRect(labelWidth, y + 4, std::max(1, w), kRowHeight - 8), kBar);
        const double share = m_total > 0 ? 100.0 * static_cast<double>(m_counts[i].count) /
                                               static_cast<double>(m_total)
                                         : 0.0;
        painter.drawText(QRect(labelWidth + barSpace + 6, y, valueWidth, kRowHeight),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("%1 (%2%)").arg(m_counts[i].count).arg(share, 0, 'f', 1));
    }
}

}  // namespace loupe::widgets
