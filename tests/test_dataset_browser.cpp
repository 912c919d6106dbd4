// The Data view as a whole: the column statistics describe the rows shown (a filter's, a subset's,
// or all) and say "N of M"; large statistics and filters run on workers with a hint while they
// do; the table's vertical header shows 0-based data row ids.

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>
#include <cmath>
#include <limits>

#include "core/data/column_stats.h"
#include "widgets/data/column_stats_panel.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/data/row_proxy_model.h"

using namespace loupe;
using loupe::widgets::ColumnStatsPanel;
using loupe::widgets::DatasetBrowser;
using loupe::widgets::RowProxyModel;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// x: 0, 1, ..., with a gap every 10th row; kind: "even"/"odd".
std::shared_ptr<const data::Table> table(int rows) {
    data::Column x, kind;
    x.name = "x";
    kind.name = "kind";
    kind.type = data::ColumnType::Categorical;
    kind.categories = {"even", "odd"};
    for (int r = 0; r < rows; ++r) {
        x.numeric.push_back(r % 10 == 9 ? kNaN : r);
        kind.codes.push_back(r % 2);
    }
    return std::make_shared<const data::Table>(std::vector<data::Column>{x, kind}, "t.csv");
}

/// The value the panel shows beside `name` ("Rows", "Mean", ...).
QString fact(const ColumnStatsPanel& panel, const QString& name) {
    const auto* form = panel.findChildren<QFormLayout*>().value(1);  // 0: role and type
    for (int r = 0; form && r < form->rowCount(); ++r) {
        auto* label = form->itemAt(r, QFormLayout::LabelRole);
        auto* field = form->itemAt(r, QFormLayout::FieldRole);
        auto* labelWidget = label ? qobject_cast<QLabel*>(label->widget()) : nullptr;
        auto* fieldWidget = field ? qobject_cast<QLabel*>(field->widget()) : nullptr;
        if (labelWidget && fieldWidget && labelWidget->text() == name) return fieldWidget->text();
    }
    return {};
}

QString labelText(const QWidget& widget) {
    QStringList out;
    for (const QLabel* label : widget.findChildren<QLabel*>()) out << label->text();
    return out.join('|');
}

}  // namespace

class TestDatasetBrowser : public QObject {
    Q_OBJECT
private slots:
    void statsDescribeShownRows() {
        DatasetBrowser browser;
        browser.setTable(table(100));
        auto* panel = browser.findChild<ColumnStatsPanel*>();
        QVERIFY(panel);
        QCOMPARE(panel->column(), 0);
        QCOMPARE(panel->stats().rows, 100);
        QCOMPARE(fact(*panel, "Rows"), QString("100"));

        browser.showRows({0, 1, 2, 3, 9, 19}, "six rows");
        QCOMPARE(panel->stats().rows, 6);
        QCOMPARE(panel->stats().missing, 2);  // rows 9 and 19
        QCOMPARE(panel->stats().mean, 1.5);
        QCOMPARE(fact(*panel, "Rows"), QString("6 of 100"));

        browser.showAllRows();
        browser.setFilterText("7");  // 7, 17, 27, ..., 70..78 (79 is a gap), 87, 97
        const auto expected =
            data::columnStats(browser.model()->column(0), *browser.rows()->shownRows());
        QCOMPARE(panel->stats().rows, int64_t(browser.rows()->rowCount()));
        QCOMPARE(panel->stats().mean, expected.mean);
        QCOMPARE(fact(*panel, "Rows"), QString("%1 of 100").arg(browser.rows()->rowCount()));

        panel->showColumn(1);
        QCOMPARE(panel->stats().categories.size(), size_t{2});
        browser.setFilterText({});
        QCOMPARE(panel->stats().rows, 100);
        QCOMPARE(fact(*panel, "Rows"), QString("100"));
        browser.rows()->sort(0, Qt::DescendingOrder);  // every row, reordered: still all
        QCOMPARE(fact(*panel, "Rows"), QString("100"));
    }
    void statsOnWorker() {
        DatasetBrowser browser;
        auto* panel = browser.findChild<ColumnStatsPanel*>();
        panel->setBackgroundRows(0);
        QSignalSpy shown(panel, &ColumnStatsPanel::statsShown);
        browser.setTable(table(1000));
        QVERIFY(panel->busy());
        QVERIFY(labelText(*panel).contains("computing…"));
        QVERIFY(shown.wait(10000));
        QVERIFY(!panel->busy());
        QCOMPARE(panel->stats().rows, 1000);
        QCOMPARE(panel->stats().missing, 100);

        // A newer request wins: the first subset's statistics are never shown.
        shown.clear();
        browser.showRows({1, 3, 5}, "three");
        browser.showRows({0, 2}, "two");
        QTRY_VERIFY(!panel->busy());
        QCOMPARE(shown.count(), 1);
        QCOMPARE(panel->stats().rows, 2);
        QCOMPARE(panel->stats().mean, 1.0);
        QCOMPARE(fact(*panel, "Rows"), QString("2 of %1").arg(QLocale().toString(1000)));
    }
    void filterHintWhileOnWorker() {
        DatasetBrowser browser;
        browser.setTable(table(500));
        browser.rows()->setBackgroundCells(0);
        QSignalSpy changed(browser.rows(), &RowProxyModel::rowsChanged);
        browser.setFilterText("odd");
        QVERIFY(browser.rows()->busy());
        QVERIFY(labelText(browser).contains("filtering…"));
        QVERIFY(changed.wait(10000));
        QCOMPARE(browser.rows()->rowCount(), 250);
        QVERIFY(!labelText(browser).contains("filtering…"));
        QVERIFY(labelText(browser).contains("250 of 500 rows"));
    }
    void headerShowsDataRowIds() {
        DatasetBrowser browser;
        browser.resize(600, 400);
        browser.setTable(table(50));
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QHeaderView* header = browser.view()->verticalHeader();
        QCOMPARE(header->model()->headerData(0, Qt::Vertical).toString(), QString("0"));
        browser.setFilterText("odd");
        // The first row shown is data row 1: the id the CLI and predictions.csv use.
        QCOMPARE(browser.rows()->sourceRow(0), int64_t{1});
        QCOMPARE(header->model()->headerData(0, Qt::Vertical).toString(), QString("1"));
        QCOMPARE(header->model()->headerData(2, Qt::Vertical).toString(), QString("5"));
    }
};

QTEST_MAIN(TestDatasetBrowser)
#include "test_dataset_browser.moc"
