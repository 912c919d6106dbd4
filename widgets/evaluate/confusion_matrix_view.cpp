#include "widgets/evaluate/confusion_matrix_view.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

#include "widgets/charts/chart_export.h"

namespace loupe::widgets {

namespace {

constexpr int kMargin = 8;
constexpr int kAxisTitle = 20;  // height of "Predicted" / width of "True"

// White to a strong blue by the row share, so the diagonal of a good model stands out.
QColor cellColor(double share) {
    const QColor low(247, 251, 255), high(8, 69, 148);
    const double t = std::clamp(share, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(low.redF() + t * (high.redF() - low.redF())),
                            static_cast<float>(low.greenF() + t * (high.greenF() - low.greenF())),
                            static_cast<float>(low.blueF() + t * (high.blueF() - low.blueF())));
}

}  // namespace

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(220, 200);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionMatrixView::setMatrix(const eval::ConfusionMatrix& counts, const MatrixD& rates,
                                    const QStringList& classNames) {
    m_counts = counts;
    m_rates = rates;
    m_names = classNames;
    updateGeometry();
    update();
}

void ConfusionMatrixView::clear() {
    m_counts.resize(0, 0);
    m_rates.resize(0, 0);
    m_names.clear();
    update();
}

bool ConfusionMatrixView::isNormalized() const { return m_normalized; }

void ConfusionMatrixView::setNormalized(bool normalized) {
    if (normalized == m_normalized) return;
    m_normalized = normalized;
    update();
    emit normalizedChanged(normalized);
}

const eval::ConfusionMatrix& ConfusionMatrixView::counts() const { return m_counts; }

QSize ConfusionMatrixView::sizeHint() const { return {360, 320}; }

int ConfusionMatrixView::labelWidth() const {
    const QFontMetrics fm(font());
    int widest = 0;
    for (const QString& n : m_names) widest = std::max(widest, fm.horizontalAdvance(n));
    return std::min(widest + 8, width() / 3);
}

QRect ConfusionMatrixView::gridRect() const {
    const QFontMetrics fm(font());
    const int left = kMargin + kAxisTitle + labelWidth();
    const int bottom = kMargin + kAxisTitle + fm.height() + 6;
    const int side = std::max(0, std::min(width() - left - kMargin, height() - bottom - kMargin));
    // Centered in the space left of the labels, so a wide view does not leave it in a corner.
    const int slack = std::max(0, width() - left - kMargin - side) / 2;
    return QRect(left + slack, kMargin, side, side);
}

QRect ConfusionMatrixView::cellRect(int trueClass, int predictedClass) const {
    const int n = static_cast<int>(m_counts.rows());
    if (n == 0) return {};
    const QRect grid = gridRect();
    const int x0 = grid.left() + predictedClass * grid.width() / n;
    const int x1 = grid.left() + (predictedClass + 1) * grid.width() / n;
    const int y0 = grid.top() + trueClass * grid.height() / n;
    const int y1 = grid.top() + (trueClass + 1) * grid.height() / n;
    return QRect(QPoint(x0, y0), QPoint(x1 - 1, y1 - 1));
}

std::optional<std::pair<int, int>> ConfusionMatrixView::cellAt(QPoint pos) const {
    const int n = static_cast<int>(m_counts.rows());
    const QRect grid = gridRect();
    if (n == 0 || !grid.contains(pos) || grid.width() == 0) return std::nullopt;
    const int col = std::min(n - 1, (pos.x() - grid.left()) * n / grid.width());
    const int row = std::min(n - 1, (pos.y() - grid.top()) * n / grid.height());
    return std::pair{row, col};
}

void ConfusionMatrixView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const int n = static_cast<int>(m_counts.rows());
    if (n == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No confusion matrix"));
        return;
    }
    const QRect grid = gridRect();
    const QFontMetrics fm(font());
    QFont bold = font();
    bold.setBold(true);
    for (int t = 0; t < n; ++t) {
        for (int c = 0; c < n; ++c) {
            const QRect cell = cellRect(t, c);
            const double share = m_rates.size() ? m_rates(t, c) : 0.0;
            const QColor fill = cellColor(share);
            p.fillRect(cell, fill);
            p.setPen(fill.lightnessF() < 0.55 ? Qt::white : Qt::black);
            p.setFont(t == c ? bold : font());
            const QString text =
                m_normalized ? QString::number(share, 'f', 2) : QString::number(m_counts(t, c));
            p.drawText(cell, Qt::AlignCenter, text);
        }
    }
    p.setFont(font());
    p.setPen(palette().color(QPalette::Text));
    for (int i = 0; i < n; ++i) {
        const QString name = i < m_names.size() ? m_names[i] : QString::number(i);
        const QRect rowCell = cellRect(i, 0);
        const int labelLeft = std::max(kMargin + kAxisTitle, grid.left() - 6 - labelWidth());
        const QRect rowLabel(labelLeft, rowCell.top(), grid.left() - 6 - labelLeft,
                             rowCell.height());
        p.drawText(rowLabel, Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(name, Qt::ElideRight, rowLabel.width()));
        const QRect colCell = cellRect(0, i);
        const QRect colLabel(colCell.left(), grid.bottom() + 4, colCell.width(), fm.height());
        p.drawText(colLabel, Qt::AlignHCenter | Qt::AlignTop,
                   fm.elidedText(name, Qt::ElideRight, colLabel.width()));
    }
    p.setFont(bold);
    p.drawText(QRect(grid.left(), grid.bottom() + 6 + fm.height(), grid.width(), kAxisTitle),
               Qt::AlignCenter, tr("Predicted"));
    p.save();
    p.translate(std::max(kMargin, grid.left() - 6 - labelWidth() - kAxisTitle), grid.center().y());
    p.rotate(-90);
    p.drawText(QRect(-grid.height() / 2, 0, grid.height(), kAxisTitle), Qt::AlignCenter,
               tr("True"));
    p.restore();
}

void ConfusionMatrixView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(event);
    if (const auto cell = cellAt(event->position().toPoint()))
        emit cellClicked(cell->first, cell->second);
}

void ConfusionMatrixView::mouseMoveEvent(QMouseEvent* event) {
    const auto cell = cellAt(event->position().toPoint());
    setCursor(cell ? Qt::PointingHandCursor : Qt::ArrowCursor);
    if (!cell) return QToolTip::hideText();
    const auto [t, c] = *cell;
    const QString tn = t < m_names.size() ? m_names[t] : QString::number(t);
    const QString cn = c < m_names.size() ? m_names[c] : QString::number(c);
    QToolTip::showText(
        event->globalPosition().toPoint(),
        tr("True %1, predicted %2\n%3 rows (%4 of the row)\nClick to list them")
            .arg(tn, cn)
            .arg(m_counts(t, c))
            .arg(QString::number(m_rates.size() ? m_rates(t, c) * 100 : 0, 'f', 1) + '%'),
        this);
}

void ConfusionMatrixView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    QAction* normalized = menu.addAction(tr("Row-normalized"));
    normalized->setCheckable(true);
    normalized->setChecked(m_normalized);
    connect(normalized, &QAction::toggled, this, &ConfusionMatrixView::setNormalized);
    menu.addSeparator();
    addExportActions(menu, this);
    menu.exec(event->globalPos());
}

}  // namespace loupe::widgets
