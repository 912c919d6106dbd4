#include "widgets/charts/chart_view.h"

#include <QGraphicsLayout>
#include <QTimer>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "widgets/charts/chart_view_parts.h"
#include "widgets/charts/decimation.h"
#include "widgets/charts/plot_view.h"

namespace loupe::widgets {

using chart_detail::kInf;

namespace {

constexpr int kRefreshMs = 50;  // at most ~20 redraws per second while points stream in
constexpr double kPad = 0.04;   // margin around the data's bounds
constexpr std::array<QRgb, 10> kPalette = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                           0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
constexpr double kPixelsPerXTick = 90.0;
constexpr double kPixelsPerYTick = 60.0;
constexpr int kMaxBottomLegendEntries = 4;  // more would be elided side by side

void setNiceTicks(QValueAxis* axis, double span, double ticks) {
    if (!(span > 0) || !std::isfinite(span)) return;
    const double raw = span / std::max(ticks, 2.0);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double r = raw / magnitude;
    const double step = (r < 1.5 ? 1.0 : r < 3.0 ? 2.0 : r < 7.0 ? 5.0 : 10.0) * magnitude;
    axis->setTickAnchor(0.0);
    axis->setTickInterval(step);
    axis->setTickType(QValueAxis::TicksDynamic);
}

}  // namespace

ChartView::ChartView(QWidget* parent) : QWidget(parent), m_axes(std::make_unique<Axes>()) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    m_axes->chart = chart;
    m_axes->x = new QValueAxis;
    m_axes->x->setLabelFormat(QStringLiteral("%.4g"));
    chart->addAxis(m_axes->x, Qt::AlignBottom);
    connect(m_axes->x, &QValueAxis::rangeChanged, this, &ChartView::onAxisRangeChanged);
    // The hover ring is no series of the user's: no legend entry, no part of the bounds.
    auto* hover = new QScatterSeries;
    hover->setMarkerSize(11);
    hover->setColor(Qt::transparent);
    hover->setBorderColor(QColor(20, 20, 20));
    hover->setPen(QPen(QColor(20, 20, 20), 1.5));
    m_axes->hover = hover;
    rebuildYAxis();
    raiseHover();

    m_view = new PlotView(this, chart);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setMinimumSize(240, 180);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &ChartView::refresh);
    connect(chart, &QChart::plotAreaChanged, this, &ChartView::scheduleRefresh);
    refresh();
}

ChartView::~ChartView() = default;

int ChartView::addSeries(const QString& name, const QColor& color, SeriesStyle style) {
    auto s = std::make_unique<Series>();
    s->name = name;
    s->style = style;
    if (style == SeriesStyle::Reference)
        s->color = color.isValid() ? color : QColor(Qt::gray);
    else
        s->color = color.isValid() ? color : QColor(kPalette[m_nextColor++ % kPalette.size()]);
    if (style == SeriesStyle::Scatter) {
        auto* scatter = new QScatterSeries;
        scatter->setMarkerSize(7);
        QColor fill = s->color;
        fill.setAlphaF(0.6f);
        scatter->setColor(fill);
        scatter->setBorderColor(Qt::transparent);
        s->qt = scatter;
    } else {
        auto* line = new QLineSeries;
        QPen pen(s->color, style == SeriesStyle::Reference ? 1.2 : 2.0);
        if (style == SeriesStyle::Reference) pen.setStyle(Qt::DashLine);
        line->setPen(pen);
        s->qt = line;
    }
    s->qt->setName(name);
    // Attaching lets the axes fit themselves to the series; that is no user zoom.
    m_settingRange = true;
    m_axes->chart->addSeries(s->qt);
    s->qt->attachAxis(m_axes->x);
    s->qt->attachAxis(m_axes->y);
    m_settingRange = false;
    const int index = static_cast<int>(m_series.size());
    for (QLegendMarker* marker : m_axes->chart->legend()->markers(s->qt)) {
        if (style == SeriesStyle::Reference) marker->setVisible(false);
        connect(marker, &QLegendMarker::clicked, this,
                [this, index] { setSeriesVisible(index, !isSeriesVisible(index)); });
    }
    m_series.push_back(std::move(s));
    raiseHover();
    scheduleRefresh();
    return index;
}

void ChartView::append(int series, double x, double y) {
    Series& s = *m_series.at(series);
    s.include(QPointF(x, y));
    s.points.emplace_back(x, y);
    scheduleRefresh();
}

void ChartView::setPoints(int series, std::vector<QPointF> points) {
    m_axes->hover->clear();
    Series& s = *m_series.at(series);
    s.points.clear();
    s.resetBounds();
    for (const QPointF& p : points) {
        s.include(p);
        s.points.push_back(p);
    }
    scheduleRefresh();
}

void ChartView::clearSeries(int series) {
    m_axes->hover->clear();
    Series& s = *m_series.at(series);
    s.points.clear();
    s.hoverValues.clear();
    s.resetBounds();
    if (std::all_of(m_series.begin(), m_series.end(),
                    [](const auto& x) { return x->points.empty(); }))
        m_zoom.reset();
    scheduleRefresh();
}

void ChartView::clear() {
    m_axes->hover->clear();
    m_settingRange = true;
    for (auto& s : m_series) {
        m_axes->chart->removeSeries(s->qt);
        delete s->qt;
    }
    m_settingRange = false;
    m_series.clear();
    m_nextColor = 0;
    m_zoom.reset();
    scheduleRefresh();
}

int ChartView::seriesCount() const { return static_cast<int>(m_series.size()); }

void ChartView::setSeriesName(int series, const QString& name) {
    m_series.at(series)->name = name;
    m_series.at(series)->qt->setName(name);
}

QString ChartView::seriesName(int series) const { return m_series.at(series)->name; }

void ChartView::setSeriesVisible(int series, bool visible) {
    Series& s = *m_series.at(series);
    s.visible = visible;
    // The series stays in the chart with no points so its legend marker can turn it back on.
    for (QLegendMarker* marker : m_axes->chart->legend()->markers(s.qt)) {
        QFont font = marker->font();
        font.setStrikeOut(!visible);
        marker->setFont(font);
        marker->setLabelBrush(visible ? m_axes->chart->legend()->labelColor() : QColor(Qt::gray));
    }
    scheduleRefresh();
}

bool ChartView::isSeriesVisible(int series) const { return m_series.at(series)->visible; }

void ChartView::setHoverValues(int series, const QString& label, std::vector<double> values) {
    m_series.at(series)->hoverLabel = label;
    m_series.at(series)->hoverValues = std::move(values);
}

const std::vector<QPointF>& ChartView::points(int series) const {
    return m_series.at(series)->points;
}

std::vector<QPointF> ChartView::displayedPoints(int series) const {
    const QList<QPointF> shown = m_series.at(series)->qt->points();
    return {shown.begin(), shown.end()};
}

void ChartView::setTitle(const QString& title) { m_axes->chart->setTitle(title); }

void ChartView::setAxisTitles(const QString& x, const QString& y) {
    m_axes->x->setTitleText(x);
    m_axes->yTitle = y;
    m_axes->y->setTitleText(y);
}

void ChartView::setLogY(bool logY) {
    if (logY == m_logY) return;
    m_logY = logY;
    m_zoom.reset();
    rebuildYAxis();
    refresh();
    emit logYChanged(logY);
}

bool ChartView::logY() const { return m_logY; }

void ChartView::setLogYToggleEnabled(bool enabled) { m_logToggle = enabled; }

void ChartView::setDefaultRange(const QRectF& values) {
    m_defaultRange = values.normalized();
    scheduleRefresh();
}

void ChartView::zoomTo(const QRectF& values) {
    m_zoom = values.normalized();
    refresh();
}

void ChartView::resetZoom() {
    m_zoom.reset();
    refresh();
}

bool ChartView::isZoomed() const { return m_zoom.has_value(); }

QRectF ChartView::visibleRange() const {
    double yMin = 0, yMax = 1;
    if (auto* lin = qobject_cast<QValueAxis*>(m_axes->y)) {
        yMin = lin->min();
        yMax = lin->max();
    } else if (auto* lg = qobject_cast<QLogValueAxis*>(m_axes->y)) {
        yMin = lg->min();
        yMax = lg->max();
    }
    return QRectF(QPointF(m_axes->x->min(), yMin), QPointF(m_axes->x->max(), yMax));
}

void ChartView::refreshNow() {
    m_refreshTimer->stop();
    refresh();
}

void ChartView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    scheduleRefresh();
}

void ChartView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    scheduleRefresh();
}

void ChartView::scheduleRefresh() {
    if (!m_refreshTimer->isActive()) m_refreshTimer->start();
}

void ChartView::rebuildYAxis() {
    const QSignalBlocker guard(m_axes->x);
    m_settingRange = true;
    QChart* chart = m_axes->chart;
    if (m_axes->y) {
        chart->removeAxis(m_axes->y);
        delete m_axes->y;
    }
    if (m_logY) {
        auto* axis = new QLogValueAxis;
        axis->setBase(10.0);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setMinorTickCount(-1);
        connect(axis, &QLogValueAxis::rangeChanged, this, &ChartView::onAxisRangeChanged);
        m_axes->y = axis;
    } else {
        auto* axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%.4g"));
        connect(axis, &QValueAxis::rangeChanged, this, &ChartView::onAxisRangeChanged);
        m_axes->y = axis;
    }
    m_axes->y->setTitleText(m_axes->yTitle);
    chart->addAxis(m_axes->y, Qt::AlignLeft);
    for (auto& s : m_series) s->qt->attachAxis(m_axes->y);
    if (m_axes->hover && m_axes->hover->chart()) m_axes->hover->attachAxis(m_axes->y);
    m_settingRange = false;
}

void ChartView::onAxisRangeChanged() {
    // Our own refresh sets the ranges too; only the chart's rubber band and scroll count as zoom.
    if (m_settingRange) return;
    m_zoom = visibleRange();
    scheduleRefresh();
}

QRectF ChartView::dataRange() const {
    double x0 = kInf, x1 = -kInf, y0 = kInf, y1 = -kInf;
    bool scatter = false;
    for (const auto& s : m_series) {
        if (!s->visible || s->style == SeriesStyle::Reference || s->points.empty()) continue;
        if (s->minX > s->maxX) continue;  // no finite point
        scatter = scatter || s->style == SeriesStyle::Scatter;
        x0 = std::min(x0, s->minX);
        x1 = std::max(x1, s->maxX);
        y0 = std::min(y0, m_logY ? s->minPositiveY : s->minY);
        y1 = std::max(y1, s->maxY);
    }
    if (x0 > x1) x0 = 0, x1 = 1;
    if (!(y0 <= y1) || !std::isfinite(y0) || (m_logY && y1 <= 0)) y0 = m_logY ? 0.1 : 0, y1 = 1;
    if (x0 == x1) x0 -= 0.5, x1 += 0.5;
    if (m_logY) {
        if (y0 == y1) y0 /= 2, y1 *= 2;
        const double span = std::log10(y1) - std::log10(y0);
        y0 = std::pow(10.0, std::log10(y0) - kPad * span);
        y1 = std::pow(10.0, std::log10(y1) + kPad * span);
    } else {
        if (y0 == y1) y0 -= 0.5, y1 += 0.5;
        const double span = y1 - y0;
        y0 -= kPad * span;
        y1 += kPad * span;
    }
    if (scatter) {
        const double span = x1 - x0;
        x0 -= kPad * span;
        x1 += kPad * span;
    }
    return QRectF(QPointF(x0, y0), QPointF(x1, y1));
}

void ChartView::raiseHover() {
    // Qt Charts draws series in the order they were added; re-adding keeps the ring on top.
    QChart* chart = m_axes->chart;
    QXYSeries* hover = m_axes->hover;
    m_settingRange = true;
    if (hover->chart()) chart->removeSeries(hover);
    chart->addSeries(hover);
    hover->attachAxis(m_axes->x);
    hover->attachAxis(m_axes->y);
    m_settingRange = false;
    for (QLegendMarker* marker : chart->legend()->markers(hover)) marker->setVisible(false);
}

void ChartView::updateLegend() {
    int entries = 0;
    for (const auto& s : m_series) entries += s->style != SeriesStyle::Reference;
    QLegend* legend = m_axes->chart->legend();
    legend->setVisible(entries > 0);
    const Qt::Alignment wanted =
        entries > kMaxBottomLegendEntries ? Qt::AlignRight : Qt::AlignBottom;
    if (legend->alignment() != wanted) legend->setAlignment(wanted);
}

QRectF ChartView::plotRect() const {
    const QRectF area = m_axes->chart->plotArea();
    const QPointF topLeft = m_view->viewport()->mapTo(
        this, m_view->mapFromScene(m_axes->chart->mapToScene(area.topLeft())));
    return QRectF(topLeft, area.size());
}

void ChartView::refresh() {
    QRectF range = m_zoom ? *m_zoom : (m_defaultRange ? *m_defaultRange : dataRange());
    if (m_logY && range.top() <= 0) {
        const QRectF bounds = dataRange();
        range.setTop(bounds.top());
        range.setBottom(std::max(range.bottom(), bounds.bottom()));
    }
    m_settingRange = true;
    // Fixed ticks while the range changes: dynamic ticks at the old interval over a new, much
    // wider range would make Qt Charts build millions of tick items.
    m_axes->x->setTickType(QValueAxis::TicksFixed);
    if (auto* lin = qobject_cast<QValueAxis*>(m_axes->y)) lin->setTickType(QValueAxis::TicksFixed);
    m_axes->x->setRange(range.left(), range.right());
    m_axes->y->setRange(range.top(), range.bottom());
    m_settingRange = false;
    range = visibleRange();

    const QRectF plot = plotRect();
    // Ticks at round values (1, 2 or 5 times a power of ten) whatever the range or zoom.
    setNiceTicks(m_axes->x, range.width(), std::max(plot.width(), 200.0) / kPixelsPerXTick);
    if (auto* lin = qobject_cast<QValueAxis*>(m_axes->y))
        setNiceTicks(lin, range.height(), std::max(plot.height(), 150.0) / kPixelsPerYTick);
    updateLegend();
    const int columns = std::max(1, static_cast<int>(plot.width() > 16 ? plot.width() : width()));
    const QSize pixels(
        columns, std::max(1, static_cast<int>(plot.height() > 16 ? plot.height() : height())));
    std::vector<QPointF> positive;
    for (auto& s : m_series) {
        if (!s->visible || s->points.empty()) {
            s->qt->clear();
            continue;
        }
        std::span<const QPointF> pts(s->points);
        if (m_logY) {
            positive.clear();
            std::copy_if(s->points.begin(), s->points.end(), std::back_inserter(positive),
                         [](const QPointF& p) { return p.y() > 0; });
            pts = positive;
        }
        switch (s->style) {
            case SeriesStyle::Line:
                s->qt->replace(decimateMinMax(pts, range.left(), range.right(), columns));
                break;
            case SeriesStyle::Scatter:
                s->qt->replace(decimateScatter(pts, range, pixels));
                break;
            case SeriesStyle::Reference:
                s->qt->replace(QList<QPointF>(pts.begin(), pts.end()));
                break;
        }
    }
}

}  // namespace loupe::widgets
