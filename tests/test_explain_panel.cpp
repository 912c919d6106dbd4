// The Explain view: "Train a model first" without a run; the settings become the request Run
// asks for; an explanation fills every tab; the dependence and row choosers drive their plots;
// hovering a summary point shows its tooltip, clicking it that row's force plot; showRow selects
// an explained row or asks for an unexplained one once, which then joins the row list; errors
// and late results.

#include <QComboBox>
#include <QHelpEvent>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>
#include <memory>

#include "core/data/reader.h"
#include "core/device/device.h"
#include "core/explain/explain_request.h"
#include "widgets/explain/explain_panel.h"
#include "widgets/explain/explain_plots.h"
#include "widgets/explain/explain_settings.h"
#include "widgets/explain/shap_plot_view.h"

using namespace loupe;
using widgets::ExplainPanel;
using widgets::ExplainPlots;
using ExplanationPtr = std::shared_ptr<const explain::ShapExplanation>;
using RunPtr = std::shared_ptr<const train::ExperimentResult>;

namespace {

std::shared_ptr<const data::Table> iris() {
    static const auto table = std::make_shared<const data::Table>(
        data::readTable(std::string(LOUPE_DATASETS) + "/iris.csv"));
    return table;
}

RunPtr irisRun() {
    static const RunPtr run = [] {
        train::ExperimentRequest r;
        r.target = "species";
        r.model.hidden = {8};
        r.train.epochs = 20;
        r.train.seed = 3;
        auto device = device::makeDevice("cpu").device;
        return std::make_shared<const train::ExperimentResult>(
            train::runExperiment(*iris(), r, *device));
    }();
    return run;
}

/// Exact SHAP of `rows` (empty: the test split) of the iris run, as the explain job computes it.
ExplanationPtr explanation(std::vector<int64_t> rows = {}) {
    explain::ExplainRequest r;
    r.method = explain::ShapMethod::Exact;
    if (!rows.empty()) {
        r.rows = explain::ExplainRows::Given;
        r.givenRows = std::move(rows);
    }
    auto device = device::makeDevice("cpu").device;
    return std::make_shared<const explain::ShapExplanation>(
        explain::explainRun(*device, irisRun()->model, *iris(), irisRun()->split, r));
}

/// A point of `view` where a click lands on an explained row, searched on a grid.
QPoint clickablePoint(const widgets::ShapPlotView& view) {
    for (int y = 0; y < view.height(); y += 2)
        for (int x = 0; x < view.width(); x += 2)
            if (view.rowIndexAt(QPointF(x, y)) >= 0) return {x, y};
    return {-1, -1};
}

}  // namespace

class TestExplainPanel : public QObject {
    Q_OBJECT

private slots:
    void withoutAModelSaysSo() {
        ExplainPanel panel;
        QVERIFY(panel.statusLabel()->text().contains("Train a model first"));
        QVERIFY(!panel.runButton()->isEnabled());
        QVERIFY(panel.plots()
                    ->view(ExplainPlots::Summary)
                    ->placeholder()
                    .contains("Train a model first"));
        QSignalSpy requested(&panel, &ExplainPanel::runRequested);
        QSignalSpy rowRequested(&panel, &ExplainPanel::rowExplainRequested);
        panel.run();
        panel.showRow(3);
        QCOMPARE(requested.count(), 0);
        QCOMPARE(rowRequested.count(), 0);
    }

    void settingsBecomeTheRequest() {
        ExplainPanel panel;
        panel.setRun(irisRun());
        QVERIFY(panel.runButton()->isEnabled());
        widgets::ExplainSettings* s = panel.settings();
        QCOMPARE(s->classCombo()->count(), 3);
        QCOMPARE(s->classCombo()->currentIndex(), 2);  // the last class by default
        QCOMPARE(s->methodCombo()->itemText(0), QString("auto (exact)"));
        QVERIFY(!s->samplesSpin()->isEnabled());  // auto is exact here: no sampling
        s->methodCombo()->setCurrentIndex(s->methodCombo()->findText("kernel"));
        QVERIFY(s->samplesSpin()->isEnabled());
        s->samplesSpin()->setValue(300);
        s->classCombo()->setCurrentIndex(0);
        s->rowsCombo()->setCurrentIndex(1);
        s->backgroundCombo()->setCurrentIndex(1);
        s->backgroundSizeSpin()->setValue(12);
        s->seedSpin()->setValue(7);

        QSignalSpy requested(&panel, &ExplainPanel::runRequested);
        QTest::mouseClick(panel.runButton(), Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        const auto r = requested[0][0].value<explain::ExplainRequest>();
        QCOMPARE(r.method, explain::ShapMethod::Kernel);
        QCOMPARE(r.samples, int64_t(300));
        QCOMPARE(r.classIndex, int64_t(0));
        QCOMPARE(r.rows, explain::ExplainRows::Validation);
        QCOMPARE(r.background, explain::BackgroundKind::KMeans);
        QCOMPARE(r.backgroundSize, int64_t(12));
        QCOMPARE(r.seed, uint64_t(7));
        QVERIFY(panel.isRunning());
        QVERIFY(!panel.runButton()->isEnabled());
        QVERIFY(panel.stopButton()->isEnabled());
        QSignalSpy stop(&panel, &ExplainPanel::stopRequested);
        QTest::mouseClick(panel.stopButton(), Qt::LeftButton);
        QCOMPARE(stop.count(), 1);
        panel.onCancelled();
        QVERIFY(!panel.isRunning());
        QVERIFY(panel.runButton()->isEnabled());
    }

    void explanationFillsTheTabs() {
        ExplainPanel panel;
        panel.resize(1100, 700);
        panel.show();
        panel.setRun(irisRun());
        panel.run();
        panel.onProgress(5, 23);
        QCOMPARE(panel.progressBar()->value(), 5);
        QCOMPARE(panel.progressBar()->maximum(), 23);
        const ExplanationPtr e = explanation();
        const auto rows = int(e->shap.rows.size());
        panel.onFinished(e);
        QVERIFY(!panel.isRunning());
        QCOMPARE(panel.progressBar()->value(), rows);
        QVERIFY(panel.statusLabel()->text().contains("exact SHAP of the probability of"));

        ExplainPlots* plots = panel.plots();
        // LOUPE_EXPLAIN_SHOTS: also keep an image of the panel on each tab there to look at.
        const QString keep = qEnvironmentVariable("LOUPE_EXPLAIN_SHOTS");
        for (auto tab : {ExplainPlots::Summary, ExplainPlots::Bar, ExplainPlots::Dependence,
                         ExplainPlots::Force, ExplainPlots::Waterfall}) {
            plots->tabs()->setCurrentIndex(tab);
            QVERIFY(plots->view(tab)->hasPlot());
            QCOMPARE(plots->view(tab)->plot().explanation(), e);
            if (!keep.isEmpty()) {
                QTest::qWait(50);  // pending layouts, as on screen
                QVERIFY(panel.grab().save(keep + QStringLiteral("/explain_tab%1.png").arg(tab)));
            }
        }
        // Dependence: features in the summary's order, colour "auto" first.
        QCOMPARE(plots->featureCombo()->count(), 4);
        QCOMPARE(plots->colourCombo()->count(), 5);
        QCOMPARE(plots->colourCombo()->itemText(0), QString("auto"));
        QCOMPARE(plots->view(ExplainPlots::Dependence)->plot().feature(), e->summary.order[0]);
        plots->featureCombo()->setCurrentIndex(2);
        plots->colourCombo()->setCurrentIndex(1);
        const auto& dependence = plots->view(ExplainPlots::Dependence)->plot();
        QCOMPARE(dependence.feature(), e->summary.order[2]);
        QCOMPARE(dependence.kind(), widgets::ShapPlot::Kind::Dependence);

        // Rows by their data row id; the chooser drives force and waterfall.
        QCOMPARE(plots->rowCombo()->count(), rows);
        QCOMPARE(plots->rowCombo()->itemData(3).toLongLong(), qlonglong(e->shap.rows[3]));
        QVERIFY(plots->rowCombo()->itemText(3).startsWith(QString("row %1 ").arg(e->shap.rows[3])));
        plots->rowCombo()->setCurrentIndex(3);
        QCOMPARE(plots->view(ExplainPlots::Force)->plot().rowIndex(), int64_t(3));
        QCOMPARE(plots->view(ExplainPlots::Waterfall)->plot().rowIndex(), int64_t(3));
        QCOMPARE(plots->currentRow(), e->shap.rows[3]);

        // Exports go through the plot's own painter.
        QTemporaryDir dir;
        for (const char* name : {"force.svg", "force.png"}) {
            QString error;
            QVERIFY2(plots->view(ExplainPlots::Force)->exportTo(dir.filePath(name), &error),
                     qPrintable(error));
            QVERIFY(QFileInfo(dir.filePath(name)).size() > 100);
        }
    }

    void clickingASummaryPointShowsItsRow() {
        ExplainPanel panel;
        panel.resize(1100, 700);
        panel.show();
        panel.setRun(irisRun());
        panel.run();
        const ExplanationPtr e = explanation();
        panel.onFinished(e);
        ExplainPlots* plots = panel.plots();
        plots->tabs()->setCurrentIndex(ExplainPlots::Summary);
        widgets::ShapPlotView* summary = plots->view(ExplainPlots::Summary);
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QPoint at = clickablePoint(*summary);
        QVERIFY(at.x() >= 0);
        const int64_t index = summary->rowIndexAt(at);
        // Hovering shows the plot's own tooltip for that point.
        QHelpEvent help(QEvent::ToolTip, at, summary->mapToGlobal(at));
        QCoreApplication::sendEvent(summary, &help);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), summary->plot().toolTipAt(QRectF(summary->rect()), at));
        QVERIFY(!QToolTip::text().isEmpty());
        QTest::mouseClick(summary, Qt::LeftButton, {}, at);
        QCOMPARE(plots->tabs()->currentIndex(), int(ExplainPlots::Force));
        QCOMPARE(plots->view(ExplainPlots::Force)->plot().rowIndex(), index);
        QCOMPARE(plots->currentRow(), e->shap.rows[size_t(index)]);
    }

    void showRowSelectsOrAsks() {
        ExplainPanel panel;
        panel.setRun(irisRun());
        panel.run();
        const ExplanationPtr e = explanation();
        panel.onFinished(e);
        ExplainPlots* plots = panel.plots();
        QSignalSpy asked(&panel, &ExplainPanel::rowExplainRequested);

        // An explained row is selected and shown, nothing is asked.
        panel.showRow(e->shap.rows[4]);
        QCOMPARE(asked.count(), 0);
        QCOMPARE(plots->tabs()->currentIndex(), int(ExplainPlots::Force));
        QCOMPARE(plots->currentRow(), e->shap.rows[4]);
        plots->tabs()->setCurrentIndex(ExplainPlots::Waterfall);
        panel.showRow(e->shap.rows[5]);
        QCOMPARE(plots->tabs()->currentIndex(), int(ExplainPlots::Waterfall));  // stays

        // A training row is not explained: asked for once, with the shown settings.
        const int64_t extraRow = irisRun()->split.train.front();
        panel.showRow(extraRow);
        panel.showRow(extraRow);
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked[0][0].value<int64_t>(), extraRow);
        const explain::ExplainRequest r = panel.rowRequest(extraRow);
        QCOMPARE(r.rows, explain::ExplainRows::Given);
        QCOMPARE(r.givenRows, std::vector<int64_t>{extraRow});
        QCOMPARE(r.method, explain::ShapMethod::Auto);  // the settings' default ran

        const ExplanationPtr extra = explanation({extraRow});
        panel.onRowExplained(extra);
        QCOMPARE(plots->rowCombo()->count(), int(e->shap.rows.size()) + 1);
        QCOMPARE(plots->currentRow(), extraRow);
        QVERIFY(plots->rowCombo()->currentText().contains("Data view"));
        QCOMPARE(plots->view(ExplainPlots::Waterfall)->plot().explanation(), extra);
        QCOMPARE(plots->view(ExplainPlots::Force)->plot().rowIndex(), int64_t(0));
        // The summary still shows the run's rows only.
        QCOMPARE(plots->view(ExplainPlots::Summary)->plot().explanation(), e);
        // Now explained: selected without asking again.
        panel.showRow(e->shap.rows[0]);
        panel.showRow(extraRow);
        QCOMPARE(asked.count(), 1);
        QCOMPARE(plots->currentRow(), extraRow);

        // A failed row may be asked for again.
        panel.showRow(irisRun()->split.train.back());
        panel.onRowFailed(irisRun()->split.train.back(), "boom");
        QVERIFY(panel.errorLabel()->isVisibleTo(&panel));
        QVERIFY(panel.errorLabel()->text().contains("boom"));
        panel.showRow(irisRun()->split.train.back());
        QCOMPARE(asked.count(), 3);
    }

    void errorsAndLateResults() {
        ExplainPanel panel;
        panel.setRun(irisRun());
        panel.run();
        panel.onFailed("exact SHAP over 30 features would evaluate 2^30 coalitions");
        QVERIFY(!panel.isRunning());
        QVERIFY(panel.errorLabel()->isVisibleTo(&panel));
        QVERIFY(panel.errorLabel()->text().contains("2^30"));
        QVERIFY(panel.runButton()->isEnabled());
        panel.run();
        QVERIFY(!panel.errorLabel()->isVisibleTo(&panel));

        // A new run replaces the model while explaining: the old explanation is not shown.
        panel.setRun(irisRun());
        panel.onFinished(explanation());
        QVERIFY(!panel.plots()->view(ExplainPlots::Summary)->hasPlot());
        QVERIFY(!panel.isRunning());
        panel.setRun(nullptr);
        QVERIFY(panel.statusLabel()->text().contains("Train a model first"));
    }
};

QTEST_MAIN(TestExplainPanel)
#include "test_explain_panel.moc"
