// widgets/explain ShapPlot: every kind paints onto an image, SVG exports are well-formed and name
// the features, hovering and clicking find a known point, and 10k rows x 20 features paint.
// LOUPE_SHAP_SHOTS=DIR keeps PNGs of each kind there to look at.

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <cmath>
#include <memory>
#include <random>
#include <set>

#include "widgets/explain/shap_plot.h"

using namespace loupe;
using loupe::widgets::ShapPlot;

namespace {

/// `rows` explained rows over `features` synthetic features: numeric ones (feature f's SHAP value
/// grows with its value, scaled by f + 1, so the last is the most important) and, when
/// `categorical`, the first feature a three-category one with a missing value.
std::shared_ptr<explain::ShapExplanation> explanation(int64_t rows, int64_t features,
                                                      bool categorical, uint64_t seed = 1) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0, 1);
    auto e = std::make_shared<explain::ShapExplanation>();
    explain::ShapResult& r = e->shap;
    for (int64_t f = 0; f < features; ++f)
        r.features.push_back("feature_" + std::to_string(f) + "_with_a_long_name");
    for (int64_t i = 0; i < rows; ++i) r.rows.push_back(i * 2);
    r.values.resize(rows, features);
    r.stdErr = MatrixD::Zero(rows, features);
    explain::ExplainedValues& v = e->values;
    v.numeric.resize(rows, features);
    v.text.assign(static_cast<size_t>(rows),
                  std::vector<std::string>(static_cast<size_t>(features)));
    v.categorical.assign(static_cast<size_t>(features), false);
    if (categorical) v.categorical[0] = true;
    const char* names[] = {"red", "green", "blue"};
    for (int64_t i = 0; i < rows; ++i) {
        double sum = 0;
        for (int64_t f = 0; f < features; ++f) {
            double x = normal(rng);
            if (categorical && f == 0) {
                const int code = static_cast<int>(i % 4) - 1;  // -1: missing
                x = code < 0 ? std::nan("") : code;
                v.text[i][f] = code < 0 ? "" : names[code];
                r.values(i, f) = code < 0 ? 0.0 : 0.05 * (code - 1);
            } else {
                v.text[i][f] = std::to_string(x);
                r.values(i, f) = 0.02 * (f + 1) * x;
            }
            v.numeric(i, f) = x;
            sum += r.values(i, f);
        }
        r.baseValue.push_back(0.4);
        r.prediction.push_back(0.4 + sum);
    }
    r.output = "probability of malignant";
    r.method = explain::ShapMethod::Kernel;
    e->summary = explain::summarizeShap(r, v);
    return e;
}

QImage render(const ShapPlot& plot, QSize size) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::black);
    QPainter painter(&image);
    plot.paint(painter, QRectF(QPointF(0, 0), size));
    return image;
}

/// Pixels neither white nor black: what the plot drew besides its background.
int64_t colouredPixels(const QImage& image) {
    int64_t count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (!(qRed(p) == qGreen(p) && qGreen(p) == qBlue(p))) ++count;
        }
    return count;
}

}  // namespace

class TestShapPlots : public QObject {
    Q_OBJECT

private slots:
    void paintsEveryKind_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("categorical");
        const std::pair<const char*, ShapPlot::Kind> kinds[] = {
            {"summary", ShapPlot::Kind::Summary},
            {"bar", ShapPlot::Kind::Bar},
            {"force", ShapPlot::Kind::Force},
            {"waterfall", ShapPlot::Kind::Waterfall},
            {"dependence", ShapPlot::Kind::Dependence}};
        for (const auto& [name, kind] : kinds) {
            QTest::newRow(name) << int(kind) << false;
            QTest::newRow((std::string(name) + " categorical").c_str()) << int(kind) << true;
        }
    }
    void paintsEveryKind() {
        QFETCH(int, kind);
        QFETCH(bool, categorical);
        ShapPlot plot(explanation(300, 25, categorical), static_cast<ShapPlot::Kind>(kind));
        plot.setRowIndex(3);
        plot.setFeature(categorical ? 0 : 24);
        plot.setMaxFeatures(10);
        const QSize size = plot.preferredSize();
        QVERIFY(size.width() >= 400 && size.height() >= 200);
        const QImage image = render(plot, size);
        QCOMPARE(image.pixel(1, 1), qRgb(255, 255, 255));  // the background is painted
        QVERIFY2(colouredPixels(image) > 200, "the plot draws in colour");
        const QString shots = qEnvironmentVariable("LOUPE_SHAP_SHOTS");
        if (!shots.isEmpty())
            image.save(shots +
                       QStringLiteral("/%1.png").arg(QTest::currentDataTag()).replace(' ', '_'));
    }

    void emptyPlotPaints() {
        const QImage image = render(ShapPlot(), QSize(200, 100));
        QCOMPARE(image.pixel(1, 1), qRgb(255, 255, 255));
        // A row or feature out of range paints a message, not a crash.
        ShapPlot force(explanation(5, 3, false), ShapPlot::Kind::Force);
        force.setRowIndex(99);
        render(force, QSize(400, 300));
        ShapPlot dependence(explanation(5, 3, false), ShapPlot::Kind::Dependence);
        dependence.setFeature(7);
        render(dependence, QSize(400, 300));
    }

    void svgIsWellFormed_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("summary") << int(ShapPlot::Kind::Summary);
        QTest::newRow("bar") << int(ShapPlot::Kind::Bar);
        QTest::newRow("force") << int(ShapPlot::Kind::Force);
        QTest::newRow("waterfall") << int(ShapPlot::Kind::Waterfall);
        QTest::newRow("dependence") << int(ShapPlot::Kind::Dependence);
    }
    void svgIsWellFormed() {
        QFETCH(int, kind);
        ShapPlot plot(explanation(100, 6, true), static_cast<ShapPlot::Kind>(kind));
        plot.setFeature(5);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plot.svg"));
        QString error;
        QVERIFY2(widgets::writeShapPlot(plot, path, QSize(), &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString text;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::Characters)
                text += xml.text().toString() + QLatin1Char('\n');
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        // The most important feature is named everywhere: feature 5 overall (and the dependence
        // plot's), and row 0's largest |SHAP value| in the force and waterfall plots.
        int64_t named = 5;
        if (kind == int(ShapPlot::Kind::Force) || kind == int(ShapPlot::Kind::Waterfall))
            plot.explanation()->shap.values.row(0).cwiseAbs().maxCoeff(&named);
        const QString name = QStringLiteral("feature_%1_with_a_long_name").arg(named);
        QVERIFY2(text.contains(name), qPrintable(name + QLatin1Char('\n') + text.left(600)));
        QVERIFY(text.contains(QStringLiteral("probability of malignant")));
    }

    void numbersInLabels() {
        // Feature values with four significant digits, whole numbers bare, and a prediction that
        // only rounds to 1 keeps its zeros.
        auto e = explanation(1, 2, false);
        e->values.numeric << 25.0, 0.1234567;
        e->shap.values << 0.4, 0.19998;
        e->shap.baseValue = {0.4};
        e->shap.prediction = {0.99998};
        ShapPlot plot(e, ShapPlot::Kind::Force);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("force.svg"));
        QVERIFY(widgets::writeShapPlot(plot, path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString svg = QString::fromUtf8(file.readAll());
        QVERIFY(svg.contains(QStringLiteral("f(x) = 1.0000")));
        QVERIFY(svg.contains(QStringLiteral("base value = 0.4<")));
        QVERIFY(svg.contains(QStringLiteral("feature_0_with_a_long_name = 25<")));
        QVERIFY(svg.contains(QStringLiteral("feature_1_with_a_long_name = 0.1235<")));
    }

    void pngAndErrors() {
        ShapPlot plot(explanation(20, 4, false), ShapPlot::Kind::Bar);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bar.png"));
        QVERIFY(widgets::writeShapPlot(plot, path, QSize(500, 300)));
        QCOMPARE(QImage(path).size(), QSize(500, 300));
        QString error;
        QVERIFY(!widgets::writeShapPlot(plot, dir.filePath(QStringLiteral("no/such/folder/x.svg")),
                                        {}, &error));
        QVERIFY(error.contains(QStringLiteral("x.svg")));
    }

    void hoverAndClickSummary() {
        // Two features, two rows: each row's dot of the top feature is alone on its side of zero.
        auto e = explanation(2, 2, false);
        e->shap.values << -0.5, 0.01, 0.5, -0.01;
        e->summary = explain::summarizeShap(e->shap, e->values);
        ShapPlot plot(e, ShapPlot::Kind::Summary);
        const QRectF rect(0, 0, 800, 400);
        // Find row 1's dot by scanning the image for the top row's reddest or bluest pixel is
        // brittle; instead scan positions for the one the plot reports.
        QPointF found(-1, -1);
        for (int y = 0; y < 400 && found.x() < 0; y += 2)
            for (int x = 0; x < 800; x += 2)
                if (plot.rowIndexAt(rect, QPointF(x, y)) == 1) {
                    found = QPointF(x, y);
                    break;
                }
        QVERIFY(found.x() >= 0);
        QVERIFY(found.x() > 400);  // row 1 of the top feature has SHAP +0.5: right of centre
        const QString tip = plot.toolTipAt(rect, found);
        QVERIFY2(tip.contains(QStringLiteral("feature_0_with_a_long_name")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("+0.5")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("row 2")), qPrintable(tip));  // row id 1 * 2
        QCOMPARE(plot.rowIndexAt(rect, QPointF(2, 2)), int64_t(-1));
        QVERIFY(plot.toolTipAt(rect, QPointF(2, 2)).isEmpty());
    }

    void hoverDependence() {
        auto e = explanation(50, 3, false);
        ShapPlot plot(e, ShapPlot::Kind::Dependence);
        plot.setFeature(2);
        plot.setColourFeature(0);
        const QRectF rect(0, 0, 700, 500);
        std::set<int64_t> rows;
        for (int y = 0; y < 500; y += 3)
            for (int x = 0; x < 700; x += 3) {
                const int64_t row = plot.rowIndexAt(rect, QPointF(x, y));
                if (row >= 0) rows.insert(row);
            }
        QVERIFY2(rows.size() > 25, "most dots are found by scanning");
        QCOMPARE(plot.rowIndexAt(rect, QPointF(1, 1)), int64_t(-1));
    }

    void hoverForceAndWaterfall() {
        auto e = explanation(4, 3, false);
        for (const auto kind : {ShapPlot::Kind::Force, ShapPlot::Kind::Waterfall}) {
            ShapPlot plot(e, kind);
            plot.setRowIndex(1);
            const QRectF rect(QPointF(0, 0), plot.preferredSize());
            bool any = false;
            for (int y = 0; y < rect.height() && !any; y += 2)
                for (int x = 0; x < rect.width() && !any; x += 2)
                    any =
                        plot.toolTipAt(rect, QPointF(x, y)).contains(QStringLiteral("SHAP value"));
            QVERIFY(any);
            QCOMPARE(plot.rowIndexAt(rect, rect.center()), int64_t(-1));
        }
    }

    void highDpiDots() {
        // At a device pixel ratio of 2 (a high-DPI screen) the dots cover about four times the
        // device pixels: stamped at the device's resolution, not blown up or shrunk.
        const auto e = explanation(400, 5, false);
        const ShapPlot plot(e, ShapPlot::Kind::Summary);
        const QSize size = plot.preferredSize();
        const int64_t normal = colouredPixels(render(plot, size));
        QImage sharp(size * 2, QImage::Format_ARGB32_Premultiplied);
        sharp.setDevicePixelRatio(2);
        sharp.fill(Qt::black);
        QPainter painter(&sharp);
        plot.paint(painter, QRectF(QPointF(0, 0), size));
        painter.end();
        const double ratio = double(colouredPixels(sharp)) / double(normal);
        QVERIFY2(ratio > 3 && ratio < 5, qPrintable(QString::number(ratio)));
    }

    void tenThousandPoints() {
        ShapPlot plot(explanation(10000, 20, true, 7), ShapPlot::Kind::Summary);
        QElapsedTimer timer;
        timer.start();
        const QImage image = render(plot, plot.preferredSize());
        const qint64 paintMs = timer.elapsed();
        QVERIFY(colouredPixels(image) > 10000);
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("s.svg"));
        timer.restart();
        QVERIFY(widgets::writeShapPlot(plot, svg));
        // Reported, not asserted: timings belong to benchmarks.
        qInfo("200k points: painted in %lld ms; SVG written in %lld ms, %lld bytes",
              static_cast<long long>(paintMs), static_cast<long long>(timer.elapsed()),
              static_cast<long long>(QFileInfo(svg).size()));
    }
};

QTEST_MAIN(TestShapPlots)
#include "test_shap_plots.moc"
