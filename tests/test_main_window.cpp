// The workbench window: opening the sample through the menu's function (read off the UI thread),
// choosing the target, a bad CSV shown in the inline banner with file and line, and the window
// still opening a good file afterwards; training, evaluating and explaining iris end to end; the
// Structure view coming alive with the run and comparing it with a pruned copy read from a file.

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <cmath>

#include "app/gui/app_paths.h"
#include "app/gui/main_window.h"
#include "app/gui/message_banner.h"
#include "app/gui/workbench.h"
#include "core/io/model_file.h"
#include "core/nn/model_summary.h"
#include "plugins/prune_magnitude/magnitude_pruning.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/data/row_proxy_model.h"
#include "widgets/data/subset_chip.h"
#include "widgets/evaluate/evaluate_panel.h"
#include "widgets/explain/explain_panel.h"
#include "widgets/explain/explain_plots.h"
#include "widgets/explain/shap_plot_view.h"
#include "widgets/structure/structure_panel.h"
#include "widgets/structure/structure_view.h"
#include "widgets/train/training_panel.h"

using loupe::gui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // recent files and geometry go to a test config
        QCoreApplication::setOrganizationName("LoupeTest");
        QCoreApplication::setApplicationName("test_main_window");
    }
    void opensTheSample() {
        MainWindow window;
        window.show();
        QVERIFY(!loupe::gui::sampleDataset().isEmpty());
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openSample();
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        auto* browser = window.dataBrowser();
        QTRY_COMPARE(browser->rows()->rowCount(), 569);
        QCOMPARE(browser->model()->targetName(), QString("diagnosis"));
        QVERIFY(browser->isVisible());
        QVERIFY(browser->setTarget("mean_radius"));
        QVERIFY(browser->setTarget("diagnosis"));
        QCOMPARE(browser->model()->targetName(), QString("diagnosis"));
        QVERIFY(loupe::gui::recentFiles().contains(loupe::gui::sampleDataset()));
    }
    void badFileShowsBannerThenGoodFileOpens() {
        QTemporaryDir dir;
        const QString bad = dir.filePath("ragged.csv");
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a,b,c\n1,2,3\n4,5\n");
        file.close();

        MainWindow window;
        window.show();
        QSignalSpy failed(&window, &MainWindow::openFailed);
        window.openFile(bad);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        auto* banner = window.banner();
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains("ragged.csv:3"), qPrintable(banner->text()));

        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openFile(QStringLiteral(LOUPE_DATASETS "/iris.csv"), "species");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QVERIFY(!banner->isVisible());
        QCOMPARE(window.dataBrowser()->rows()->rowCount(), 150);
        QCOMPARE(window.dataBrowser()->model()->targetName(), QString("species"));
    }
    void missingFileShowsBanner() {
        MainWindow window;
        window.show();
        QSignalSpy failed(&window, &MainWindow::openFailed);
        window.openFile("/nonexistent/nothing.csv");
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY(window.banner()->text().contains("nothing.csv"));
    }
    void trainEvaluateAndListCellRows() {
        MainWindow window;
        loupe::gui::Workbench workbench(&window);
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openFile(QStringLiteral(LOUPE_DATASETS "/iris.csv"), "species");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        // The Data view's table and target reached the Train view.
        QCOMPARE(workbench.trainingPanel()->dataset(), window.table());

        QSignalSpy shown(&workbench, &loupe::gui::Workbench::evaluationShown);
        window.showView(loupe::gui::View::Train);
        workbench.trainingPanel()->start();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        QVERIFY(workbench.evaluatePanel()->isVisible());

        // A confusion cell lists its rows in the Data view, with the chip to clear them.
        workbench.evaluatePanel()->requestCellRows(0, 0);
        auto* browser = window.dataBrowser();
        QVERIFY(browser->isVisible());
        QVERIFY(browser->rows()->hasRowSubset());
        QVERIFY(browser->rows()->rowCount() > 0);
        QVERIFY(browser->rows()->rowCount() < 150);
        auto* chip = browser->findChild<loupe::widgets::SubsetChip*>();
        QVERIFY(chip && chip->isVisible());
        browser->showAllRows();
        QCOMPARE(browser->rows()->rowCount(), 150);
    }
    void trainThenStructureAndCompare() {
        MainWindow window;
        loupe::gui::Workbench workbench(&window);
        window.show();
        using loupe::gui::View;
        QToolButton* button = window.navigation()->button(View::Structure);
        QVERIFY(!button->isEnabled());  // no run yet
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openFile(QStringLiteral(LOUPE_DATASETS "/iris.csv"), "species");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QSignalSpy shown(&workbench, &loupe::gui::Workbench::evaluationShown);
        workbench.trainingPanel()->start();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        QVERIFY(button->isEnabled());
        auto* panel = workbench.structurePanel();
        const auto& run = workbench.explainPanel()->trainedRun();
        QVERIFY(panel->model());
        QCOMPARE(panel->model()->parameters, run->model.parameterCount());
        window.showView(View::Structure);
        QCOMPARE(window.currentView(), View::Structure);

        // A pruned copy of the run's model, read from a file, drawn under it.
        QTemporaryDir dir;
        const QString path = dir.filePath("pruned.h5");
        loupe::io::saveModel(loupe::plugins::pruneMagnitude(run->model, 0.5), path.toStdString());
        QSignalSpy compared(&workbench, &loupe::gui::Workbench::comparisonShown);
        workbench.compareWithModelFile(path);
        QTRY_COMPARE_WITH_TIMEOUT(compared.count(), 1, 20000);
        QVERIFY(panel->view()->graph().comparing());
        QCOMPARE(panel->comparisonTable()->rowCount(), 4);  // 3 dense layers + the total
        QVERIFY(std::abs(panel->compressed()->sparsity() - 0.5) < 0.05);

        // A file that is not a model: the reason shows, the comparison stays.
        QSignalSpy failed(&workbench, &loupe::gui::Workbench::comparisonFailed);
        workbench.compareWithModelFile(QStringLiteral(LOUPE_DATASETS "/iris.csv"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY(panel->errorLabel()->isVisible());
        QVERIFY(panel->compressed());
    }
    void trainThenExplainAndPickARow() {
        MainWindow window;
        loupe::gui::Workbench workbench(&window);
        window.show();
        auto* explain = workbench.explainPanel();
        QVERIFY(explain->statusLabel()->text().contains("Train a model first"));
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openFile(QStringLiteral(LOUPE_DATASETS "/iris.csv"), "species");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QSignalSpy evaluated(&workbench, &loupe::gui::Workbench::evaluationShown);
        workbench.trainingPanel()->start();
        QTRY_COMPARE_WITH_TIMEOUT(evaluated.count(), 1, 60000);
        QVERIFY(explain->trainedRun());

        // Explain: Run, and the summary plot shows the test rows.
        window.showView(loupe::gui::View::Explain);
        QVERIFY(explain->isVisible());
        QSignalSpy explained(&workbench, &loupe::gui::Workbench::explanationShown);
        QTest::mouseClick(explain->runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(explained.count(), 1, 60000);
        auto* plots = explain->plots();
        QCOMPARE(plots->tabs()->currentIndex(), int(loupe::widgets::ExplainPlots::Summary));
        auto* summary = plots->view(loupe::widgets::ExplainPlots::Summary);
        QVERIFY(summary->isVisible());
        QVERIFY(summary->hasPlot());
        const auto& shap = summary->plot().explanation()->shap;
        QCOMPARE(shap.rows, explain->trainedRun()->split.test);  // iris: 23 test rows, all shown

        // A training row picked in the Data view is explained on its own and shown as a force
        // plot in the Explain view.
        const int64_t row = explain->trainedRun()->split.train.front();
        window.showView(loupe::gui::View::Data);
        auto* browser = window.dataBrowser();
        QTableView* table = browser->view();
        table->setCurrentIndex(browser->rows()->index(int(row), 1));
        window.showView(loupe::gui::View::Explain);
        QTRY_COMPARE_WITH_TIMEOUT(plots->currentRow(), row, 30000);
        QCOMPARE(plots->tabs()->currentIndex(), int(loupe::widgets::ExplainPlots::Force));
        auto* force = plots->view(loupe::widgets::ExplainPlots::Force);
        QVERIFY(force->isVisible());
        QCOMPARE(force->plot().explanation()->shap.rows, std::vector<int64_t>{row});
        // An explained (test) row is selected at once.
        table->setCurrentIndex(browser->rows()->index(int(shap.rows[2]), 0));
        QCOMPARE(plots->currentRow(), shap.rows[2]);
        QCOMPARE(force->plot().explanation(), summary->plot().explanation());
        QCOMPARE(force->plot().rowIndex(), int64_t(2));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
