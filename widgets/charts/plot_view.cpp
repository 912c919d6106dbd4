#include "widgets/charts/plot_view.h"

#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QWheelEvent>

#include "widgets/charts/chart_view.h"

namespace loupe::widgets {

namespace {
constexpr double kWheelZoomIn = 0.8;
constexpr double kKeyPanFraction = 0.1;
}  // namespace

PlotView::PlotView(ChartView* owner, QChart* chart) : QChartView(chart, owner), m_owner(owner) {
    setRubberBand(QChartView::RectangleRubberBand);
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
}

QPointF PlotView::toOwner(QPointF viewportPos) const {
    return viewport()->mapTo(m_owner, viewportPos.toPoint());
}

void PlotView::wheelEvent(QWheelEvent* event) {
    const int delta = event->angleDelta().y();
    if (delta == 0) return;
    m_owner->zoomBy(delta > 0 ? kWheelZoomIn : 1.0 / kWheelZoomIn, toOwner(event->position()));
    event->accept();
}

void PlotView::mousePressEvent(QMouseEvent* event) {
    const bool pan =
        event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ControlModifier));
    if (pan) {
        m_panning = true;
        m_lastPos = event->position();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    // The right button opens the context menu; QChartView would zoom out on it.
    if (event->button() == Qt::RightButton) {
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void PlotView::mouseMoveEvent(QMouseEvent* event) {
    if (m_panning) {
        m_owner->panByPixels(event->position() - m_lastPos);
        m_lastPos = event->position();
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
    if (event->buttons() == Qt::NoButton) m_owner->showHover(toOwner(event->position()));
}

void PlotView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_panning) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) {
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void PlotView::mouseDoubleClickEvent(QMouseEvent* event) {
    m_owner->resetZoom();
    event->accept();
}

void PlotView::keyPressEvent(QKeyEvent* event) {
    const QRectF plot = m_owner->plotRect();
    const double dx = plot.width() * kKeyPanFraction;
    const double dy = plot.height() * kKeyPanFraction;
    switch (event->key()) {
        case Qt::Key_Left:
            m_owner->panByPixels({dx, 0});
            break;
        case Qt::Key_Right:
            m_owner->panByPixels({-dx, 0});
            break;
        case Qt::Key_Up:
            m_owner->panByPixels({0, dy});
            break;
        case Qt::Key_Down:
            m_owner->panByPixels({0, -dy});
            break;
        case Qt::Key_Plus:
            m_owner->zoomBy(kWheelZoomIn, plot.center());
            break;
        case Qt::Key_Minus:
            m_owner->zoomBy(1.0 / kWheelZoomIn, plot.center());
            break;
        case Qt::Key_Home:
        case Qt::Key_0:
            m_owner->resetZoom();
            break;
        default:
            QChartView::keyPressEvent(event);
            return;
    }
    event->accept();
}

void PlotView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    m_owner->fillContextMenu(menu);
    menu.exec(event->globalPos());
    event->accept();
}

void PlotView::leaveEvent(QEvent* event) {
    m_owner->hideHover();
    QChartView::leaveEvent(event);
}

}  // namespace loupe::widgets
