// DatasetLoader: a cancelled read reports only cancelled() and its thread stops; a newer load
// supersedes an older one; and the window's Cancel button beside the progress gives a read up,
// leaving the dataset shown as it was and the project flow no longer waiting for it.

#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "app/gui/dataset_loader.h"
#include "app/gui/main_window.h"
#include "app/gui/project/project_dialogs.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/data/row_proxy_model.h"

using loupe::gui::DatasetLoader;
using loupe::gui::MainWindow;

class TestDatasetLoader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_large;
    const QString m_iris = QStringLiteral(LOUPE_DATASETS "/iris.csv");

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("LoupeTest");
        QCoreApplication::setApplicationName("test_dataset_loader");
        m_large = m_dir.filePath("large.csv");
        QFile file(m_large);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray text = "a,b,c\n";
        for (int i = 0; i < 300000; ++i) text += QByteArray::number(i) + ",0.25,label\n";
        file.write(text);
    }
    void cancelReportsOnlyCancelled() {
        DatasetLoader loader;
        QSignalSpy loaded(&loader, &DatasetLoader::loaded);
        QSignalSpy failed(&loader, &DatasetLoader::failed);
        QSignalSpy cancelled(&loader, &DatasetLoader::cancelled);
        QSignalSpy active(&loader, &DatasetLoader::activeChanged);
        loader.cancel();  // nothing to cancel
        QCOMPARE(cancelled.count(), 0);

        loader.load(m_large);
        QVERIFY(loader.active());
        loader.cancel();
        QVERIFY(!loader.active());
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(cancelled.first().at(0).toString(), m_large);
        QCOMPARE(active.count(), 2);
        QTRY_VERIFY(!loader.busy());  // the reader thread has stopped
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(failed.count(), 0);

        loader.load(m_iris);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        QCOMPARE(loaded.first().at(0).toString(), m_iris);
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!loader.active());
    }
    void newerLoadSupersedes() {
        DatasetLoader loader;
        QSignalSpy loaded(&loader, &DatasetLoader::loaded);
        QSignalSpy failed(&loader, &DatasetLoader::failed);
        loader.load(m_large);
        loader.load(m_iris);
        QTRY_VERIFY(!loader.busy());
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.first().at(0).toString(), m_iris);
        QCOMPARE(failed.count(), 0);
    }
    void windowCancelKeepsTheDatasetShown() {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openFile(m_iris, "species");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        const auto iris = window.table();

        auto* cancel = window.findChild<QToolButton*>("cancelRead");
        QVERIFY(cancel);
        QVERIFY(!cancel->isVisible());
        window.openFile(m_large);
        QVERIFY(cancel->isVisible());
        cancel->click();
        QVERIFY(!cancel->isVisible());
        QVERIFY(window.statusBar()->currentMessage().contains("large.csv"));
        auto* loader = window.findChild<DatasetLoader*>();
        QVERIFY(loader);
        QTRY_VERIFY(!loader->busy());
        QCOMPARE(opened.count(), 1);
        QCOMPARE(window.table(), iris);
        QCOMPARE(window.dataBrowser()->rows()->rowCount(), 150);
        QCOMPARE(window.dataBrowser()->model()->targetName(), QString("species"));

        // The window still opens files afterwards.
        window.openFile(m_large);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, 20000);
        QCOMPARE(window.table()->rowCount(), int64_t(300000));
        QVERIFY(!cancel->isVisible());
    }
    void cancelEndsTheProjectsRead() {
        // With the workbench, reads go through the project flow; a cancelled one must not leave
        // it waiting (it would ignore the user's changes as "still loading").
        MainWindow window;
        loupe::gui::Workbench workbench(&window);
        auto* project = workbench.projectController();
        project->dialogs().askToSave = [](const QString&) {
            return loupe::gui::SaveAnswer::Discard;
        };
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openFile(m_iris, "species");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QSignalSpy failed(&window, &MainWindow::openFailed);
        window.openFile(m_large);
        window.findChild<QToolButton*>("cancelRead")->click();
        QCOMPARE(failed.count(), 1);  // the project flow hears of a read that did not happen
        QVERIFY(!project->isOpening());
        QVERIFY(window.dataBrowser()->setTarget("sepal_length"));
        QVERIFY(project->isModified());
        QCOMPARE(window.table()->rowCount(), int64_t(150));
    }
};

QTEST_MAIN(TestDatasetLoader)
#include "test_dataset_loader.moc"
