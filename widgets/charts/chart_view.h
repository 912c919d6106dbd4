#pragma once
// The base of every Loupe chart: owns the series data and hands Qt Charts only what the plot's
// pixels can show (min/max decimation, redone on resize and zoom), so a million-point curve stays
// smooth without OpenGL. Adds zoom (rubber band, wheel), pan (middle or Ctrl+left drag, arrows),
// reset on double-click, the nearest value on hover, an optional log-scale y axis and PNG/SVG
// export from the context menu. Qt Charts stays inside widgets/charts: no QtCharts type is public.

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

class QMenu;
class QTimer;

namespace loupe::widgets {

class PlotView;

/// How a series is drawn.
enum class SeriesStyle {
    Line,       ///< a curve through the points in order
    Scatter,    ///< one marker per point
    Reference,  ///< a dashed grey guide (a diagonal, a baseline): no legend entry, no hover
};

/// The data point nearest to a position, as ChartView::nearestPoint finds it.
struct PointHit {
    int series = -1;   ///< series index
    size_t index = 0;  ///< index of the point in that series
    QPointF value;     ///< the point's value (x, y)
};

/// A Qt Charts plot over Loupe-owned series; see the file comment.
class ChartView : public QWidget {
    Q_OBJECT
public:
    /// An empty chart with linear axes.
    explicit ChartView(QWidget* parent = nullptr);
    ~ChartView() override;

    /// Adds an empty series and returns its index; an invalid color picks the next palette color.
    int addSeries(const QString& name, const QColor& color = {},
                  SeriesStyle style = SeriesStyle::Line);
    /// Appends one point; cheap, the redraw is throttled to about 20 per second.
    void append(int series, double x, double y);
    /// Replaces all points of a series.
    void setPoints(int series, std::vector<QPointF> points);
    /// Removes the points of a series and keeps the series; once every series is empty the zoom
    /// is reset, so a new run starts on the whole range.
    void clearSeries(int series);
    /// Removes every series.
    void clear();
    /// Number of series.
    int seriesCount() const;
    /// Renames a series (its legend text).
    void setSeriesName(int series, const QString& name);
    /// The name of a series, as its legend shows it.
    QString seriesName(int series) const;
    /// Shows or hides a series; a hidden series leaves the auto range and the hover lookup.
    void setSeriesVisible(int series, bool visible);
    /// Whether a series is shown.
    bool isSeriesVisible(int series) const;
    /// One extra value per point shown on hover as "label: value" (e.g. a ROC curve's threshold).
    void setHoverValues(int series, const QString& label, std::vector<double> values);
    /// The points a series holds.
    const std::vector<QPointF>& points(int series) const;
    /// The points handed to Qt Charts for a series after decimation (what is drawn).
    std::vector<QPointF> displayedPoints(int series) const;

    /// Chart title above the plot; empty for none.
    void setTitle(const QString& title);
    /// Axis titles.
    void setAxisTitles(const QString& x, const QString& y);
    /// Switches the y axis between linear and log10 scale; points with y <= 0 are not drawn in log.
    void setLogY(bool logY);
    /// Whether the y axis is log10.
    bool logY() const;
    /// Offers "Log scale" in the context menu (off by default: it fits loss curves, not ROC).
    void setLogYToggleEnabled(bool enabled);
    /// Range shown when not zoomed instead of the data's bounds (e.g. 0..1 for a ROC curve).
    void setDefaultRange(const QRectF& values);

    /// Shows the value rectangle `values` (x left to right, y bottom to top).
    void zoomTo(const QRectF& values);
    /// Back to the default range or the data's bounds.
    void resetZoom();
    /// Whether the view is zoomed or panned away from the default range.
    bool isZoomed() const;
    /// The value rectangle shown now.
    QRectF visibleRange() const;

    /// Widget position of a value, for the current layout.
    QPointF mapToWidget(QPointF value) const;
    /// Value at a widget position, for the current layout.
    QPointF mapToValue(QPointF widgetPos) const;
    /// The visible, hoverable point nearest to a widget position within `maxDistance` pixels.
    std::optional<PointHit> nearestPoint(QPointF widgetPos, double maxDistance = 24.0) const;
    /// Hover text of a point: series name, x, y and any hover value.
    QString pointText(const PointHit& hit) const;
    /// Redraws now instead of at the next throttled tick (tests, exports).
    void refreshNow();

signals:
    /// The y axis switched between linear and log (by setLogY or the context menu).
    void logYChanged(bool logY);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    friend class PlotView;
    struct Series;
    struct Axes;
    void scheduleRefresh();
    void refresh();
    void rebuildYAxis();
    void updateLegend();
    void raiseHover();
    QRectF dataRange() const;
    QRectF plotRect() const;
    void zoomBy(double factor, QPointF widgetPos);
    void panByPixels(QPointF delta);
    void showHover(QPointF widgetPos);
    void hideHover();
    void fillContextMenu(QMenu& menu);
    void onAxisRangeChanged();

    std::vector<std::unique_ptr<Series>> m_series;
    std::unique_ptr<Axes> m_axes;
    PlotView* m_view = nullptr;
    QTimer* m_refreshTimer = nullptr;
    std::optional<QRectF> m_zoom;
    std::optional<QRectF> m_defaultRange;
    bool m_logY = false;
    bool m_logToggle = false;
    bool m_settingRange = false;
    int m_nextColor = 0;
};

}  // namespace loupe::widgets
