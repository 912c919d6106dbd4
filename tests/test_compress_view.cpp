// The Compress view in the window: its button is off until a model exists; Run compresses the
// trained run with a real plugin (quantize-int8 from <build>/lib/loupe/plugins), adds the result
// to the project as a run named after the plugin and its parameters, makes it the run the other
// views (and File > Export Model…) show, and lists it beside the original.

#include <QSignalSpy>
#include <QTableWidget>
#include <QToolButton>
#include <QtTest>

#include "app/gui/main_window.h"
#include "app/gui/navigation_strip.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "widgets/compress/comparison_view.h"
#include "widgets/compress/compress_panel.h"
#include "widgets/train/training_panel.h"

using namespace loupe;

class TestCompressView : public QObject {
    Q_OBJECT

private slots:
    void compressesTheTrainedRunIntoANewRun() {
        gui::MainWindow window;
        gui::Workbench workbench(&window);
        window.show();
        QToolButton* button = window.navigation()->button(gui::View::Compress);
        QVERIFY(!button->isEnabled());
        QCOMPARE(button->toolTip(), QString("Train a model first"));

        QSignalSpy opened(&window, &gui::MainWindow::datasetOpened);
        window.openFile(QStringLiteral(LOUPE_DATASETS "/breast_cancer.csv"), "diagnosis");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        train::ExperimentRequest quick = workbench.trainingPanel()->request();
        quick.train.epochs = 4;
        workbench.trainingPanel()->setRequest(quick);
        QSignalSpy trained(&workbench, &gui::Workbench::evaluationShown);
        workbench.trainingPanel()->start();
        QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 60000);
        QVERIFY(button->isEnabled());
        const auto original = workbench.projectController()->currentResult();

        widgets::CompressPanel* panel = workbench.compressPanel();
        QVERIFY2(panel->selectPlugin("quantize-int8"), "quantize-int8 not found");
        window.showView(gui::View::Compress);
        QSignalSpy shown(&workbench, &gui::Workbench::compressionShown);
        QSignalSpy failed(&workbench, &gui::Workbench::compressionFailed);
        panel->run();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count() + failed.count(), 1, 60000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(window.currentView(), gui::View::Compress);  // the view stays

        const gui::Project project = workbench.projectController()->snapshot();
        QCOMPARE(project.runs.size(), size_t(2));
        QVERIFY2(project.runs.back().name.startsWith("quantize-int8 (method=minmax"),
                 qPrintable(project.runs.back().name));
        const auto compressed = workbench.projectController()->currentResult();
        QVERIFY(compressed && compressed != original);
        QCOMPARE(compressed->predictions.rows, original->predictions.rows);
        QTableWidget* table = panel->comparison()->table();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), QString("original"));
        QCOMPARE(table->item(1, 0)->text(), project.runs.back().name);
    }
};

QTEST_MAIN(TestCompressView)
#include "test_compress_view.moc"
