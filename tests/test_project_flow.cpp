// Projects in the real window, offscreen: the Done-when path with the mouse (open
// breast_cancer.csv, choose the target in its combo, Start, read Evaluate, click a confusion cell,
// Save As) and a new window that restores everything from the file; Save/Discard/Cancel before
// unsaved work is replaced; autosave and the offer to restore after a crash; a missing dataset.

#include <QAbstractItemView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/app_paths.h"
#include "app/gui/main_window.h"
#include "app/gui/message_banner.h"
#include "app/gui/project/project_file.h"
#include "app/gui/project/recovery_file.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "widgets/charts/line_chart.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/data/row_proxy_model.h"
#include "widgets/evaluate/confusion_matrix_view.h"
#include "widgets/evaluate/evaluate_panel.h"
#include "widgets/evaluate/metrics_table.h"
#include "widgets/evaluate/threshold_control.h"
#include "widgets/train/hyperparameter_form.h"
#include "widgets/train/model_builder.h"
#include "widgets/train/training_charts.h"
#include "widgets/train/training_panel.h"

using namespace loupe;
using gui::MainWindow;
using gui::ProjectController;
using gui::SaveAnswer;
using gui::View;
using gui::Workbench;

namespace {

const QString kCancer = QStringLiteral(LOUPE_DATASETS "/breast_cancer.csv");
const QString kIris = QStringLiteral(LOUPE_DATASETS "/iris.csv");
constexpr int kWaitMs = 60000;

/// The window and its workbench, shown, with questions that fail the test unless a test answers.
struct Bench {
    MainWindow window;
    Workbench workbench{&window};
    int askedToSave = 0;

    Bench() {
        project()->dialogs().askToSave = [this](const QString&) {
            ++askedToSave;
            return SaveAnswer::Cancel;
        };
        project()->dialogs().askToRecover = [](const QString&, const QDateTime&) {
            qWarning("unexpected recovery question");
            return false;
        };
        project()->dialogs().locateDataset = [](const QString&) { return QString(); };
        project()->dialogs().chooseSaveFile = [](const QString&) { return QString(); };
        window.show();
    }
    ProjectController* project() const { return workbench.projectController(); }
    widgets::DatasetBrowser* browser() const { return window.dataBrowser(); }
    widgets::TrainingPanel* training() const { return workbench.trainingPanel(); }
    /// Waits for the next dataset read to finish.
    bool waitForDataset(QSignalSpy& spy) { return spy.wait(kWaitMs) || spy.count() > 0; }
};

QComboBox* targetCombo(widgets::DatasetBrowser* browser) {
    for (QComboBox* box : browser->findChildren<QComboBox*>())
        if (box->toolTip().contains("predict")) return box;
    return nullptr;
}

/// Chooses `name` in the target combo with the mouse: open the popup, click the entry.
void clickTarget(widgets::DatasetBrowser* browser, const QString& name) {
    QComboBox* combo = targetCombo(browser);
    QVERIFY(combo);
    QTest::mouseClick(combo, Qt::LeftButton);
    QAbstractItemView* popup = combo->view();
    QTRY_VERIFY(popup->isVisible());
    // The popup ignores a release within a double-click interval of opening (the opening
    // click's own release); a user's next click comes later.
    QTest::qWait(QApplication::doubleClickInterval() + 50);
    const QModelIndex entry = popup->model()->index(combo->findData(name), 0);
    popup->scrollTo(entry);
    QTest::mouseClick(popup->viewport(), Qt::LeftButton, {}, popup->visualRect(entry).center());
    QTRY_COMPARE(browser->model()->targetName(), name);
}

/// The field of the row labelled `label` in the form's layout.
QWidget* formField(QWidget* form, const QString& label) {
    auto* layout = qobject_cast<QFormLayout*>(form->layout());
    for (int row = 0; layout && row < layout->rowCount(); ++row) {
        // A spanning row (the schedule's own form) has no label item.
        QLayoutItem* item = layout->itemAt(row, QFormLayout::LabelRole);
        auto* text = item ? qobject_cast<QLabel*>(item->widget()) : nullptr;
        if (text && text->text() == label)
            return layout->itemAt(row, QFormLayout::FieldRole)->widget();
    }
    return nullptr;
}

/// Types `value` into a spin box as a user would.
void typeInto(QAbstractSpinBox* box, const QString& value) {
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, value);
    QTest::keyClick(box, Qt::Key_Enter);
}

QStringList tableText(const QTableWidget* table) {
    QStringList cells;
    for (int r = 0; r < table->rowCount(); ++r)
        for (int c = 0; c < table->columnCount(); ++c)
            cells << (table->item(r, c) ? table->item(r, c)->text() : QString());
    return cells;
}

QString reportsText(const std::shared_ptr<const train::ExperimentResult>& result) {
    QString text;
    for (const auto& [split, report] : result->reports)
        text += QString::fromStdString(split + report.dump());
    return text;
}

/// Writes what a crashed session would have left: a recovery file without a live lock.
QString writeLeftBehind(const gui::Project& project, const QString& projectFile,
                        const QDateTime& saved, const QString& name) {
    QDir().mkpath(gui::RecoveryFile::folder());
    const QString path = QDir(gui::RecoveryFile::folder()).filePath(name);
    QJsonObject root = QJsonDocument::fromJson(gui::projectToJson(project, path)).object();
    root.insert("recovery", QJsonObject{{"project_file", projectFile},
                                        {"name", "crashed"},
                                        {"saved", saved.toString(Qt::ISODate)}});
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) file.write(QJsonDocument(root).toJson());
    return path;
}

}  // namespace

class TestProjectFlow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // settings and recovery files in a test place
        QCoreApplication::setOrganizationName("LoupeTest");
        QCoreApplication::setApplicationName("test_project_flow");
        QDir(gui::RecoveryFile::folder()).removeRecursively();
    }

    void doneWhenPathWithTheMouseThenRestored() {
        QTemporaryDir dir;
        const QString file = dir.filePath("cancer.loupe");
        QStringList metrics;
        QString reports;
        {
            Bench a;
            QSignalSpy opened(&a.window, &MainWindow::datasetOpened);
            a.window.openFile(kCancer);
            QVERIFY(a.waitForDataset(opened));
            QVERIFY(!a.window.isWindowModified());
            clickTarget(a.browser(), "diagnosis");
            QVERIFY(a.window.isWindowModified());
            QCOMPARE(a.window.windowTitle(), QString("breast_cancer.csv[*] — Loupe"));

            // A column ignored, a layer's dropout, fewer epochs and another seed.
            widgets::DatasetModel* model = a.browser()->model();
            model->setColumnRole(static_cast<int>(model->table()->columnIndex("mean_area")),
                                 widgets::ColumnRole::Ignore);
            widgets::ModelBuilder* builder = a.training()->modelBuilder();
            typeInto(qobject_cast<QDoubleSpinBox*>(builder->table()->cellWidget(1, 2)), "0.1");
            typeInto(qobject_cast<QSpinBox*>(formField(a.training()->hyperparameters(), "Epochs")),
                     "20");
            typeInto(qobject_cast<QSpinBox*>(formField(a.training()->hyperparameters(), "Seed")),
                     "5");
            QCOMPARE(a.training()->request().train.epochs, int64_t(20));

            QSignalSpy shown(&a.workbench, &Workbench::evaluationShown);
            a.window.showView(View::Train);
            QTest::mouseClick(a.training()->startButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kWaitMs);
            QVERIFY(a.workbench.evaluatePanel()->isVisible());
            QCOMPARE(a.training()->charts()->lossChart()->points(0).size(), size_t(20));
            // The run's decision threshold is kept with it.
            a.workbench.evaluatePanel()->thresholdControl()->setThreshold(0.3);
            QVERIFY2(a.window.statusBar()->currentMessage().startsWith("Trained 20 epochs"),
                     qPrintable(a.window.statusBar()->currentMessage()));
            metrics = tableText(a.workbench.evaluatePanel()->metricsTable());
            reports = reportsText(a.project()->currentResult());
            QVERIFY(!metrics.isEmpty());

            // A confusion cell lists its rows in the Data view.
            widgets::ConfusionMatrixView* cells = a.workbench.evaluatePanel()->confusionView();
            QTest::mouseClick(cells, Qt::LeftButton, {}, cells->cellRect(1, 1).center());
            QTRY_VERIFY(a.browser()->isVisible());
            QVERIFY(a.browser()->rows()->hasRowSubset());
            QVERIFY(a.browser()->rows()->rowCount() > 0);

            a.project()->dialogs().chooseSaveFile = [&](const QString&) { return file; };
            a.project()->saveAsAction()->trigger();
            QVERIFY(!a.window.isWindowModified());
            QCOMPARE(a.window.windowTitle(), QString("cancer[*] — Loupe"));
            for (const char* name : {"model.h5", "metrics.json", "history.csv", "predictions.csv"})
                QVERIFY2(QFileInfo::exists(dir.filePath("cancer.runs/run-1/") + name), name);
            // The run folder is loupe-cli's: evaluate reads its model.
            QProcess cli;
            cli.start(LOUPE_CLI, {"evaluate", dir.filePath("cancer.runs/run-1/model.h5"), kCancer,
                                  "--out", dir.filePath("eval"), "--quiet"});
            QVERIFY(cli.waitForFinished(kWaitMs));
            QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
            QVERIFY(QFileInfo::exists(dir.filePath("eval/metrics.json")));
            QVERIFY(!QFileInfo::exists(a.project()->recoveryPath()));
            QVERIFY(a.window.close());
            QCOMPARE(a.askedToSave, 0);
        }

        Bench b;
        QSignalSpy restored(b.project(), &ProjectController::projectOpened);
        b.window.openFile(file);
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, kWaitMs);
        QCOMPARE(b.window.windowTitle(), QString("cancer[*] — Loupe"));
        QVERIFY(!b.window.isWindowModified());
        QVERIFY(!b.window.banner()->isVisible());
        QCOMPARE(b.browser()->rows()->rowCount(), 569);
        widgets::DatasetModel* model = b.browser()->model();
        QCOMPARE(model->targetName(), QString("diagnosis"));
        QVERIFY(model->columnRole(static_cast<int>(model->table()->columnIndex("mean_area"))) ==
                widgets::ColumnRole::Ignore);
        const train::ExperimentRequest request = b.training()->request();
        QCOMPARE(request.model.dropouts, (std::vector<float>{0.0f, 0.1f}));
        QCOMPARE(request.train.epochs, int64_t(20));
        QCOMPARE(request.train.seed, uint64_t(5));
        QCOMPARE(request.features.size(), size_t(29));
        QCOMPARE(reportsText(b.project()->currentResult()), reports);
        QCOMPARE(tableText(b.workbench.evaluatePanel()->metricsTable()), metrics);
        QCOMPARE(b.workbench.evaluatePanel()->thresholdControl()->threshold(), 0.3);
        QCOMPARE(b.training()->charts()->lossChart()->points(0).size(), size_t(20));
        QCOMPARE(b.window.currentView(), View::Data);

        // Another run goes beside the project at once (written off the UI thread), then the
        // unsaved project is autosaved with it.
        QSignalSpy shown(&b.workbench, &Workbench::evaluationShown);
        b.window.showView(View::Train);
        QTest::mouseClick(b.training()->startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kWaitMs);
        QVERIFY(b.window.isWindowModified());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(dir.filePath("cancer.runs/run-2/model.h5")),
                                 kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(b.project()->recoveryPath()), kWaitMs);
        QCOMPARE(gui::loadProject(b.project()->recoveryPath()).runs.size(), size_t(2));

        // An edit marks it unsaved; closing asks, and Cancel keeps the window open.
        typeInto(qobject_cast<QSpinBox*>(formField(b.training()->hyperparameters(), "Epochs")),
                 "21");
        QVERIFY(b.window.isWindowModified());
        QVERIFY(!b.window.close());
        QCOMPARE(b.askedToSave, 1);
        QVERIFY(b.window.isVisible());
        b.project()->dialogs().askToSave = [](const QString&) { return SaveAnswer::Save; };
        const QString recovery = b.project()->recoveryPath();
        QVERIFY(b.window.close());
        const gui::Project saved = gui::loadProject(file);
        QCOMPARE(saved.training.config.epochs, int64_t(21));
        QCOMPARE(saved.runs.size(), size_t(2));
        QCOMPARE(saved.currentRun, 1);
        QVERIFY(!QFileInfo::exists(recovery));
    }

    void unsavedWorkIsAskedAbout() {
        Bench a;
        QSignalSpy opened(&a.window, &MainWindow::datasetOpened);
        a.window.openFile(kCancer, "diagnosis");
        QVERIFY(a.waitForDataset(opened));
        QVERIFY(!a.window.isWindowModified());  // a dataset just opened loses nothing
        QVERIFY(a.browser()->setTarget("mean_radius"));
        QVERIFY(a.window.isWindowModified());

        // Cancel: nothing changes.
        a.window.openFile(kIris, "species");
        QCOMPARE(a.askedToSave, 1);
        QTest::qWait(50);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(a.browser()->model()->targetName(), QString("mean_radius"));
        a.project()->newProject();
        QCOMPARE(a.askedToSave, 2);
        QVERIFY(a.window.table());

        // Save, but the file dialog is cancelled: still nothing changes.
        a.project()->dialogs().askToSave = [&](const QString&) {
            ++a.askedToSave;
            return SaveAnswer::Save;
        };
        QVERIFY(!a.project()->openProject(gui::sampleProject()));
        QVERIFY(a.window.isWindowModified());

        // Discard: the other dataset opens as a new untitled project.
        a.project()->dialogs().askToSave = [&](const QString&) { return SaveAnswer::Discard; };
        a.window.openFile(kIris, "species");
        QVERIFY(a.waitForDataset(opened));
        QCOMPARE(a.browser()->rows()->rowCount(), 150);
        QVERIFY(!a.window.isWindowModified());
        QCOMPARE(a.window.windowTitle(), QString("iris.csv[*] — Loupe"));
        a.project()->newProject();
        QVERIFY(!a.window.table());
        QCOMPARE(a.window.windowTitle(), QString("Untitled[*] — Loupe"));
    }

    void sampleOpensAsAnUntitledCopy() {
        Bench a;
        QSignalSpy restored(a.project(), &ProjectController::projectOpened);
        a.window.openSample();
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, kWaitMs);
        QCOMPARE(a.project()->file(), QString());
        QCOMPARE(a.window.windowTitle(), QString("breast_cancer[*] — Loupe"));
        QCOMPARE(a.browser()->model()->targetName(), QString("diagnosis"));
        QCOMPARE(a.browser()->rows()->rowCount(), 569);
        QString suggested;
        a.project()->dialogs().chooseSaveFile = [&](const QString& s) {
            suggested = s;
            return QString();
        };
        QVERIFY(!a.project()->save());
        QVERIFY2(suggested.endsWith("/breast_cancer.loupe"), qPrintable(suggested));
        QVERIFY(!suggested.startsWith(QFileInfo(gui::sampleProject()).absolutePath()));
    }

    void autosaveWritesARecoveryFileThatASaveRemoves() {
        QTemporaryDir dir;
        Bench a;
        a.project()->setAutosaveInterval(20);
        QSignalSpy opened(&a.window, &MainWindow::datasetOpened);
        a.window.openFile(kIris);
        QVERIFY(a.waitForDataset(opened));
        clickTarget(a.browser(), "species");
        QTRY_VERIFY(QFileInfo::exists(a.project()->recoveryPath()));
        const QString recovery = a.project()->recoveryPath();
        QVERIFY(recovery.startsWith(gui::RecoveryFile::folder()));
        QCOMPARE(gui::loadProject(recovery).target, QString("species"));

        // A window still open keeps its recovery file to itself.
        {
            Bench other;
            QVERIFY(!other.project()->offerRecovery());
        }
        QVERIFY(a.project()->saveTo(dir.filePath("iris.loupe")));
        QVERIFY(!QFileInfo::exists(recovery));
        QVERIFY(QFileInfo::exists(dir.filePath("iris.loupe")));
    }

    void workLeftByACrashIsOfferedBack() {
        QTemporaryDir dir;
        gui::Project crashed;
        crashed.dataset = kIris;
        crashed.target = "species";
        crashed.columns.push_back({"sepal_width", widgets::ColumnRole::Ignore, std::nullopt});
        crashed.training.config.epochs = 7;
        crashed.training.layers.hidden = {12};
        crashed.view = "train";
        const QDateTime saved = QDateTime(QDate(2024, 3, 2), QTime(10, 4, 0));
        const QString original = dir.filePath("flowers.loupe");
        const QString left = writeLeftBehind(crashed, original, saved, "crashed-1.loupe");

        Bench a;
        QDateTime askedAbout;
        a.project()->dialogs().askToRecover = [&](const QString&, const QDateTime& when) {
            askedAbout = when;
            return true;
        };
        QSignalSpy restored(a.project(), &ProjectController::projectOpened);
        QVERIFY(a.project()->offerRecovery());
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, kWaitMs);
        QCOMPARE(askedAbout, saved);
        QCOMPARE(a.project()->file(), original);
        QVERIFY(a.window.isWindowModified());  // restored work is unsaved work
        QCOMPARE(a.browser()->rows()->rowCount(), 150);
        QCOMPARE(a.browser()->model()->targetName(), QString("species"));
        QCOMPARE(a.training()->request().train.epochs, int64_t(7));
        QCOMPARE(a.training()->request().model.hidden, (std::vector<int64_t>{12}));
        QCOMPARE(a.training()->request().features.size(), size_t(3));
        QCOMPARE(a.window.currentView(), View::Train);
        // The recovered file is this window's now, until a save makes it unnecessary.
        QCOMPARE(a.project()->recoveryPath(), left);
        QVERIFY(a.project()->save());
        QVERIFY(!QFileInfo::exists(left));
        QCOMPARE(gui::loadProject(original).target, QString("species"));

        // Discarded, it is gone and nothing changes.
        const QString again = writeLeftBehind(crashed, QString(), saved, "crashed-2.loupe");
        Bench b;
        b.project()->dialogs().askToRecover = [](const QString&, const QDateTime&) {
            return false;
        };
        QVERIFY(!b.project()->offerRecovery());
        QVERIFY(!QFileInfo::exists(again));
        QVERIFY(!b.window.table());
    }

    void missingDatasetCanBeLocated() {
        QTemporaryDir dir;
        gui::Project p;
        p.dataset = dir.filePath("moved/iris.csv");
        p.target = "species";
        const QString file = dir.filePath("flowers.loupe");
        gui::saveProject(p, file);

        Bench a;  // not located: the project opens without its data and says so
        QSignalSpy restored(a.project(), &ProjectController::projectOpened);
        QVERIFY(a.project()->openProject(file));
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, kWaitMs);
        QVERIFY(!a.window.table());
        QVERIFY(a.window.banner()->isVisible());
        QVERIFY2(a.window.banner()->text().contains(p.dataset),
                 qPrintable(a.window.banner()->text()));
        QCOMPARE(a.project()->snapshot().target, QString("species"));  // kept for the next save

        QVERIFY(QFile::copy(kIris, dir.filePath("iris-copy.csv")));
        QString missing;
        a.project()->dialogs().locateDataset = [&](const QString& m) {
            missing = m;
            return dir.filePath("iris-copy.csv");
        };
        QVERIFY(a.project()->openProject(file));
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 2, kWaitMs);
        QCOMPARE(missing, p.dataset);
        QCOMPARE(a.browser()->rows()->rowCount(), 150);
        QCOMPARE(a.browser()->model()->targetName(), QString("species"));
        QVERIFY(a.window.isWindowModified());  // the new place is saved with the project
        QCOMPARE(a.project()->snapshot().dataset, dir.filePath("iris-copy.csv"));
    }

    void unreadableProjectShowsWhy() {
        QTemporaryDir dir;
        const QString file = dir.filePath("broken.loupe");
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("{\n  \"loupe_project\": 1,\n  oops\n}\n");
        out.close();
        Bench a;
        QSignalSpy failed(a.project(), &ProjectController::openFailed);
        QVERIFY(!a.project()->openProject(file));
        QCOMPARE(failed.count(), 1);
        QVERIFY2(a.window.banner()->text().startsWith(file + ":3:"),
                 qPrintable(a.window.banner()->text()));
    }
};

QTEST_MAIN(TestProjectFlow)
#include "test_project_flow.moc"
