// The Data view's models: cell text, 0-based data row ids in the vertical header, sorting by a
// numeric column with missing values last, the text filter (inline, and on a worker with the
// newest text winning), the row-subset filter, column roles and type overrides, and a 1M-row
// table.

#include <QLabel>
#include <QSignalSpy>
#include <QtTest>
#include <cmath>
#include <limits>

#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/data/row_proxy_model.h"
#include "widgets/data/subset_chip.h"

using namespace loupe;
using loupe::widgets::ColumnRole;
using loupe::widgets::DatasetModel;
using loupe::widgets::RowProxyModel;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::shared_ptr<const data::Table> smallTable() {
    data::Column x;
    x.name = "x";
    x.numeric = {3, kNaN, 1.5, 10, 0.1};
    data::Column kind;
    kind.name = "kind";
    kind.type = data::ColumnType::Categorical;
    kind.categories = {"apple", "Pear"};
    kind.codes = {0, 1, -1, 1, 0};
    data::Column id;
    id.name = "id";
    id.type = data::ColumnType::Text;
    id.categories = {"a1", "b2", "c3", "d4", "e5"};
    id.codes = {0, 1, 2, 3, 4};
    return std::make_shared<const data::Table>(std::vector<data::Column>{x, kind, id}, "small.csv");
}

/// A table with numbers, labels, text and gaps, for comparing filters.
std::shared_ptr<const data::Table> mixedTable(int rows) {
    data::Column x, y, kind, id;
    x.name = "x";
    y.name = "y";
    kind.name = "kind";
    kind.type = data::ColumnType::Categorical;
    kind.categories = {"apple", "Pear", "plum", "fig"};
    id.name = "id";
    id.type = data::ColumnType::Text;
    for (int r = 0; r < rows; ++r) {
        x.numeric.push_back(r % 17 == 0 ? kNaN : (r * 37 % 1000) / 8.0);
        y.numeric.push_back(-r * 0.125);
        kind.codes.push_back(r % 11 == 0 ? -1 : r % 4);
        id.categories.push_back("id" + std::to_string(r * 7));
        id.codes.push_back(r);
    }
    return std::make_shared<const data::Table>(std::vector<data::Column>{x, y, kind, id});
}

std::vector<int64_t> shown(const RowProxyModel& rows) {
    std::vector<int64_t> out;
    for (int r = 0; r < rows.rowCount(); ++r) out.push_back(rows.sourceRow(r));
    return out;
}

/// Every label's text in `widget`, for the browser's row count and hints.
QString labelText(const QWidget& widget) {
    QStringList out;
    for (const QLabel* label : widget.findChildren<QLabel*>()) out << label->text();
    return out.join('|');
}

QStringList column(const QAbstractItemModel& model, int c) {
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) out << model.index(r, c).data().toString();
    return out;
}

}  // namespace

class TestDatasetModel : public QObject {
    Q_OBJECT
private slots:
    void cellText() {
        DatasetModel model;
        model.setTable(smallTable());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(column(model, 0), (QStringList{"3", "", "1.5", "10", "0.1"}));
        QCOMPARE(column(model, 1), (QStringList{"apple", "Pear", "", "Pear", "apple"}));
        QVERIFY(model.headerData(0, Qt::Horizontal).toString().startsWith("x\nnumeric"));
        QCOMPARE(model.headerData(2, Qt::Vertical).toInt(), 2);  // 0-based, as predictions.csv
        QVERIFY(model.index(0, 0).data(Qt::TextAlignmentRole).value<Qt::Alignment>() &
                Qt::AlignRight);
    }
    void sortNumericMissingLast() {
        DatasetModel model;
        model.setTable(smallTable());
        RowProxyModel rows;
        rows.setSourceModel(&model);
        rows.sort(0, Qt::AscendingOrder);
        QCOMPARE(column(rows, 0), (QStringList{"0.1", "1.5", "3", "10", ""}));
        rows.sort(0, Qt::DescendingOrder);
        QCOMPARE(column(rows, 0), (QStringList{"10", "3", "1.5", "0.1", ""}));
        QCOMPARE(rows.headerData(0, Qt::Vertical).toInt(), 3);  // the table's row id
        rows.sort(1, Qt::AscendingOrder);
        QCOMPARE(column(rows, 1), (QStringList{"Pear", "Pear", "apple", "apple", ""}));
        rows.sort(-1);
        QCOMPARE(column(rows, 0).first(), QString("3"));
    }
    void textFilter() {
        DatasetModel model;
        model.setTable(smallTable());
        RowProxyModel rows;
        rows.setSourceModel(&model);
        QSignalSpy changed(&rows, &RowProxyModel::rowsChanged);
        rows.setFilterText("pear");
        QCOMPARE(changed.count(), 1);
        QCOMPARE(column(rows, 2), (QStringList{"b2", "d4"}));
        rows.setFilterText("1");  // "a1" in the id column matches row 1 too
        QCOMPARE(column(rows, 0), (QStringList{"3", "1.5", "10", "0.1"}));
        rows.sort(0, Qt::AscendingOrder);
        QCOMPARE(column(rows, 0), (QStringList{"0.1", "1.5", "3", "10"}));
        rows.setFilterText("");
        QCOMPARE(rows.rowCount(), 5);
    }
    void backgroundFilterMatchesInline_data() {
        QTest::addColumn<QString>("needle");
        QTest::addColumn<int>("sortColumn");
        QTest::addColumn<bool>("subset");
        QTest::newRow("number") << "12.5" << -1 << false;
        QTest::newRow("label, sorted") << "PL" << 0 << false;
        QTest::newRow("text in a subset") << "id1" << -1 << true;
        QTest::newRow("sign, sorted subset") << "-1" << 1 << true;
        QTest::newRow("no match") << "zzz" << -1 << false;
    }
    void backgroundFilterMatchesInline() {
        QFETCH(QString, needle);
        QFETCH(int, sortColumn);
        QFETCH(bool, subset);
        DatasetModel model;
        model.setTable(mixedTable(3000));
        RowProxyModel inline_, worker;
        inline_.setSourceModel(&model);
        worker.setSourceModel(&model);
        worker.setBackgroundCells(0);  // everything on the worker
        std::vector<int64_t> some;
        for (int64_t r = 2999; r >= 0; r -= 3) some.push_back(r);
        for (RowProxyModel* rows : {&inline_, &worker}) {
            QSignalSpy changed(rows, &RowProxyModel::rowsChanged);
            if (subset) rows->setRowSubset(some, "every third row");
            if (sortColumn >= 0) rows->sort(sortColumn, Qt::DescendingOrder);
            rows->setFilterText(needle);
            if (rows == &worker) {
                QVERIFY(rows->busy());
                QTRY_VERIFY(!rows->busy());
            }
        }
        QVERIFY(!inline_.busy());
        QCOMPARE(shown(worker), shown(inline_));
        QCOMPARE(worker.rowCount(), inline_.rowCount());
    }
    void newestFilterWins() {
        DatasetModel model;
        model.setTable(mixedTable(20000));
        RowProxyModel rows;
        rows.setSourceModel(&model);
        rows.setBackgroundCells(0);
        QSignalSpy changed(&rows, &RowProxyModel::rowsChanged);
        QSignalSpy busy(&rows, &RowProxyModel::busyChanged);
        rows.setFilterText("1");
        rows.setFilterText("12");
        rows.setFilterText("12.5");  // typed on: the two searches before are cancelled
        QCOMPARE(rows.filterText(), QString("12.5"));
        QTRY_VERIFY(!rows.busy());
        QCOMPARE(changed.count(), 1);  // only the newest search's rows were shown
        QCOMPARE(busy.last().at(0).toBool(), false);
        RowProxyModel expected;
        expected.setSourceModel(&model);
        expected.setFilterText("12.5");
        QCOMPARE(shown(rows), shown(expected));
        QVERIFY(rows.rowCount() > 0 && rows.rowCount() < 20000);
    }
    void rowSubset() {
        widgets::DatasetBrowser browser;
        browser.setTable(smallTable());
        auto* rows = browser.rows();
        browser.showRows({4, 1, 99}, "true B, predicted M");
        QCOMPARE(rows->rowCount(), 2);  // 99 is not a row of the table
        QCOMPARE(column(*rows, 2), (QStringList{"e5", "b2"}));
        // The header names the data rows, so "row 4" here is row 4 for loupe-cli --rows.
        QCOMPARE(rows->headerData(0, Qt::Vertical).toInt(), 4);
        QCOMPARE(rows->headerData(1, Qt::Vertical).toInt(), 1);
        QCOMPARE(rows->sourceRow(0), int64_t{4});
        auto* chip = browser.findChild<widgets::SubsetChip*>();
        QVERIFY(chip && !chip->isHidden());
        QVERIFY(chip->text().contains("showing 2 rows: true B, predicted M"));
        browser.setFilterText("apple");
        QCOMPARE(column(*rows, 2), (QStringList{"e5"}));
        browser.showAllRows();
        QVERIFY(chip->isHidden());
        QCOMPARE(rows->rowCount(), 2);  // the filter stays
        browser.setFilterText("");
        QCOMPARE(rows->rowCount(), 5);
    }
    void roles() {
        DatasetModel model;
        model.setTable(smallTable());
        QVERIFY(model.columnRole(2) == ColumnRole::Ignore);  // text is not a feature by default
        QCOMPARE(model.featureNames(), (std::vector<std::string>{"x", "kind"}));
        QSignalSpy changed(&model, &DatasetModel::rolesChanged);
        QVERIFY(model.setTarget("kind"));
        QCOMPARE(model.targetColumn(), 1);
        QCOMPARE(model.featureNames(), (std::vector<std::string>{"x"}));
        model.setColumnRole(0, ColumnRole::Target);
        QVERIFY(model.columnRole(1) == ColumnRole::Feature);  // one target at a time
        QCOMPARE(model.targetName(), QString("x"));
        QVERIFY(!model.setTarget("nope"));
        QVERIFY(changed.count() >= 2);
        QVERIFY(model.headerData(0, Qt::Horizontal).toString().contains("target"));
    }
    void typeOverrides() {
        DatasetModel model;
        model.setTable(smallTable());
        QVERIFY(model.canSetColumnType(0, data::ColumnType::Categorical));
        QVERIFY(!model.canSetColumnType(1, data::ColumnType::Numeric));
        QVERIFY(!model.setColumnType(1, data::ColumnType::Numeric));
        QVERIFY(model.setColumnType(0, data::ColumnType::Categorical));
        QVERIFY(model.columnType(0) == data::ColumnType::Categorical);
        QVERIFY(model.table()->column(0).type == data::ColumnType::Numeric);
        QVERIFY(model.typedTable()->column(0).type == data::ColumnType::Categorical);
        QCOMPARE(column(model, 0), (QStringList{"3", "", "1.5", "10", "0.1"}));
        QVERIFY(model.setColumnType(0, data::ColumnType::Numeric));
        QCOMPARE(model.typedTable(), model.table());  // no overrides left: no copy
    }
    void millionRows() {
        constexpr int64_t kRows = 1'000'000;
        std::vector<data::Column> columns(20);
        for (size_t c = 0; c < columns.size(); ++c) {
            columns[c].name = "f";
            columns[c].name += std::to_string(c);
            columns[c].numeric.resize(kRows);
            for (int64_t r = 0; r < kRows; ++r)
                columns[c].numeric[static_cast<size_t>(r)] =
                    static_cast<double>((r * 7919 + static_cast<int64_t>(c)) % 1000);
        }
        widgets::DatasetBrowser browser;
        browser.resize(900, 600);
        browser.setTable(std::make_shared<const data::Table>(std::move(columns)));
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QCOMPARE(browser.rows()->rowCount(), static_cast<int>(kRows));
        QCOMPARE(browser.model()->columnCount(), 20);
        // A million-row sort runs on a worker: the old order stays, with a hint, until it is done.
        QSignalSpy sorted(browser.rows(), &RowProxyModel::rowsChanged);
        browser.rows()->sort(3, Qt::DescendingOrder);
        QVERIFY(browser.rows()->busy());
        QVERIFY(labelText(browser).contains("sorting…"));
        QVERIFY(sorted.wait(30000));
        QVERIFY(!browser.rows()->busy());
        QVERIFY(!labelText(browser).contains("sorting…"));
        QCOMPARE(browser.rows()->index(0, 3).data().toString(), QString("999"));
        QCOMPARE(browser.rows()->index(static_cast<int>(kRows) - 1, 3).data().toString(),
                 QString("0"));
    }
};

QTEST_MAIN(TestDatasetModel)
#include "test_dataset_model.moc"
