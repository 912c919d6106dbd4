// The Compress view in the window: its button is off until a model exists; Run compresses the
// trained run with a real plugin (quantize-int8 from <build>/lib/loupe/plugins), adds the result
// to the project as a run named after the plugin and its parameters, makes it the run the other
// views (and File > Export Model…) show, and lists it beside the original. Each compression is a
// run of the project's run database (kind "compress"): finished with the comparison's numbers
// and its run folder, or failed with the reason; the Runs view's kind list offers it. The
// comparison is saved with the project: reopened in a new window, the table has the same rows.

#include <QComboBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <cmath>

#include "app/gui/main_window.h"
#include "app/gui/navigation_strip.h"
#include "app/gui/project/recovery_file.h"
#include "app/gui/project/run_recorder.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "core/store/run_database.h"
#include "widgets/compress/comparison_view.h"
#include "widgets/compress/compress_panel.h"
#include "widgets/runs/runs_panel.h"
#include "widgets/runs/runs_table_model.h"
#include "widgets/train/training_panel.h"

using namespace loupe;

namespace {

/// The runs of `kind` in the window's run database, once every write asked so far is done.
std::vector<store::RunRecord> recorded(gui::Workbench& workbench, const std::string& kind) {
    workbench.runRecorder()->waitForIdle();
    std::vector<store::RunRecord> runs;
    const std::string path = workbench.projectController()->runDatabasePath().toStdString();
    for (store::RunRecord& run : store::RunDatabase(path).runs())
        if (run.kind == kind) runs.push_back(std::move(run));
    return runs;
}

}  // namespace

class TestCompressView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // The untitled project's runs go beside its recovery file: a test folder, emptied.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("LoupeTest");
        QCoreApplication::setApplicationName("test_compress_view");
        QDir(gui::RecoveryFile::folder()).removeRecursively();
    }

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
        // Its folder written, the compression's record names it as the source's.
        QTRY_VERIFY_WITH_TIMEOUT(!workbench.projectController()->currentRunFolder().isEmpty(),
                                 60000);

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
        // The project keeps the comparison, each row naming its run; the new row is a change.
        QVERIFY(workbench.projectController()->isModified());
        QCOMPARE(project.compression.models.size(), size_t(2));
        QCOMPARE(project.compression.models[0].run, project.runs[0].id);
        QCOMPARE(project.compression.models[1].run, project.runs[1].id);

        // The run database: the training and the compression, finished, with the comparison's
        // numbers and, once RunWriter has written it, the compressed run's folder.
        QCOMPARE(recorded(workbench, "train").size(), size_t(1));
        QTRY_VERIFY_WITH_TIMEOUT(!workbench.projectController()->currentRunFolder().isEmpty(),
                                 60000);
        const QString folder = workbench.projectController()->currentRunFolder();
        std::vector<store::RunRecord> runs = recorded(workbench, "compress");
        QCOMPARE(runs.size(), size_t(1));
        const store::RunRecord& run = runs.front();
        QCOMPARE(QString::fromStdString(run.name), project.runs.back().name);
        QVERIFY(run.status == store::RunStatus::Finished);
        QVERIFY(run.error.empty());
        QCOMPARE(run.folder, folder.toStdString());
        QCOMPARE(run.config["plugin"].get<std::string>(), std::string("quantize-int8"));
        QCOMPARE(run.config["parameters"]["method"].get<std::string>(), std::string("minmax"));
        QCOMPARE(run.config["source"]["parameters"].get<int64_t>(),
                 original->model.parameterCount());
        QCOMPARE(run.config["source"]["training"]["epochs"].get<int64_t>(), int64_t(4));
        QVERIFY(run.config["source"].contains("folder"));  // the trained run's, written by then
        QCOMPARE(run.datasetPath, std::string(LOUPE_DATASETS "/breast_cancer.csv"));
        QVERIFY(run.datasetFingerprint.rfind("xxh3:", 0) == 0);
        QCOMPARE(run.seed, quick.train.seed);  // the source's: int8 has no seed of its own
        QVERIFY2(!run.device.empty() && run.device != "auto", run.device.c_str());
        QVERIFY(std::isfinite(run.durationSeconds()));
        for (const char* name :
             {"test.accuracy", "original.accuracy", "compressed.accuracy", "original.size_bytes",
              "compressed.size_bytes", "compressed.size_ratio", "compressed.accuracy_change"})
            QVERIFY2(run.metrics.count(name) == 1, name);
        QVERIFY(run.metrics.at("compressed.size_bytes") < run.metrics.at("original.size_bytes"));
        QCOMPARE(run.metrics.at("compressed.parameters"),
                 double(compressed->model.parameterCount()));
        // The comparison row of the view and the run agree.
        QCOMPARE(
            run.metrics.at("compressed.accuracy"),
            run.metrics.at("original.accuracy") + run.metrics.at("compressed.accuracy_change"));

        // A bad parameter: the run is recorded as failed, with the plugin's reason.
        QSignalSpy failedAgain(&workbench, &gui::Workbench::compressionFailed);
        emit panel->runRequested("quantize-int8", {{"percentile", 200.0}});
        QTRY_COMPARE_WITH_TIMEOUT(failedAgain.count(), 1, 60000);
        runs = recorded(workbench, "compress");
        QCOMPARE(runs.size(), size_t(2));
        const store::RunRecord& bad = runs.front().id > runs.back().id ? runs.front() : runs.back();
        QVERIFY(bad.status == store::RunStatus::Failed);
        QVERIFY2(QString::fromStdString(bad.error).contains("percentile"), bad.error.c_str());
        QCOMPARE(bad.config["plugin"].get<std::string>(), std::string("quantize-int8"));

        // The Runs view lists both kinds; its kind list narrows to the compressions.
        window.showView(gui::View::Runs);
        widgets::RunsPanel* runsPanel = workbench.runsPanel();
        runsPanel->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(runsPanel->model()->rowCount(), 3, 60000);
        const int kind = runsPanel->kindCombo()->findText("compress");
        QVERIFY(kind > 0);
        runsPanel->kindCombo()->setCurrentIndex(kind);
        QTRY_COMPARE_WITH_TIMEOUT(runsPanel->model()->rowCount(), 2, 60000);
        for (int row = 0; row < 2; ++row)
            QCOMPARE(runsPanel->model()->run(row).kind, std::string("compress"));

        // Saved and reopened in a new window, the Compress view shows the same rows.
        QTemporaryDir dir;
        const QString file = dir.filePath("compressed.loupe");
        QVERIFY(workbench.projectController()->saveTo(file));
        const auto cellsOf = [](QTableWidget* t) {
            QStringList texts;
            for (int row = 0; row < t->rowCount(); ++row)
                for (int column = 0; column < t->columnCount(); ++column)
                    texts << (t->item(row, column) ? t->item(row, column)->text() : QString());
            return texts;
        };
        const QStringList cells = cellsOf(table);
        gui::MainWindow reopened;
        gui::Workbench second(&reopened);
        QSignalSpy restored(second.projectController(), &gui::ProjectController::projectOpened);
        QSignalSpy sourceRead(&second, &gui::Workbench::compressSourceRestored);
        QVERIFY(second.projectController()->openProject(file));
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, 60000);
        QTableWidget* again = second.compressPanel()->comparison()->table();
        QCOMPARE(again->rowCount(), 2);
        QCOMPARE(again->columnCount(), table->columnCount());
        QCOMPARE(cellsOf(again), cells);
        QVERIFY(!second.projectController()->isModified());
        // The shown run is the compressed one; Run compresses the original again, read back
        // for it, and adds a third row to the same comparison.
        QTRY_COMPARE_WITH_TIMEOUT(sourceRead.count(), 1, 60000);
        QCOMPARE(cellsOf(again), cells);
        QVERIFY(second.compressPanel()->selectPlugin("quantize-int8"));
        QSignalSpy shownAgain(&second, &gui::Workbench::compressionShown);
        QSignalSpy failedOnReopen(&second, &gui::Workbench::compressionFailed);
        second.compressPanel()->run();
        QTRY_COMPARE_WITH_TIMEOUT(shownAgain.count() + failedOnReopen.count(), 1, 120000);
        QVERIFY2(failedOnReopen.isEmpty(), qPrintable(second.compressPanel()->errorText()));
        QCOMPARE(again->rowCount(), 3);
        QCOMPARE(cellsOf(again).mid(0, 2 * table->columnCount()), cells);  // the original kept
        const gui::Project next = second.projectController()->snapshot();
        QCOMPARE(next.compression.models.size(), size_t(3));
        for (size_t i = 0; i < 3; ++i) QCOMPARE(next.compression.models[i].run, next.runs[i].id);
    }
};

QTEST_MAIN(TestCompressView)
#include "test_compress_view.moc"
