#pragma once
// StructureView: a StructureGraph on screen. Zoom with the wheel (around the pointer) or + / -,
// pan by dragging or with the arrow keys, 0 or F fits the graph; a click selects a box. Its
// context menu fits, zooms and exports the whole graph as PNG or SVG (drawn again by the graph,
// so SVGs keep vector text).

#include <QPointF>
#include <QString>
#include <QWidget>

#include "widgets/structure/structure_graph.h"

namespace loupe::widgets {

/// The graph view; see the file comment.
class StructureView : public QWidget {
    Q_OBJECT
public:
    /// An empty view showing the placeholder.
    explicit StructureView(QWidget* parent = nullptr);

    /// Shows `graph`, fitted to the view; the selection is cleared.
    void setGraph(StructureGraph graph);
    const StructureGraph& graph() const { return m_graph; }
    /// The text shown while there is no graph.
    void setPlaceholder(const QString& text);

    /// The selected node (StructureGraph::nodes() index), or -1.
    int selectedNode() const { return m_selected; }
    /// Selects node `index` (-1: none) and emits nodeSelected when it changes.
    void selectNode(int index);

    /// Scene units per widget pixel.
    double zoom() const { return m_zoom; }
    /// Widget position of a scene point, and back.
    QPointF mapFromScene(QPointF scene) const;
    QPointF mapToScene(QPointF widget) const;
    /// Writes the whole graph to `path` (PNG or SVG by suffix); false, saying why, on failure.
    bool exportTo(const QString& path, QString* error = nullptr) const;

    QSize sizeHint() const override { return {900, 420}; }
    QSize minimumSizeHint() const override { return {240, 160}; }

public slots:
    /// Scales the graph to fill the view (never above zoom 1.25) and centres it.
    void fit();
    void zoomIn();
    void zoomOut();

signals:
    /// The selection changed to node `index` of graph() (-1: none).
    void nodeSelected(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void zoomAround(double factor, QPointF widgetPos);

    StructureGraph m_graph;
    QString m_placeholder;
    int m_selected = -1;
    double m_zoom = 1.0;
    QPointF m_offset;      // widget position of the scene's origin
    bool m_fitted = true;  // follows resizes until the user zooms or pans
    QPointF m_pressPos;    // widget position of the left-button press
    QPointF m_pressOffset;
    bool m_pressed = false, m_dragging = false;
};

}  // namespace loupe::widgets
