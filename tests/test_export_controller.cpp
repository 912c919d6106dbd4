// File > Export Model… and Export Report… in the window: after training iris, the run's model
// is written as ONNX and as a Loupe model file that loads back with the same parameters, a wrong
// extension shows the banner, and HTML and PDF reports of the run are written by the report job
// (waiting for the run's folder when it is still being written).

#include <QFile>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/export_controller.h"
#include "app/gui/main_window.h"
#include "app/gui/message_banner.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "core/io/model_file.h"
#include "core/io/onnx_export.h"
#include "widgets/train/training_panel.h"

using loupe::gui::ExportController;
using loupe::gui::MainWindow;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestExportController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("LoupeTest");
        QCoreApplication::setApplicationName("test_export_controller");
    }

    void exportsModelAndReports() {
        MainWindow window;
        loupe::gui::Workbench workbench(&window);
        window.show();
        ExportController* exporter = workbench.exportController();
        QVERIFY(exporter);
        QVERIFY(window.fileMenu()->actions().contains(exporter->exportReportAction()));
        emit window.fileMenu()->aboutToShow();
        QVERIFY(!exporter->exportModelAction()->isEnabled());  // nothing trained yet

        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openFile(QStringLiteral(LOUPE_DATASETS "/iris.csv"), "species");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QSignalSpy shown(&workbench, &loupe::gui::Workbench::evaluationShown);
        workbench.trainingPanel()->start();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        emit window.fileMenu()->aboutToShow();
        QVERIFY(exporter->exportModelAction()->isEnabled());
        const auto run = workbench.projectController()->currentResult();
        QVERIFY(run);

        QTemporaryDir dir;
        // The Loupe model file loads back as the same model.
        const QString h5 = dir.filePath("iris.h5");
        QVERIFY(exporter->exportModel(h5));
        const loupe::nn::Model loaded = loupe::io::loadModel(h5.toStdString());
        QCOMPARE(loaded.parameterCount(), run->model.parameterCount());
        QCOMPARE(loaded.classNames, run->model.classNames);
        if (loupe::io::onnxExportAvailable()) {
            const QString onnx = dir.filePath("iris.onnx");
            QVERIFY(exporter->exportModel(onnx));
            QVERIFY(readAll(onnx).size() > 4 * run->model.parameterCount());
        }
        QVERIFY(!exporter->exportModel(dir.filePath("iris.txt")));
        QVERIFY(window.banner()->isVisible());
        QVERIFY(window.banner()->text().contains("iris.txt"));

        // Reports, HTML then PDF, written off the UI thread.
        QSignalSpy written(exporter, &ExportController::reportWritten);
        const QString html = dir.filePath("report.html");
        QVERIFY(exporter->exportReport(html));
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 120000);
        const QByteArray page = readAll(html);
        QVERIFY(page.contains("<svg"));
        QVERIFY(page.contains("species"));
        // The window's run records its data file and settings, so the report computes SHAP.
        QVERIFY(page.contains("iris.csv"));
        QVERIFY(!page.contains("SHAP values were not computed"));
        QVERIFY(!page.contains("it was written before Loupe"));
        QVERIFY(!page.contains("<script"));
        const QString pdf = dir.filePath("report.pdf");
        QVERIFY(exporter->exportReport(pdf));
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 2, 120000);
        QVERIFY(readAll(pdf).startsWith("%PDF"));
        QVERIFY(!exporter->exportReport(dir.filePath("report.docx")));
    }
};

QTEST_MAIN(TestExportController)
#include "test_export_controller.moc"
