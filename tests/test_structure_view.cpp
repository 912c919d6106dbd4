// The Structure view, offscreen: a model shows as Input -> layers -> Output boxes; clicking a
// layer box selects it and its weight statistics and histograms show (a dense_int8 layer's codes
// and per-unit scales); a click on empty space
// clears; dragging pans without selecting; the wheel zooms around the pointer and 0 fits; compare
// mode draws both models and lists one row per dense layer plus the total, a row selecting that
// layer; PNG and SVG export of the whole graph.

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest>
#include <memory>

#include "core/nn/dense.h"
#include "core/nn/model.h"
#include "core/nn/model_summary.h"
#include "core/nn/quantized_dense.h"
#include "plugins/prune_magnitude/magnitude_pruning.h"
#include "widgets/structure/histogram_view.h"
#include "widgets/structure/layer_stats_panel.h"
#include "widgets/structure/structure_graph.h"
#include "widgets/structure/structure_panel.h"
#include "widgets/structure/structure_view.h"

using namespace loupe;
using widgets::GraphNode;
using widgets::StructurePanel;
using SummaryPtr = std::shared_ptr<const nn::ModelSummary>;

namespace {

const nn::Model& model() {
    static const nn::Model m = [] {
        nn::ModelSpec spec;
        spec.hidden = {16, 8};
        spec.dropout = 0.1f;
        nn::Model built = nn::Model::build(spec, 30, 2, 5);
        built.classNames = {"benign", "malignant"};
        return built;
    }();
    return m;
}

SummaryPtr summary(const nn::Model& m) {
    return std::make_shared<const nn::ModelSummary>(nn::summarizeModel(m));
}

QPoint centreOf(const widgets::StructureView& view, int node) {
    return view.mapFromScene(view.graph().nodes()[size_t(node)].rect.center()).toPoint();
}

}  // namespace

class TestStructureView : public QObject {
    Q_OBJECT
private slots:
    void withoutAModel() {
        StructurePanel panel;
        QVERIFY(panel.view()->graph().isEmpty());
        QVERIFY(!panel.compareButton()->isEnabled());
        panel.setComparison(summary(model()), QStringLiteral("ignored"));
        QVERIFY(!panel.compressed());
    }

    void showsTheModelAsBoxes() {
        StructurePanel panel;
        panel.setModel(summary(model()), QStringLiteral("run 1"));
        const auto& nodes = panel.view()->graph().nodes();
        // Input, Dense, Dropout, Dense, Dropout, Dense, Output (no pipeline).
        QCOMPARE(nodes.size(), size_t(7));
        QCOMPARE(nodes.front().kind, GraphNode::Kind::Input);
        QCOMPARE(nodes.back().kind, GraphNode::Kind::Output);
        QVERIFY(nodes.back().lines.contains(QStringLiteral("malignant")));
        QCOMPARE(nodes[1].title, QStringLiteral("Dense 30→16"));
        QVERIFY(nodes[1].lines.contains(QStringLiteral("ReLU")));
        QVERIFY(nodes[1].lines.contains(QStringLiteral("496 params")));
        QVERIFY(nodes[1].lines.contains(QStringLiteral("976 FLOPs")));  // 2*30*16 + 16
        QCOMPARE(nodes[2].title, QStringLiteral("Dropout"));
        for (size_t i = 1; i < nodes.size(); ++i)  // left to right, no overlap
            QVERIFY(nodes[i].rect.left() > nodes[i - 1].rect.right());
        QVERIFY(panel.compareButton()->isEnabled());
        QVERIFY(panel.comparisonTable()->isHidden());
    }

    void clickingALayerShowsItsStats() {
        StructurePanel panel;
        panel.resize(1300, 700);
        panel.setModel(summary(model()), QStringLiteral("run 1"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        widgets::StructureView* view = panel.view();
        QSignalSpy selected(view, &widgets::StructureView::nodeSelected);
        const int node = view->graph().layerNode(0, 0);
        QVERIFY(node >= 0);
        QTest::mouseClick(view, Qt::LeftButton, {}, centreOf(*view, node));
        QCOMPARE(view->selectedNode(), node);
        QCOMPARE(selected.count(), 1);
        widgets::LayerStatsPanel* stats = panel.statsPanel();
        QCOMPARE(stats->titleLabel()->text(), QStringLiteral("Dense 30→16"));
        QVERIFY(stats->detailLabel()->text().contains(QStringLiteral("496 parameters")));
        QTableWidget* table = stats->statsTable();
        QVERIFY(table->isVisible());
        QCOMPARE(table->rowCount(), 8);
        QCOMPARE(table->columnCount(), 2);
        QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("weight"));
        const nn::ParameterStats& w = panel.model()->layers[0].params[0];
        QCOMPARE(table->item(2, 0)->text(), QString::number(w.mean, 'g', 4));
        QCOMPARE(table->item(5, 0)->text(), QString::number(w.max, 'g', 4));
        QCOMPARE(table->item(7, 1)->text(), QStringLiteral("100.00%"));  // biases start at 0
        QVERIFY(stats->histogram(0)->isVisible());
        QCOMPARE(stats->histogram(0)->stats()->count, int64_t(480));

        // The Input box: its lines, no table.
        QTest::mouseClick(view, Qt::LeftButton, {}, centreOf(*view, 0));
        QCOMPARE(stats->titleLabel()->text(), QStringLiteral("Input"));
        QVERIFY(stats->statsTable()->isHidden());
        // Empty space clears.
        QTest::mouseClick(view, Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(view->selectedNode(), -1);
        QVERIFY(stats->histogram(0)->isHidden());
    }

    // A dense_int8 layer: its int8 codes binned by code, its bias, and a bar per unit scale.
    void int8LayerShowsCodesAndUnitScales() {
        nn::Model quantized;
        for (const auto& layer : model().layers())
            if (const auto* dense = dynamic_cast<const nn::Dense*>(layer.get()))
                quantized.layers().push_back(nn::QuantizedDense::fromDense(*dense, {0.05f, 128}));
        StructurePanel panel;
        panel.resize(1300, 900);
        panel.setModel(summary(quantized), QStringLiteral("int8"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        widgets::StructureView* view = panel.view();
        const int node = view->graph().layerNode(0, 0);
        QVERIFY(node >= 0);
        QTest::mouseClick(view, Qt::LeftButton, {}, centreOf(*view, node));
        widgets::LayerStatsPanel* stats = panel.statsPanel();
        const nn::LayerSummary& layer = panel.model()->layers[0];
        QVERIFY(layer.int8);
        QCOMPARE(stats->titleLabel()->text(), QStringLiteral("Dense int8 30→16"));
        QVERIFY(view->graph().nodes()[size_t(node)].lines.contains(QStringLiteral("512 params")));
        QVERIFY(stats->detailLabel()->text().contains(QStringLiteral("zero point 128")));
        QVERIFY2(
            stats->detailLabel()->text().contains(
                QStringLiteral("%1 of 480 weight codes at ±127").arg(layer.int8Stats.saturated)),
            qPrintable(stats->detailLabel()->text()));
        QVERIFY(stats->histogram(0)->isVisible());
        QCOMPARE(stats->histogram(0)->stats()->name, std::string("int8 weight"));
        QCOMPARE(stats->histogram(0)->stats()->histogram.size(), size_t{51});
        QCOMPARE(stats->histogram(1)->stats()->name, std::string("bias"));
        QVERIFY(stats->unitScales()->isVisible());
        QCOMPARE(stats->unitScales()->series(), layer.int8Stats.unitScales);
        QCOMPARE(stats->unitScales()->series().size(), size_t{16});
        QVERIFY(!stats->unitScales()->grab().isNull());

        // A float model hides the scales again.
        panel.setModel(summary(model()), QStringLiteral("run 1"));
        QTest::mouseClick(view, Qt::LeftButton, {}, centreOf(*view, view->graph().layerNode(0, 0)));
        QCOMPARE(stats->histogram(0)->stats()->name, std::string("weight"));
        QVERIFY(stats->unitScales()->isHidden());
    }

    void dragPansWheelZoomsKeysFit() {
        StructurePanel panel;
        panel.resize(1300, 700);
        panel.setModel(summary(model()), QStringLiteral("run 1"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        widgets::StructureView* view = panel.view();
        const double fitted = view->zoom();
        const QPointF origin = view->mapFromScene({0, 0});
        const int node = view->graph().layerNode(0, 0);
        const QPoint start = centreOf(*view, node);
        QTest::mousePress(view, Qt::LeftButton, {}, start);
        QTest::mouseMove(view, start + QPoint(30, 10));
        QTest::mouseMove(view, start + QPoint(60, 20));
        QTest::mouseRelease(view, Qt::LeftButton, {}, start + QPoint(60, 20));
        QCOMPARE(view->selectedNode(), -1);  // a drag is not a click
        QCOMPARE(view->mapFromScene({0, 0}), origin + QPointF(60, 20));

        const QPointF at(200, 150);
        const QPointF under = view->mapToScene(at);
        QWheelEvent wheel(at, view->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view, &wheel);
        QVERIFY(view->zoom() > fitted * 1.4);
        const QPointF after = view->mapFromScene(under);
        QVERIFY(std::abs(after.x() - at.x()) < 1e-6 && std::abs(after.y() - at.y()) < 1e-6);

        QTest::keyClick(view, Qt::Key_Minus);
        QTest::keyClick(view, Qt::Key_0);
        QCOMPARE(view->zoom(), fitted);
        QCOMPARE(view->mapFromScene({0, 0}), origin);
    }

    void compareModeListsRows() {
        StructurePanel panel;
        panel.resize(1300, 800);
        QSignalSpy asked(&panel, &StructurePanel::compareRequested);
        panel.setModel(summary(model()), QStringLiteral("original"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.compareButton()->click();
        QCOMPARE(asked.count(), 1);

        const nn::Model pruned = plugins::pruneMagnitude(model(), 0.5);
        panel.setComparison(summary(pruned), QStringLiteral("pruned"));
        QVERIFY(panel.view()->graph().comparing());
        QCOMPARE(panel.view()->graph().nodes().size(), size_t(14));
        QTableWidget* table = panel.comparisonTable();
        QVERIFY(table->isVisible());
        QCOMPARE(table->rowCount(), 4);  // three dense layers and the total
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Dense 1"));
        QCOMPARE(table->item(3, 0)->text(), QStringLiteral("Total"));
        const nn::ModelComparison c = nn::compareModels(*panel.model(), *panel.compressed());
        QCOMPARE(
            table->item(0, 3)->text(),
            QStringLiteral("%1 → %2").arg(widgets::groupedNumber(c.layers[0].original.nonzeros),
                                          widgets::groupedNumber(c.layers[0].compressed.nonzeros)));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("496"));  // parameters unchanged
        QVERIFY(table->item(3, 6)->text().startsWith(QStringLiteral("−")));
        // A row selects that layer of the compressed model, whose box shows its zeros.
        table->setCurrentCell(1, 0);
        const int node = panel.view()->selectedNode();
        QVERIFY(node >= 0);
        const GraphNode& n = panel.view()->graph().nodes()[size_t(node)];
        QCOMPARE(n.side, 1);
        QCOMPARE(n.index, c.layers[1].compressedIndex);
        QVERIFY(n.density < 1.0);

        // Structured pruning: fewer units, the change in parameters shows.
        panel.setComparison(summary(plugins::pruneNeurons(model(), 0.5)), QStringLiteral("units"));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("30×16 → 30×8"));
        const GraphNode& shrunk =
            panel.view()->graph().nodes()[size_t(panel.view()->graph().layerNode(1, 0))];
        QCOMPARE(shrunk.lines.value(shrunk.highlightLine), QStringLiteral("−50.0% params"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("496 → 248"));
        QVERIFY(table->item(0, 6)->text().contains(QStringLiteral("bytes")));

        panel.clearButton()->click();
        QVERIFY(!panel.compressed());
        QVERIFY(table->isHidden());
        QCOMPARE(panel.view()->graph().nodes().size(), size_t(7));
    }

    void exportsPngAndSvg() {
        StructurePanel panel;
        panel.setModel(summary(model()), QStringLiteral("run 1"));
        panel.setComparison(summary(plugins::pruneMagnitude(model(), 0.8)), QStringLiteral("p"));
        QTemporaryDir dir;
        QString error;
        QVERIFY2(panel.view()->exportTo(dir.filePath("g.svg"), &error), qPrintable(error));
        QVERIFY2(panel.view()->exportTo(dir.filePath("g.png"), &error), qPrintable(error));
        QFile svg(dir.filePath("g.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        QVERIFY(text.contains("Dense 30"));
        QVERIFY(text.contains("zeros"));
        QImage png(dir.filePath("g.png"));
        QCOMPARE(png.size(), panel.view()->graph().size().toSize() * 2);
        QVERIFY(!panel.view()->exportTo(dir.filePath("missing/x.png"), &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(TestStructureView)
#include "test_structure_view.moc"
