#include "widgets/train/class_balance_chart.h"

#include <QLocale>
#include <QPainter>
#include <algorithm>
#include <utility>

namespace loupe::widgets {
namespace {

constexpr int kBar = 9;      // height of one bar
constexpr int kGap = 7;      // between two classes
constexpr int kLegend = 18;  // the legend line on top
const QColor kBefore(0xa0, 0xa8, 0xb4);
const QColor kAfter(0x2a, 0x6f, 0xdb);

}  // namespace

ClassBalanceChart::ClassBalanceChart(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ClassBalanceChart::setCounts(const QStringList& classes, std::vector<int64_t> before,
                                  std::vector<int64_t> after) {
    m_classes = classes;
    m_before = std::move(before);
    m_after = std::move(after);
    m_note.clear();
    updateGeometry();
    update();
}

void ClassBalanceChart::clear(const QString& note) {
    m_classes.clear();
    m_before.clear();
    m_after.clear();
    m_note = note;
    updateGeometry();
    update();
}

QSize ClassBalanceChart::sizeHint() const {
    const int rows = static_cast<int>(m_classes.size());
    return {260, rows == 0 ? fontMetrics().height() * 2 : kLegend + rows * (2 * kBar + kGap) + 4};
}

QSize ClassBalanceChart::minimumSizeHint() const { return {160, sizeHint().height()}; }

void ClassBalanceChart::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QFontMetrics fm = fontMetrics();
    if (m_classes.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, m_note);
        return;
    }
    // Legend: before (grey), after (accent).
    int x = 0;
    for (const auto& [color, text] :
         {std::pair{kBefore, tr("training rows")}, std::pair{kAfter, tr("after resampling")}}) {
        p.fillRect(x, 4, 10, 10, color);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(x + 14, 4 + fm.ascent() - 1, text);
        x += 14 + fm.horizontalAdvance(text) + 16;
    }
    int labelWidth = 0;
    for (const QString& c : m_classes) labelWidth = std::max(labelWidth, fm.horizontalAdvance(c));
    labelWidth = std::min(labelWidth + 8, width() / 3);
    int64_t top = 1;
    for (size_t i = 0; i < m_before.size(); ++i)
        top = std::max({top, m_before[i], i < m_after.size() ? m_after[i] : 0});
    const QString widest = QLocale().toString(static_cast<qlonglong>(top));
    const int countWidth = fm.horizontalAdvance(widest) + 6;
    const int span = std::max(10, width() - labelWidth - countWidth);
    int y = kLegend;
    for (qsizetype c = 0; c < m_classes.size(); ++c) {
        const auto i = static_cast<size_t>(c);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(0, y, labelWidth - 6, 2 * kBar), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(m_classes[c], Qt::ElideRight, labelWidth - 6));
        const int64_t values[2] = {m_before[i], i < m_after.size() ? m_after[i] : 0};
        const QColor colors[2] = {kBefore, kAfter};
        for (int k = 0; k < 2; ++k) {
            const int w =
                static_cast<int>(static_cast<double>(span) * static_cast<double>(values[k]) /
                                 static_cast<double>(top));
            const int barY = y + k * kBar;
            p.fillRect(labelWidth, barY + 1, std::max(w, values[k] > 0 ? 1 : 0), kBar - 2,
                       colors[k]);
            QFont small = font();
            small.setPointSizeF(small.pointSizeF() * 0.85);
            p.setFont(small);
            p.drawText(labelWidth + w + 4, barY + kBar - 1,
                       QLocale().toString(static_cast<qlonglong>(values[k])));
            p.setFont(font());
        }
        y += 2 * kBar + kGap;
    }
}

}  // namespace loupe::widgets
