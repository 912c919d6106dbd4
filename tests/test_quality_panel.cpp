// The Quality view: a QualityJob's results on breast_cancer with planted duplicate rows reach the
// panel (leakage warning, outlier histogram and table, label-issue list); in the window, Exclude
// and Relabel edit the table training uses (an excluded row keeps its number with a missing
// target) and Undo all restores it; data::applyRowEdits on categorical and numeric targets.

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "app/gui/jobs/quality_job.h"
#include "app/gui/main_window.h"
#include "app/gui/workbench.h"
#include "core/data/reader.h"
#include "core/data/row_edits.h"
#include "core/error.h"
#include "widgets/quality/quality_panel.h"
#include "widgets/train/training_panel.h"

using namespace loupe;

namespace {

constexpr int kPlanted = 40;

/// breast_cancer with kPlanted of its rows repeated at the end (every 14th row).
std::shared_ptr<const data::Table> withDuplicates() {
    const data::Table read = data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv");
    std::vector<data::Column> columns = read.columns();
    for (data::Column& c : columns)
        for (int k = 0; k < kPlanted; ++k) {
            const auto row = static_cast<size_t>(k * 14);
            if (c.type == data::ColumnType::Numeric)
                c.numeric.push_back(c.numeric[row]);
            else
                c.codes.push_back(c.codes[row]);
        }
    return std::make_shared<const data::Table>(std::move(columns), read.source());
}

train::ExperimentRequest quickRequest() {
    train::ExperimentRequest request;
    request.target = "diagnosis";
    request.train.epochs = 4;
    return request;
}

void selectRows(QTableWidget* table, int count) {
    table->clearSelection();
    for (int r = 0; r < count; ++r)
        table->selectionModel()->select(table->model()->index(r, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

}  // namespace

class TestQualityPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("LoupeTest");
        QCoreApplication::setApplicationName("test_quality_panel");
    }

    void jobResultsReachThePanel() {
        const auto table = withDuplicates();
        gui::QualityJob job;
        widgets::QualityPanel panel;
        QObject::connect(&job, &gui::QualityJob::finished, &panel,
                         &widgets::QualityPanel::showReport);
        QSignalSpy finished(&job, &gui::QualityJob::finished);
        QSignalSpy failed(&job, &gui::Job::failed);
        QVERIFY(job.start(table, quickRequest(), 3, QStringLiteral("cpu")));
        QVERIFY(!job.start(table, quickRequest(), 3, QStringLiteral("cpu")));  // one at a time
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1 || failed.count() == 1, 60000);
        QCOMPARE(failed.count(), 0);
        const auto report = panel.report();
        QVERIFY(report);
        const int64_t rows = table->rowCount();

        // The planted duplicates are found, and shown as one line.
        bool duplicates = false;
        for (const data::LeakageWarning& w : report->leakage)
            duplicates |= w.kind == data::LeakageKind::DuplicateRows && !w.rows.empty();
        QVERIFY(duplicates);
        bool listed = false;
        for (int i = 0; i < panel.leakageList()->count(); ++i)
            listed |= panel.leakageList()->item(i)->text().contains("repeat a training row");
        QVERIFY(listed);

        // Outliers: a score per row, the histogram counts every row, the table is the top rows.
        QCOMPARE(int64_t(report->outlierScores.size()), rows);
        int64_t counted = 0;
        for (const data::HistogramBin& b : report->outlierHistogram) counted += b.count;
        QCOMPARE(counted, rows);
        QCOMPARE(panel.outlierTable()->rowCount(), widgets::QualityPanel::kMaxListed);
        const int64_t top = report->outlierOrder.front();
        QCOMPARE(panel.outlierTable()->item(0, 1)->text().toLongLong(), top);
        for (size_t i = 1; i < report->outlierOrder.size(); ++i)
            QVERIFY(report->outlierScores[size_t(report->outlierOrder[i - 1])] >=
                    report->outlierScores[size_t(report->outlierOrder[i])]);

        // Label issues: every labelled row judged, the flagged ones listed with both labels.
        QCOMPARE(report->labelledRows, rows);
        QCOMPARE(report->folds, int64_t{3});
        int flagged = 0;
        for (const train::LabelIssue& l : report->labelIssues) flagged += l.issue ? 1 : 0;
        QCOMPARE(panel.labelTable()->rowCount(), flagged);
        for (int r = 0; r < panel.labelTable()->rowCount(); ++r)
            QVERIFY(panel.labelTable()->item(r, 1)->text() !=
                    panel.labelTable()->item(r, 2)->text());
        QVERIFY(panel.runButton()->isEnabled());
        QVERIFY(!panel.stopButton()->isEnabled());
    }

    void excludeAndRelabelEditTheTrainingTable() {
        gui::MainWindow window;
        gui::Workbench workbench(&window);
        window.show();
        QSignalSpy opened(&window, &gui::MainWindow::datasetOpened);
        window.openFile(QStringLiteral(LOUPE_DATASETS "/breast_cancer.csv"), "diagnosis");
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        train::ExperimentRequest quick = workbench.trainingPanel()->request();
        quick.train.epochs = 4;
        workbench.trainingPanel()->setRequest(quick);

        widgets::QualityPanel* panel = workbench.qualityPanel();
        window.showView(gui::View::Quality);
        QCOMPARE(window.currentView(), gui::View::Quality);
        panel->foldsBox()->setValue(3);
        QSignalSpy shown(&workbench, &gui::Workbench::qualityShown);
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        const auto read = window.table();
        const int target = int(read->columnIndex("diagnosis"));
        const int64_t labelledBefore = data::encodeTarget(*read, "diagnosis").rows.size();

        // Exclude the two most anomalous rows.
        selectRows(panel->outlierTable(), 2);
        QVERIFY(panel->excludeOutliersButton()->isEnabled());
        const int64_t a = panel->outlierTable()->item(0, 1)->text().toLongLong();
        const int64_t b = panel->outlierTable()->item(1, 1)->text().toLongLong();
        QTest::mouseClick(panel->excludeOutliersButton(), Qt::LeftButton);
        QCOMPARE(workbench.rowEdits().excluded,
                 (std::set<int64_t>{std::min(a, b), std::max(a, b)}));
        auto edited = workbench.trainingTable();
        QVERIFY(edited != read);
        QCOMPARE(edited->rowCount(), read->rowCount());  // row numbers stay
        QVERIFY(edited->column(target).isMissing(a) && edited->column(target).isMissing(b));
        QCOMPARE(int64_t(data::encodeTarget(*edited, "diagnosis").rows.size()), labelledBefore - 2);
        QCOMPARE(workbench.trainingPanel()->dataset(), edited);  // what Start trains on
        QVERIFY(panel->editsLabel()->text().contains("2 row(s) left out"));

        // Relabel the first listed label error (if the quick model flagged any) to its suggestion.
        if (panel->labelTable()->rowCount() > 0) {
            selectRows(panel->labelTable(), 1);
            const int64_t row = panel->labelTable()->item(0, 0)->text().toLongLong();
            const QString suggested = panel->labelTable()->item(0, 2)->text();
            QTest::mouseClick(panel->relabelButton(), Qt::LeftButton);
            edited = workbench.trainingTable();
            if (row != a && row != b)
                QCOMPARE(QString::fromStdString(edited->column(target).text(row)), suggested);
            QCOMPARE(workbench.rowEdits().relabelled.size(), size_t(1));
        }

        // Show rows goes to the Data view with the subset.
        selectRows(panel->outlierTable(), 3);
        QTest::mouseClick(panel->showOutliersButton(), Qt::LeftButton);
        QCOMPARE(window.currentView(), gui::View::Data);

        QTest::mouseClick(panel->clearEditsButton(), Qt::LeftButton);
        QVERIFY(workbench.rowEdits().empty());
        QCOMPARE(workbench.trainingTable(), read);
        QCOMPARE(workbench.trainingPanel()->dataset(), read);
    }

    void applyRowEditsOnCategoricalAndNumericTargets() {
        data::Column cat{"y", data::ColumnType::Categorical, {}, {0, 1, 0, 1}, {"a", "b"}};
        data::Column num{"n", data::ColumnType::Numeric, {0, 1, 2, 1}, {}, {}};
        const data::Table table({cat, num}, "t.csv");
        data::RowEdits edits;
        edits.excluded = {1, 99};
        edits.relabelled = {{0, "c"}, {1, "a"}, {2, "b"}};
        const data::Table out = data::applyRowEdits(table, "y", edits);
        QCOMPARE(out.rowCount(), int64_t{4});
        QCOMPARE(out.column(0).text(0), std::string("c"));  // a new label
        QVERIFY(out.column(0).isMissing(1));                // excluded wins over a relabel
        QCOMPARE(out.column(0).text(2), std::string("b"));
        QCOMPARE(out.column(0).text(3), std::string("b"));
        QCOMPARE(out.column(1).numeric, num.numeric);  // other columns untouched

        data::RowEdits numeric;
        numeric.excluded = {3};
        numeric.relabelled = {{0, "2"}};
        const data::Table n = data::applyRowEdits(table, "n", numeric);
        QCOMPARE(n.column(1).numeric[0], 2.0);
        QVERIFY(std::isnan(n.column(1).numeric[3]));
        numeric.relabelled = {{0, "two"}};
        QVERIFY_THROWS_EXCEPTION(InputError, data::applyRowEdits(table, "n", numeric));
        QVERIFY_THROWS_EXCEPTION(InputError, data::applyRowEdits(table, "zz", numeric));
    }
};

QTEST_MAIN(TestQualityPanel)
#include "test_quality_panel.moc"
