// widgets/charts: decimation keeps every pixel column's extremes and bounds what Qt Charts draws,
// exports write real PNG and SVG files, and hover finds the nearest point.

#include <QApplication>
#include <QFile>
#include <QGraphicsView>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>
#include <cmath>
#include <map>
#include <vector>

#include "widgets/charts/chart_export.h"
#include "widgets/charts/decimation.h"
#include "widgets/charts/line_chart.h"

using namespace loupe::widgets;

namespace {

std::vector<QPointF> noisyCurve(size_t n) {
    std::vector<QPointF> points(n);
    uint32_t state = 12345;
    for (size_t i = 0; i < n; ++i) {
        state = state * 1664525u + 1013904223u;  // LCG noise: deterministic, cheap
        const double noise = static_cast<double>(state >> 8) / (1 << 24) - 0.5;
        points[i] = QPointF(static_cast<double>(i), std::sin(i * 1e-5) + noise);
    }
    return points;
}

// Lowest and highest y per pixel column, as a plot of all points would draw them.
std::map<int, std::pair<double, double>> columnExtremes(const std::vector<QPointF>& points,
                                                        double xMin, double xMax, int columns) {
    std::map<int, std::pair<double, double>> out;
    for (const QPointF& p : points) {
        if (p.x() < xMin || p.x() > xMax) continue;
        const int c =
            std::min(static_cast<int>((p.x() - xMin) * columns / (xMax - xMin)), columns - 1);
        auto [it, fresh] = out.try_emplace(c, p.y(), p.y());
        if (!fresh) {
            it->second.first = std::min(it->second.first, p.y());
            it->second.second = std::max(it->second.second, p.y());
        }
    }
    return out;
}

}  // namespace

class TestCharts : public QObject {
    Q_OBJECT
private slots:
    void decimationKeepsColumnExtremes();
    void decimationKeepsEdgesAndSkipsNaN();
    void scatterDecimationOnePointPerPixel();
    void chartDrawsBoundedPoints();
    void zoomRedecimates();
    void exportPngAndSvg();
    void exportFailsOnBadPath();
    void hoverFindsNearestPoint();
    void logScaleAndVisibility();
    void wheelZoomAndDoubleClickReset();
};

void TestCharts::decimationKeepsColumnExtremes() {
    const std::vector<QPointF> points = noisyCurve(1'000'000);
    const int columns = 800;
    const double xMax = static_cast<double>(points.size() - 1);
    const QList<QPointF> kept = decimateMinMax(points, 0.0, xMax, columns);
    QVERIFY(kept.size() <= 4 * columns);
    QVERIFY(kept.size() >= 2 * columns);
    const std::vector<QPointF> keptVec(kept.begin(), kept.end());
    QCOMPARE(columnExtremes(keptVec, 0.0, xMax, columns),
             columnExtremes(points, 0.0, xMax, columns));
    for (qsizetype i = 1; i < kept.size(); ++i) QVERIFY(kept[i - 1].x() <= kept[i].x());
    QCOMPARE(kept.front(), points.front());
    QCOMPARE(kept.back(), points.back());
}

void TestCharts::decimationKeepsEdgesAndSkipsNaN() {
    std::vector<QPointF> points;
    for (int i = 0; i < 100; ++i) points.emplace_back(i, i % 7);
    points[50].setY(std::nan(""));
    const QList<QPointF> kept = decimateMinMax(points, 40.0, 60.0, 10);
    for (const QPointF& p : kept) QVERIFY(std::isfinite(p.y()));
    // The last point left of the range and the first right of it keep the line running to the
    // edges.
    QVERIFY(kept.contains(QPointF(39, 39 % 7)));
    QVERIFY(kept.contains(QPointF(61, 61 % 7)));
    QVERIFY(kept.size() <= 4 * 10 + 4);
}

void TestCharts::scatterDecimationOnePointPerPixel() {
    std::vector<QPointF> points;
    for (int i = 0; i < 10000; ++i) points.emplace_back((i % 100) / 100.0, (i / 100) / 100.0);
    points.emplace_back(5.0, 5.0);  // outside
    const QList<QPointF> kept = decimateScatter(points, QRectF(0, 0, 1, 1), QSize(10, 10));
    QCOMPARE(kept.size(), 100);
}

void TestCharts::chartDrawsBoundedPoints() {
    LineChart chart;
    chart.resize(640, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const int s = chart.addSeries(QStringLiteral("loss"));
    chart.setPoints(s, noisyCurve(1'000'000));
    chart.refreshNow();
    const auto shown = chart.displayedPoints(s);
    QVERIFY(!shown.empty());
    QVERIFY2(shown.size() <= 4 * 640, qPrintable(QString::number(shown.size())));
    // Streaming: append is cheap and shows up after the throttled refresh.
    const int live = chart.addSeries(QStringLiteral("live"));
    for (int i = 0; i < 1000; ++i) chart.append(live, i, i * 0.001);
    QTRY_COMPARE(chart.displayedPoints(live).size() > 0, true);
    QCOMPARE(chart.points(live).size(), size_t{1000});
}

void TestCharts::zoomRedecimates() {
    LineChart chart;
    chart.resize(500, 300);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const int s = chart.addSeries(QStringLiteral("curve"));
    chart.setPoints(s, noisyCurve(200'000));
    chart.refreshNow();
    chart.zoomTo(QRectF(QPointF(1000, -1), QPointF(1100, 1)));
    QVERIFY(chart.isZoomed());
    // 101 points in view: too few to decimate, so all of them are drawn (plus the edge points).
    const auto shown = chart.displayedPoints(s);
    int inside = 0;
    for (const QPointF& p : shown) inside += p.x() >= 1000 && p.x() <= 1100;
    QCOMPARE(inside, 101);
    QCOMPARE(chart.visibleRange().left(), 1000.0);
    chart.resetZoom();
    QVERIFY(!chart.isZoomed());
    QVERIFY(chart.visibleRange().right() >= 199'999);
}

void TestCharts::exportPngAndSvg() {
    LineChart chart;
    chart.resize(480, 320);
    chart.setTitle(QStringLiteral("Loss"));
    chart.setAxisTitles(QStringLiteral("epoch"), QStringLiteral("loss"));
    const int s = chart.addSeries(QStringLiteral("train"));
    for (int i = 0; i < 50; ++i) chart.append(s, i, 1.0 / (i + 1));
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.refreshNow();
    QTemporaryDir dir;
    QString error;
    const QString png = dir.filePath(QStringLiteral("chart.png"));
    QVERIFY2(exportChart(&chart, png, &error), qPrintable(error));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 480 && image.height() >= 320);
    const QString svg = dir.filePath(QStringLiteral("chart.SVG"));
    QVERIFY2(exportChart(&chart, svg, &error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains("</svg>"));
    QVERIFY(text.size() > 1000);
    // LOUPE_CHART_SHOTS: also keep the images (and a log-scale one) there to look at.
    const QString keep = qEnvironmentVariable("LOUPE_CHART_SHOTS");
    if (!keep.isEmpty()) {
        const int v = chart.addSeries(QStringLiteral("validation"));
        for (int i = 0; i < 50; ++i) chart.append(v, i, 1.3 / (i + 1) + 0.05);
        chart.refreshNow();
        QVERIFY(exportChart(&chart, keep + QStringLiteral("/line_chart.png")));
        QVERIFY(exportChart(&chart, keep + QStringLiteral("/line_chart.svg")));
        chart.setLogY(true);
        QTest::qWait(200);
        QVERIFY(exportChart(&chart, keep + QStringLiteral("/line_chart_log.png")));
    }
}

void TestCharts::exportFailsOnBadPath() {
    LineChart chart;
    chart.resize(200, 200);
    QString error;
    QVERIFY(!exportChart(&chart, QStringLiteral("/nonexistent-dir/x.png"), &error));
    QVERIFY(error.contains(QStringLiteral("/nonexistent-dir/x.png")));
}

void TestCharts::hoverFindsNearestPoint() {
    LineChart chart;
    chart.resize(600, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const int a = chart.addSeries(QStringLiteral("a"));
    const int b = chart.addSeries(QStringLiteral("b"));
    chart.setPoints(a, {{0, 0}, {1, 1}, {2, 4}, {3, 9}});
    chart.setPoints(b, {{0, 9}, {1, 8}, {2, 7}, {3, 6}});
    chart.setHoverValues(b, QStringLiteral("threshold"), {0.9, 0.8, 0.7, 0.6});
    chart.setDefaultRange(QRectF(QPointF(0, 0), QPointF(3, 9)));
    chart.refreshNow();
    QCoreApplication::processEvents();
    const QPointF near = chart.mapToWidget(QPointF(2, 7)) + QPointF(3, -2);
    const auto hit = chart.nearestPoint(near);
    QVERIFY(hit.has_value());
    QCOMPARE(hit->series, b);
    QCOMPARE(hit->index, size_t{2});
    QCOMPARE(hit->value, QPointF(2, 7));
    const QString text = chart.pointText(*hit);
    QVERIFY2(text.contains(QStringLiteral("b")) && text.contains(QStringLiteral("threshold: 0.7")),
             qPrintable(text));
    const auto hitA = chart.nearestPoint(chart.mapToWidget(QPointF(1, 1)));
    QVERIFY(hitA && hitA->series == a && hitA->index == 1);
    QVERIFY(!chart.nearestPoint(chart.mapToWidget(QPointF(1.5, 5.5)), 5.0).has_value());
    // A real mouse move over the point shows its text as a tooltip.
    auto* view = chart.findChild<QGraphicsView*>();
    const QPoint over =
        view->viewport()->mapFrom(&chart, chart.mapToWidget(QPointF(2, 7)).toPoint());
    QTest::mouseMove(view->viewport(), over);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), text);
    if (const QString keep = qEnvironmentVariable("LOUPE_CHART_SHOTS"); !keep.isEmpty())
        QVERIFY(chart.grab().save(keep + QStringLiteral("/line_chart_hover.png")));
    chart.setSeriesVisible(b, false);
    const auto hidden = chart.nearestPoint(near, 1000.0);
    QVERIFY(hidden && hidden->series == a);
}

void TestCharts::logScaleAndVisibility() {
    LineChart chart;
    chart.resize(500, 300);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const int s = chart.addSeries(QStringLiteral("loss"));
    chart.setPoints(s, {{1, 0.0}, {2, 0.1}, {3, 0.01}, {4, 0.001}});
    QSignalSpy logSpy(&chart, &ChartView::logYChanged);
    chart.setLogY(true);
    chart.refreshNow();
    QVERIFY(chart.logY());
    QCOMPARE(logSpy.count(), 1);
    QVERIFY(!chart.isZoomed());
    // y = 0 cannot be drawn in log; the new axis settles after a layout pass.
    QTRY_COMPARE(chart.displayedPoints(s).size(), size_t{3});
    QVERIFY(chart.visibleRange().top() > 0);
    chart.setSeriesVisible(s, false);
    chart.refreshNow();
    QVERIFY(chart.displayedPoints(s).empty());
    chart.setSeriesVisible(s, true);
    chart.setLogY(false);
    QTRY_COMPARE(chart.displayedPoints(s).size(), size_t{4});
    chart.clear();
    QCOMPARE(chart.seriesCount(), 0);
}

void TestCharts::wheelZoomAndDoubleClickReset() {
    LineChart chart;
    chart.resize(600, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const int s = chart.addSeries(QStringLiteral("curve"));
    chart.setPoints(s, noisyCurve(10'000));
    chart.refreshNow();
    const QRectF before = chart.visibleRange();
    auto* view = chart.findChild<QGraphicsView*>();
    QVERIFY(view);
    const QPointF center = chart.mapToWidget(before.center());
    const QPointF local = view->viewport()->mapFrom(&chart, center.toPoint());
    QWheelEvent wheel(local, view->viewport()->mapToGlobal(local), QPoint(), QPoint(0, 120),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &wheel);
    QVERIFY(chart.isZoomed());
    const QRectF zoomed = chart.visibleRange();
    QVERIFY(zoomed.width() < before.width() * 0.9);
    // The value under the cursor stays under it.
    QVERIFY(std::abs(chart.mapToValue(center).x() - before.center().x()) < before.width() * 0.01);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, local.toPoint());
    QVERIFY(!chart.isZoomed());
    QCOMPARE(chart.visibleRange(), before);
    // Clearing every series (a new training run) drops the zoom too.
    chart.zoomTo(QRectF(QPointF(10, -1), QPointF(20, 1)));
    chart.clearSeries(s);
    QVERIFY(!chart.isZoomed());
}

QTEST_MAIN(TestCharts)
#include "test_charts.moc"
