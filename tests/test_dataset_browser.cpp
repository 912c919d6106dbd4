// The Data view as a whole: the column statistics describe the rows shown (a filter's, a subset's,
// or all) and say "N of M"; large statistics and filters run on workers with a hint while they
// do; the table's vertical header shows 0-based data row ids; a computed column (the outlier
// scores) shows after the dataset's, marked, sorts by value on either thread and goes with the
// table; "Exclude selected rows from training" emits the selected rows.

#include <QAction>
#include <QFont>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

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

/// One score per row of table(50): 1.3^(r mod 17), so numbers of one, two and three digits mix
/// (a sort by text would differ), with row 4 missing.
std::shared_ptr<const data::Column> scores() {
    auto c = std::make_shared<data::Column>();
    c->name = "outlier score";
    for (int r = 0; r < 50; ++r) c->numeric.push_back(r == 4 ? kNaN : std::pow(1.3, r % 17));
    return c;
}

/// Rows of `values` by value, descending or ascending, ties in row order, missing last.
std::vector<int64_t> rowsByValue(const std::vector<double>& values, bool descending) {
    std::vector<int64_t> rows(values.size());
    std::iota(rows.begin(), rows.end(), int64_t{0});
    std::stable_sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) {
        const double x = values[static_cast<size_t>(a)], y = values[static_cast<size_t>(b)];
        if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
        return descending ? x > y : x < y;
    });
    return rows;
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
    void computedColumnSortsByValue() {
        DatasetBrowser browser;
        browser.resize(700, 400);
        browser.setTable(table(50));
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        RowProxyModel* rows = browser.rows();
        auto shortColumn = std::make_shared<data::Column>(*scores());
        shortColumn->numeric.pop_back();
        QVERIFY(!browser.setComputedColumn(shortColumn, "one value short"));
        QCOMPARE(rows->columnCount(), 2);

        const auto values = scores();
        QVERIFY(browser.setComputedColumn(values, "Isolation Forest outlier score"));
        QCOMPARE(rows->columnCount(), 3);
        QCOMPARE(rows->computedColumn(), 2);
        QCOMPARE(browser.model()->columnCount(), 2);  // not a dataset column: no role, no type
        const QString name = rows->headerData(2, Qt::Horizontal).toString();
        QVERIFY2(name.startsWith("outlier score\n") && name.contains("computed"), qPrintable(name));
        QVERIFY(rows->headerData(2, Qt::Horizontal, Qt::FontRole).value<QFont>().italic());
        QVERIFY(!rows->headerData(0, Qt::Horizontal, Qt::FontRole).value<QFont>().italic());
        QCOMPARE(rows->headerData(0, Qt::Horizontal).toString(),
                 browser.model()->headerData(0, Qt::Horizontal).toString());
        QCOMPARE(rows->index(1, 2).data().toString(), QString("1.3000"));
        QCOMPARE(rows->index(4, 2).data().toString(), QString());       // missing
        QVERIFY(rows->index(0, 2).data(Qt::BackgroundRole).isValid());  // tinted as computed
        QVERIFY(!(rows->flags(rows->index(0, 2)) & Qt::ItemIsEditable));

        // Sorted by the header, by value (text would put "10.6045" before "2.8561"), missing last.
        browser.view()->sortByColumn(2, Qt::DescendingOrder);
        QCOMPARE(*rows->shownRows(), rowsByValue(values->numeric, true));
        QCOMPARE(rows->sourceRow(0), int64_t{16});  // 1.3^16, the highest
        QCOMPARE(rows->sourceRow(49), int64_t{4});
        // Large sorts run on a worker, as for the dataset's columns.
        rows->setBackgroundCells(0);
        QSignalSpy changed(rows, &RowProxyModel::rowsChanged);
        browser.view()->sortByColumn(2, Qt::AscendingOrder);
        QVERIFY(rows->busy());
        QVERIFY(changed.wait(10000));
        QCOMPARE(*rows->shownRows(), rowsByValue(values->numeric, false));
        rows->setBackgroundCells(1'000'000);

        // New scores replace the column; a new table drops it.
        auto flipped = std::make_shared<data::Column>(*values);
        for (double& v : flipped->numeric) v = -v;
        QVERIFY(browser.setComputedColumn(flipped, "again"));
        QCOMPARE(rows->columnCount(), 3);
        QCOMPARE(*rows->shownRows(), rowsByValue(flipped->numeric, false));
        browser.setTable(table(50));
        QCOMPARE(rows->columnCount(), 2);
        QCOMPARE(rows->computedColumn(), -1);
        QVERIFY(browser.setComputedColumn(values, "back"));
        browser.view()->sortByColumn(2, Qt::DescendingOrder);
        browser.clearComputedColumn();  // sorted by it: the table's order returns
        QCOMPARE(rows->columnCount(), 2);
        QCOMPARE(rows->sourceRow(0), int64_t{0});
        QCOMPARE(rows->sourceRow(49), int64_t{49});
    }
    void excludeSelectedRows() {
        DatasetBrowser browser;
        browser.setTable(table(50));
        QVERIFY(browser.setComputedColumn(scores(), "outlier score"));
        browser.rows()->sort(2, Qt::DescendingOrder);  // shown rows 16, 33, 15, ...
        QSignalSpy spy(&browser, &DatasetBrowser::excludeRowsRequested);
        browser.excludeRowsAction()->trigger();  // nothing selected: nothing asked
        QCOMPARE(spy.count(), 0);
        QItemSelectionModel* selection = browser.view()->selectionModel();
        selection->select(browser.rows()->index(0, 2), QItemSelectionModel::Select);
        selection->select(browser.rows()->index(0, 0), QItemSelectionModel::Select);  // same row
        selection->select(browser.rows()->index(2, 1), QItemSelectionModel::Select);
        QCOMPARE(browser.selectedRows(),
                 (std::vector<int64_t>{
                     std::min(browser.rows()->sourceRow(0), browser.rows()->sourceRow(2)),
                     std::max(browser.rows()->sourceRow(0), browser.rows()->sourceRow(2))}));
        QCOMPARE(browser.rows()->sourceRow(0), int64_t{16});
        browser.excludeRowsAction()->trigger();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<std::vector<int64_t>>(), browser.selectedRows());
    }
};

QTEST_MAIN(TestDatasetBrowser)
#include "test_dataset_browser.moc"
