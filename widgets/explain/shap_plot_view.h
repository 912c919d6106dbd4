#pragma once
// ShapPlotView: one ShapPlot on screen. It paints the plot over its whole area, shows the plot's
// tooltip under the mouse, reports a click on a point as the explained row it stands for, and
// offers "Export as PNG…/SVG…" (drawn again by the plot's own painter, so SVGs keep vector text).

#include <QString>
#include <QWidget>
#include <cstdint>

#include "widgets/explain/shap_plot.h"

namespace loupe::widgets {

/// A widget showing one SHAP plot, or a placeholder line when there is none.
class ShapPlotView : public QWidget {
    Q_OBJECT
public:
    /// An empty view.
    explicit ShapPlotView(QWidget* parent = nullptr);

    /// Shows `plot` (one without an explanation shows the placeholder).
    void setPlot(ShapPlot plot);
    /// The plot shown.
    const ShapPlot& plot() const { return m_plot; }
    /// True when a plot with an explanation is shown.
    bool hasPlot() const { return m_plot.explanation() != nullptr; }
    /// The text shown, centred and grey, while there is no plot.
    void setPlaceholder(const QString& text);
    QString placeholder() const { return m_placeholder; }

    /// Writes the plot to `path` (SVG or PNG by suffix) at the view's size, grown to the plot's
    /// preferred size; false, saying why in `error`, when there is no plot or writing fails.
    bool exportTo(const QString& path, QString* error = nullptr) const;
    /// The explained row (index into ShapResult::rows) under `pos`, or -1.
    int64_t rowIndexAt(QPointF pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// A left click on a summary or dependence point: `rowIndex` indexes ShapResult::rows.
    void rowClicked(int64_t rowIndex);

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    ShapPlot m_plot;
    QString m_placeholder;
};

}  // namespace loupe::widgets
