#include "widgets/explain/shap_plot_view.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <utility>

#include "widgets/charts/chart_export.h"

namespace loupe::widgets {

ShapPlotView::ShapPlotView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);  // the pointing hand over clickable points
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ShapPlotView::setPlot(ShapPlot plot) {
    m_plot = std::move(plot);
    unsetCursor();
    updateGeometry();
    update();
}

void ShapPlotView::setPlaceholder(const QString& text) {
    m_placeholder = text;
    update();
}

bool ShapPlotView::exportTo(const QString& path, QString* error) const {
    if (!hasPlot()) {
        if (error) *error = tr("there is no plot to export");
        return false;
    }
    return writeShapPlot(m_plot, path, size().expandedTo(m_plot.preferredSize()), error);
}

int64_t ShapPlotView::rowIndexAt(QPointF pos) const {
    return hasPlot() ? m_plot.rowIndexAt(QRectF(rect()), pos) : -1;
}

QSize ShapPlotView::sizeHint() const {
    return hasPlot() ? m_plot.preferredSize() : QSize(640, 420);
}

QSize ShapPlotView::minimumSizeHint() const { return {320, 200}; }

void ShapPlotView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (hasPlot()) {
        painter.setRenderHint(QPainter::Antialiasing);
        m_plot.paint(painter, QRectF(rect()));
        return;
    }
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                     m_placeholder);
}

bool ShapPlotView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString tip = hasPlot() ? m_plot.toolTipAt(QRectF(rect()), help->pos()) : QString();
        if (tip.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), tip, this);
        }
        return true;
    }
    return QWidget::event(event);
}

void ShapPlotView::mouseMoveEvent(QMouseEvent* event) {
    if (rowIndexAt(event->position()) >= 0)
        setCursor(Qt::PointingHandCursor);
    else
        unsetCursor();
    QWidget::mouseMoveEvent(event);
}

void ShapPlotView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        const int64_t row = rowIndexAt(event->position());
        if (row >= 0) emit rowClicked(row);
    }
    QWidget::mouseReleaseEvent(event);
}

void ShapPlotView::contextMenuEvent(QContextMenuEvent* event) {
    if (!hasPlot()) return;
    QMenu menu(this);
    addExportActions(menu, this,
                     [this](const QString& path, QString* error) { return exportTo(path, error); });
    menu.exec(event->globalPos());
}

}  // namespace loupe::widgets
