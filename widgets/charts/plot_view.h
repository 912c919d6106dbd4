#pragma once
// Internal to widgets/charts: the QChartView inside a ChartView, turning mouse and keys into the
// owner's zoom, pan, hover and context menu.

#include <QtCharts/QChartView>

namespace loupe::widgets {

class ChartView;

/// QChartView with Loupe's interaction; see ChartView.
class PlotView : public QChartView {
    Q_OBJECT
public:
    /// A view of `chart` reporting to `owner`.
    PlotView(ChartView* owner, QChart* chart);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QPointF toOwner(QPointF viewportPos) const;

    ChartView* m_owner;
    bool m_panning = false;
    QPointF m_lastPos;
};

}  // namespace loupe::widgets
