#include "widgets/structure/structure_view.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <utility>

#include "widgets/charts/chart_export.h"

namespace loupe::widgets {
namespace {

constexpr double kMinZoom = 0.1, kMaxZoom = 4.0, kMaxFitZoom = 1.25;
constexpr double kStep = 1.25;      // one key press or menu zoom
constexpr double kDragStart = 4.0;  // pixels before a press becomes a pan

}  // namespace

StructureView::StructureView(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void StructureView::setGraph(StructureGraph graph) {
    m_graph = std::move(graph);
    m_selected = -1;
    fit();
}

void StructureView::setPlaceholder(const QString& text) {
    m_placeholder = text;
    update();
}

void StructureView::selectNode(int index) {
    if (index < -1 || index >= int(m_graph.nodes().size())) index = -1;
    if (index == m_selected) return;
    m_selected = index;
    update();
    emit nodeSelected(index);
}

QPointF StructureView::mapFromScene(QPointF scene) const { return m_offset + scene * m_zoom; }

QPointF StructureView::mapToScene(QPointF widget) const { return (widget - m_offset) / m_zoom; }

bool StructureView::exportTo(const QString& path, QString* error) const {
    return m_graph.write(path, error);
}

void StructureView::fit() {
    m_fitted = true;
    const QSizeF scene = m_graph.size();
    if (m_graph.isEmpty() || scene.isEmpty() || width() < 2 || height() < 2) {
        m_zoom = 1.0;
        m_offset = {};
    } else {
        m_zoom = std::clamp(std::min(width() / scene.width(), height() / scene.height()), kMinZoom,
                            kMaxFitZoom);
        m_offset = QPointF((width() - scene.width() * m_zoom) / 2.0,
                           (height() - scene.height() * m_zoom) / 2.0);
    }
    update();
}

void StructureView::zoomIn() { zoomAround(kStep, rect().center()); }

void StructureView::zoomOut() { zoomAround(1.0 / kStep, rect().center()); }

void StructureView::zoomAround(double factor, QPointF widgetPos) {
    const QPointF scene = mapToScene(widgetPos);
    m_zoom = std::clamp(m_zoom * factor, kMinZoom, kMaxZoom);
    m_offset = widgetPos - scene * m_zoom;  // the point under the pointer stays there
    m_fitted = false;
    update();
}

void StructureView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0xf4, 0xf6, 0xf9));
    if (m_graph.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                         m_placeholder);
        return;
    }
    painter.translate(m_offset);
    painter.scale(m_zoom, m_zoom);
    m_graph.paint(painter, m_selected);
}

void StructureView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (m_fitted) fit();
}

void StructureView::wheelEvent(QWheelEvent* event) {
    if (m_graph.isEmpty()) return;
    // 120 units a notch; a notch zooms by about 1.2, touchpads in smaller steps.
    zoomAround(std::pow(1.2, event->angleDelta().y() / 120.0), event->position());
    event->accept();
}

void StructureView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        m_pressed = true;
        m_dragging = false;
        m_pressPos = event->position();
        m_pressOffset = m_offset;
    }
    QWidget::mousePressEvent(event);
}

void StructureView::mouseMoveEvent(QMouseEvent* event) {
    if (m_pressed) {
        const QPointF moved = event->position() - m_pressPos;
        if (!m_dragging && std::hypot(moved.x(), moved.y()) >= kDragStart) {
            m_dragging = true;
            setCursor(Qt::ClosedHandCursor);
        }
        if (m_dragging) {
            m_offset = m_pressOffset + moved;
            m_fitted = false;
            update();
        }
    }
    QWidget::mouseMoveEvent(event);
}

void StructureView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_pressed) {
        if (!m_dragging) selectNode(m_graph.nodeAt(mapToScene(event->position())));
        m_pressed = m_dragging = false;
        unsetCursor();
    }
    QWidget::mouseReleaseEvent(event);
}

void StructureView::keyPressEvent(QKeyEvent* event) {
    constexpr double kPan = 40.0;
    switch (event->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomIn();
            break;
        case Qt::Key_Minus:
            zoomOut();
            break;
        case Qt::Key_0:
        case Qt::Key_F:
            fit();
            break;
        case Qt::Key_Left:
            m_offset.rx() += kPan;
            break;
        case Qt::Key_Right:
            m_offset.rx() -= kPan;
            break;
        case Qt::Key_Up:
            m_offset.ry() += kPan;
            break;
        case Qt::Key_Down:
            m_offset.ry() -= kPan;
            break;
        default:
            return QWidget::keyPressEvent(event);
    }
    if (event->key() == Qt::Key_Left || event->key() == Qt::Key_Right ||
        event->key() == Qt::Key_Up || event->key() == Qt::Key_Down) {
        m_fitted = false;
        update();
    }
}

void StructureView::contextMenuEvent(QContextMenuEvent* event) {
    if (m_graph.isEmpty()) return;
    QMenu menu(this);
    menu.addAction(tr("Fit"), this, &StructureView::fit);
    menu.addAction(tr("Zoom in"), this, &StructureView::zoomIn);
    menu.addAction(tr("Zoom out"), this, &StructureView::zoomOut);
    menu.addSeparator();
    addExportActions(menu, this,
                     [this](const QString& path, QString* error) { return exportTo(path, error); });
    menu.exec(event->globalPos());
}

}  // namespace loupe::widgets
