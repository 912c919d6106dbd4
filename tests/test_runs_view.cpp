// The Runs view in the real window, offscreen, over a run database the test fills: the table
// shows the runs, the filter narrows them, a metric header sorts them (in SQL), archive and delete
// reach the database, the CSV export is written, two selected runs overlay two curves. Then a
// training run started in the window is recorded (epochs, finished, metrics, folder) in the
// unsaved project's database and goes with the project at its first save.

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "app/gui/main_window.h"
#include "app/gui/project/project_file.h"
#include "app/gui/project/recovery_file.h"
#include "app/gui/project/run_recorder.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "core/store/run_database.h"
#include "widgets/charts/line_chart.h"
#include "widgets/runs/run_comparison.h"
#include "widgets/runs/runs_panel.h"
#include "widgets/runs/runs_table_model.h"
#include "widgets/train/hyperparameter_form.h"
#include "widgets/train/training_panel.h"

using namespace loupe;
using gui::MainWindow;
using gui::View;
using gui::Workbench;
using store::RunStatus;

namespace {

const QString kCancer = QStringLiteral(LOUPE_DATASETS "/breast_cancer.csv");
constexpr int kWaitMs = 60000;

struct Bench {
    MainWindow window;
    Workbench workbench{&window};

    Bench() {
        project()->dialogs().askToSave = [](const QString&) { return gui::SaveAnswer::Discard; };
        project()->dialogs().askToRecover = [](const QString&, const QDateTime&) { return false; };
        window.show();
    }
    gui::ProjectController* project() const { return workbench.projectController(); }
    widgets::RunsPanel* panel() const { return workbench.runsPanel(); }
    widgets::RunsTableModel* model() const { return panel()->model(); }
    std::string database() const { return project()->runDatabasePath().toStdString(); }
    /// Every write asked so far is in the database.
    void settle() {
        workbench.runRecorder()->waitForIdle();
        QCoreApplication::processEvents();
    }
    /// Shows the Runs view and waits for its rows.
    bool showRuns(int rows) {
        window.showView(View::Runs);
        panel()->refresh();
        return QTest::qWaitFor([&] { return model()->rowCount() == rows; }, kWaitMs);
    }
};

/// Four runs: three trainings (accuracy 0.90, 0.95, 0.80; two with five epochs) and a
/// compression without history.
void fill(const std::string& path) {
    store::RunDatabase db(path);
    const double accuracy[] = {0.90, 0.95, 0.80};
    for (int i = 0; i < 3; ++i) {
        store::RunRecord run;
        run.kind = "train";
        run.name = "mlp " + std::to_string(i + 1);
        run.status = i == 2 ? RunStatus::Failed : RunStatus::Finished;
        run.startedAt = 1.7e9 + i * 60;
        run.finishedAt = run.startedAt + 10;
        run.config = {{"learning_rate", 0.001 * (i + 1)}, {"epochs", 5}};
        run.seed = static_cast<uint64_t>(i);
        run.datasetPath = "/data/breast_cancer.csv";
        run.metrics = {{"test.accuracy", accuracy[i]}, {"val.loss", 0.3 - 0.05 * i}};
        std::vector<store::EpochRow> epochs;
        if (i < 2)
            for (int e = 1; e <= 5; ++e)
                epochs.push_back({e, 1.0 / e, 1.1 / e + i * 0.01, 0.8, 0.001, e * 0.5});
        db.record(run, epochs);
    }
    store::RunRecord compress;
    compress.kind = "compress";
    compress.name = "int8 of mlp 2";
    compress.status = RunStatus::Finished;
    compress.startedAt = 1.7e9 + 500;
    compress.finishedAt = compress.startedAt + 2;
    compress.metrics = {{"test.accuracy", 0.94}};
    db.record(compress, {});
}

/// The field of the row labelled `label` in the form's layout.
QWidget* formField(QWidget* form, const QString& label) {
    auto* layout = qobject_cast<QFormLayout*>(form->layout());
    for (int row = 0; layout && row < layout->rowCount(); ++row) {
        QLayoutItem* item = layout->itemAt(row, QFormLayout::LabelRole);
        auto* text = item ? qobject_cast<QLabel*>(item->widget()) : nullptr;
        if (text && text->text() == label)
            return layout->itemAt(row, QFormLayout::FieldRole)->widget();
    }
    return nullptr;
}

std::vector<std::string> names(const widgets::RunsTableModel* model) {
    std::vector<std::string> out;
    for (int row = 0; row < model->rowCount(); ++row) out.push_back(model->run(row).name);
    return out;
}

void selectRows(widgets::RunsPanel* panel, std::initializer_list<int> rows) {
    panel->table()->clearSelection();
    for (int row : rows)
        panel->table()->selectionModel()->select(
            panel->model()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

}  // namespace

class TestRunsView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("LoupeTest");
        QCoreApplication::setApplicationName("test_runs_view");
        QDir(gui::RecoveryFile::folder()).removeRecursively();
    }

    void showsFiltersSortsAndExports() {
        Bench b;
        fill(b.database());
        QVERIFY(b.showRuns(4));
        // Newest first; the default metric columns include test accuracy.
        QCOMPARE(names(b.model()).front(), std::string("int8 of mlp 2"));
        const int accuracy = b.model()->columnOf("metric:test.accuracy");
        QVERIFY(accuracy >= widgets::RunsTableModel::kFixed);
        QCOMPARE(b.model()->data(b.model()->index(0, accuracy)).toString(), QString("0.9400"));

        // Typing narrows (each keystroke a query; the last answer stays).
        QTest::keyClicks(b.panel()->filterEdit(), "compress");
        QTRY_COMPARE_WITH_TIMEOUT(b.model()->rowCount(), 1, kWaitMs);
        b.panel()->filterEdit()->clear();
        QTRY_COMPARE_WITH_TIMEOUT(b.model()->rowCount(), 4, kWaitMs);
        b.panel()->statusCombo()->setCurrentText("failed");
        QTRY_COMPARE_WITH_TIMEOUT(b.model()->rowCount(), 1, kWaitMs);
        QCOMPARE(names(b.model()).front(), std::string("mlp 3"));
        b.panel()->statusCombo()->setCurrentIndex(0);
        QCOMPARE(b.panel()->kindCombo()->findText("compress") > 0, true);
        QTRY_COMPARE_WITH_TIMEOUT(b.model()->rowCount(), 4, kWaitMs);

        // A click on the metric's header sorts by it in the database.
        QHeaderView* header = b.panel()->table()->horizontalHeader();
        const int x = header->sectionViewportPosition(accuracy) + header->sectionSize(accuracy) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        const std::vector<std::string> byAccuracy = {"mlp 2", "int8 of mlp 2", "mlp 1", "mlp 3"};
        const std::vector<std::string> reversed(byAccuracy.rbegin(), byAccuracy.rend());
        QTRY_VERIFY_WITH_TIMEOUT(names(b.model()) == byAccuracy || names(b.model()) == reversed,
                                 kWaitMs);
        const bool descending = names(b.model()) == byAccuracy;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        QTRY_VERIFY_WITH_TIMEOUT(names(b.model()) == (descending ? reversed : byAccuracy), kWaitMs);

        // Export: the rows shown, with every metric.
        QTemporaryDir dir;
        const QString csv = dir.filePath("runs.csv");
        b.panel()->chooseCsvFile = [&] { return csv; };
        QSignalSpy exported(&b.workbench, &Workbench::runsExported);
        b.panel()->exportCsv();
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, kWaitMs);
        QCOMPARE(exported.at(0).at(1).toString(), QString());
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        QVERIFY(lines.front().startsWith("id,name,kind,status"));
        QVERIFY(lines.front().contains("test.accuracy"));
        QVERIFY(lines.front().contains("val.loss"));
    }

    void archiveDeleteAndNotesReachTheDatabase() {
        Bench b;
        fill(b.database());
        QVERIFY(b.showRuns(4));
        const int64_t first = b.model()->run(0).id, second = b.model()->run(1).id;

        selectRows(b.panel(), {0});
        b.panel()->archiveSelected(true);
        QTRY_COMPARE_WITH_TIMEOUT(b.model()->rowCount(), 3, kWaitMs);  // archived runs hide
        b.settle();
        QVERIFY(store::RunDatabase(b.database()).run(first)->archived);
        b.panel()->archivedCheck()->setChecked(true);
        QTRY_COMPARE_WITH_TIMEOUT(b.model()->rowCount(), 4, kWaitMs);

        int asked = 0;
        b.panel()->askDelete = [&](int count) {
            asked = count;
            return widgets::RunsPanel::DeleteAnswer::Cancel;
        };
        selectRows(b.panel(), {1});
        QCOMPARE(b.panel()->selectedIds(), std::vector<int64_t>{second});
        b.panel()->deleteSelected();
        QCOMPARE(asked, 1);
        b.settle();
        QCOMPARE(store::RunDatabase(b.database()).count(), int64_t(4));  // cancelled: kept
        b.panel()->askDelete = [](int) { return widgets::RunsPanel::DeleteAnswer::RunsOnly; };
        b.panel()->deleteSelected();
        QTRY_COMPARE_WITH_TIMEOUT(b.model()->rowCount(), 3, kWaitMs);
        b.settle();
        QCOMPARE(store::RunDatabase(b.database()).count(), int64_t(3));
        QVERIFY(!store::RunDatabase(b.database()).run(second));

        selectRows(b.panel(), {0});
        b.panel()->notesEdit()->setText("baseline");
        b.panel()->notesEdit()->setModified(true);
        emit b.panel()->notesEdit()->editingFinished();
        b.panel()->tagsEdit()->setText("keep, int8");
        b.panel()->tagsEdit()->setModified(true);
        emit b.panel()->tagsEdit()->editingFinished();
        b.settle();
        const auto run = store::RunDatabase(b.database()).run(b.model()->run(0).id);
        QCOMPARE(run->notes, std::string("baseline"));
        QCOMPARE(run->tags, (std::vector<std::string>{"keep", "int8"}));
    }

    void twoSelectedRunsOverlayTwoCurves() {
        Bench b;
        fill(b.database());
        QVERIFY(b.showRuns(4));
        // Rows 2 and 3 (newest first) are mlp 2 and mlp 1, the two with history.
        selectRows(b.panel(), {2, 3});
        widgets::RunComparison* comparison = b.panel()->comparison();
        QTRY_COMPARE_WITH_TIMEOUT(comparison->curves()->seriesCount(), 2, kWaitMs);
        QCOMPARE(comparison->curves()->points(0).size(), size_t(5));
        QCOMPARE(comparison->curves()->points(1).size(), size_t(5));
        QCOMPARE(comparison->metricTable()->columnCount(), 2);
        QCOMPARE(comparison->metricTable()->rowCount(), 2);  // test.accuracy, val.loss
        // The scatter offers the configs' numbers against the metrics.
        QVERIFY(comparison->parameterCombo()->findText("learning_rate") >= 0);
    }

    void aTrainingRunIsRecordedAndSavedWithTheProject() {
        Bench b;
        QSignalSpy opened(&b.window, &MainWindow::datasetOpened);
        b.project()->openDataset(kCancer, "diagnosis");
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() > 0, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(b.workbench.trainingPanel()->request().target,
                                  std::string("diagnosis"), kWaitMs);
        auto* epochsBox = qobject_cast<QSpinBox*>(
            formField(b.workbench.trainingPanel()->hyperparameters(), "Epochs"));
        QVERIFY(epochsBox);
        epochsBox->setValue(6);
        QCOMPARE(b.workbench.trainingPanel()->request().train.epochs, int64_t(6));

        QSignalSpy written(b.project(), &gui::ProjectController::runWritten);
        b.window.showView(View::Train);
        QTest::mouseClick(b.workbench.trainingPanel()->startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, kWaitMs);
        const QString folder = written.at(0).at(0).toString();
        b.settle();

        // Untitled: beside the recovery file.
        QVERIFY(b.project()->file().isEmpty());
        QVERIFY(b.project()->runDatabasePath().endsWith(".runs/runs.sqlite"));
        {
            store::RunDatabase db(b.database());
            const auto runs = db.runs();
            QCOMPARE(runs.size(), size_t(1));
            const store::RunRecord& run = runs.front();
            QCOMPARE(run.kind, std::string("train"));
            QVERIFY(run.status == RunStatus::Finished);
            QCOMPARE(run.folder, folder.toStdString());
            QVERIFY2(!run.device.empty() && run.device != "auto", run.device.c_str());  // resolved
            QCOMPARE(run.config["epochs"].get<int64_t>(), int64_t(6));
            QVERIFY(run.datasetFingerprint.rfind("xxh3:", 0) == 0);
            QVERIFY(run.metrics.count("test.accuracy") == 1);
            QVERIFY(std::isfinite(run.durationSeconds()));
            const auto epochs = db.epochs(run.id);
            QCOMPARE(epochs.size(), size_t(6));
            QCOMPARE(epochs.back().epoch, int64_t(6));
        }
        QVERIFY(b.showRuns(1));

        // The first save takes the run along, its folder now the project's.
        QTemporaryDir dir;
        const QString file = dir.filePath("cancer.loupe");
        QVERIFY(b.project()->saveTo(file));
        const auto path = store::RunDatabase::pathFor(file.toStdString());
        QCOMPARE(b.project()->runDatabasePath().toStdString(), path.string());
        store::RunDatabase saved(path);
        const auto runs = saved.runs();
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(QString::fromStdString(runs.front().folder),
                 QDir(gui::runsFolderOf(file)).filePath(QFileInfo(folder).fileName()));
        QCOMPARE(saved.epochs(runs.front().id).size(), size_t(6));
    }
};

QTEST_MAIN(TestRunsView)
#include "test_runs_view.moc"
