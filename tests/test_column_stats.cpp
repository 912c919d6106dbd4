// Column statistics, class balance, row ordering/filtering and type conversion for the Data view.
// Expected moments and histograms are numpy/pandas values (std with ddof=1, np.histogram bins).

#include <QtTest>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "core/data/column_convert.h"
#include "core/data/column_stats.h"
#include "core/data/row_order.h"
#include "core/error.h"

using namespace loupe::data;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Column numeric(std::string name, std::vector<double> values) {
    Column column;
    column.name = std::move(name);
    column.numeric = std::move(values);
    return column;
}

Column categorical(std::string name, std::vector<std::string> categories,
                   std::vector<int32_t> codes) {
    Column column;
    column.name = std::move(name);
    column.type = ColumnType::Categorical;
    column.categories = std::move(categories);
    column.codes = std::move(codes);
    return column;
}

}  // namespace

class TestColumnStats : public QObject {
    Q_OBJECT
private slots:
    void numericMomentsAndHistogram() {
        // np.histogram([1, 2, 3, 4], bins=3) -> [1, 1, 2]; pd.Series([1,2,3,4,nan]).std()
        const ColumnStats s = columnStats(numeric("x", {4, 1, kNaN, 3, 2}), 3);
        QCOMPARE(s.rows, 5);
        QCOMPARE(s.missing, 1);
        QCOMPARE(s.distinct, 4);
        QCOMPARE(s.mean, 2.5);
        QCOMPARE(s.min, 1.0);
        QCOMPARE(s.max, 4.0);
        QVERIFY(std::abs(s.std - 1.2909944487358056) < 1e-15);
        QCOMPARE(s.histogram.size(), size_t{3});
        QCOMPARE(s.histogram[0].count, 1);
        QCOMPARE(s.histogram[1].count, 1);
        QCOMPARE(s.histogram[2].count, 2);
        QCOMPARE(s.histogram[2].high, 4.0);
    }
    void constantAndEmptyNumeric() {
        const ColumnStats constant = columnStats(numeric("x", {7, 7, 7}));
        QCOMPARE(constant.histogram.size(), size_t{1});
        QCOMPARE(constant.histogram[0].count, 3);
        QCOMPARE(constant.std, 0.0);
        const ColumnStats empty = columnStats(numeric("x", {kNaN, kNaN}));
        QVERIFY(std::isnan(empty.mean));
        QVERIFY(empty.histogram.empty());
        QCOMPARE(empty.missing, 2);
    }
    void categoriesMostFrequentFirstAndCapped() {
        const ColumnStats s =
            columnStats(categorical("c", {"a", "b", "c"}, {0, 1, 1, 2, 1, 2, -1}), 20, 2);
        QCOMPARE(s.distinct, 3);
        QCOMPARE(s.missing, 1);
        QCOMPARE(s.categories.size(), size_t{2});
        QCOMPARE(s.categories[0].name, std::string("b"));
        QCOMPARE(s.categories[0].count, 3);
        QCOMPARE(s.categories[1].name, std::string("c"));
        QCOMPARE(s.otherCount, 1);
    }
    void classBalanceInLabelEncoderOrder() {
        const auto labels = classBalance(categorical("y", {"M", "B"}, {0, 1, 1, -1}));
        QCOMPARE(labels.size(), size_t{2});
        QCOMPARE(labels[0].name, std::string("B"));
        QCOMPARE(labels[0].count, 2);
        const auto numbers = classBalance(numeric("y", {10, 2, 2, kNaN}));
        QCOMPARE(numbers[0].name, std::string("2"));
        QCOMPARE(numbers[1].name, std::string("10"));
    }
    void sortMissingLastBothWays() {
        const Column x = numeric("x", {3, kNaN, 1, 2, kNaN, 1});
        const auto rows = allRows(6);
        QCOMPARE(sortRows(x, rows, true), (std::vector<int64_t>{2, 5, 3, 0, 1, 4}));
        QCOMPARE(sortRows(x, rows, false), (std::vector<int64_t>{0, 3, 2, 5, 1, 4}));
        const Column c = categorical("c", {"pear", "apple"}, {0, -1, 1, 0});
        QCOMPARE(sortRows(c, allRows(4), true), (std::vector<int64_t>{2, 0, 3, 1}));
    }
    void filterByTextAnyColumn() {
        const Table table(
            {numeric("x", {1.5, 20, kNaN}), categorical("c", {"Apple", "pear"}, {1, 0, 1})});
        const auto rows = allRows(3);
        QCOMPARE(rowsContaining(table, rows, "APP"), (std::vector<int64_t>{1}));
        QCOMPARE(rowsContaining(table, rows, "1.5"), (std::vector<int64_t>{0}));
        QCOMPARE(rowsContaining(table, rows, "2"), (std::vector<int64_t>{1}));
        QCOMPARE(rowsContaining(table, rows, "").size(), size_t{3});
        QCOMPARE(rowsContaining(table, std::vector<int64_t>{2, 0}, "pear"),
                 (std::vector<int64_t>{2, 0}));
    }
    void statsOverRows() {
        // The rows a filter shows: the same numbers as a column holding only those rows.
        const Column x = numeric("x", {4, 1, kNaN, 3, 2, 100});
        const std::vector<int64_t> rows = {5, 0, 2, 3, 17, -1};  // 17 and -1 are not rows
        const ColumnStats s = columnStats(x, rows, 3);
        const ColumnStats same = columnStats(numeric("x", {100, 4, kNaN, 3}), 3);
        QCOMPARE(s.rows, 4);
        QCOMPARE(s.missing, 1);
        QCOMPARE(s.distinct, same.distinct);
        QCOMPARE(s.mean, same.mean);
        QCOMPARE(s.std, same.std);
        QCOMPARE(s.min, 3.0);
        QCOMPARE(s.max, 100.0);
        QCOMPARE(s.histogram.size(), same.histogram.size());
        for (size_t b = 0; b < s.histogram.size(); ++b)
            QCOMPARE(s.histogram[b].count, same.histogram[b].count);
        const std::vector<int64_t> all = allRows(6);
        QCOMPARE(columnStats(x, all, 3).mean, columnStats(x, 3).mean);

        const Column c = categorical("c", {"a", "b", "z"}, {0, 1, 1, -1, 2, 1});
        const ColumnStats cs = columnStats(c, std::vector<int64_t>{1, 2, 3, 0}, 20, 1);
        QCOMPARE(cs.rows, 4);
        QCOMPARE(cs.missing, 1);
        QCOMPARE(cs.distinct, 2);  // "z" is not among these rows
        QCOMPARE(cs.categories.size(), size_t{1});
        QCOMPARE(cs.categories[0].name, std::string("b"));
        QCOMPARE(cs.categories[0].count, 2);
        QCOMPARE(cs.otherCount, 1);
        QCOMPARE(columnStats(c, std::vector<int64_t>{}).rows, 0);
    }
    void filterLargeOnThreads() {
        // Enough rows for several threads: the same rows, in order, as a plain scan of the text.
        constexpr int64_t kRows = 300000;
        std::vector<double> values(kRows);
        std::vector<int32_t> codes(kRows);
        for (int64_t r = 0; r < kRows; ++r) {
            values[size_t(r)] = r % 97 == 0 ? kNaN : static_cast<double>(r) * 0.25;
            codes[size_t(r)] = static_cast<int32_t>(r % 3);
        }
        const Table table(
            std::vector<Column>{numeric("x", values), categorical("c", {"A7.5", "b", "c"}, codes)});
        std::vector<int64_t> rows = allRows(kRows);
        std::reverse(rows.begin(), rows.end());
        for (const std::string needle : {"7.5", "a7", "12"}) {
            std::vector<int64_t> expected;
            for (int64_t r : rows) {
                std::string text = table.column(0).text(r) + "|" + table.column(1).text(r);
                for (char& ch : text) ch = static_cast<char>(std::tolower(ch));
                if (text.find(needle) != std::string::npos) expected.push_back(r);
            }
            QCOMPARE(rowsContaining(table, rows, needle), expected);
        }
    }
    void filterStops() {
        std::vector<double> values(100000, 1.5);
        const Table table(std::vector<Column>{numeric("x", values)});
        std::stop_source stop;
        QCOMPARE(rowsContaining(table, allRows(100000), "1.5", stop.get_token()).size(),
                 size_t{100000});
        stop.request_stop();
        QVERIFY_THROWS_EXCEPTION(loupe::Cancelled,
                                 rowsContaining(table, allRows(100000), "1.5", stop.get_token()));
    }
    void convertTypes() {
        const Column x = numeric("x", {2, kNaN, 1, 2});
        QVERIFY(canConvert(x, ColumnType::Categorical));
        const Column c = convertColumn(x, ColumnType::Categorical);
        QCOMPARE(c.categories, (std::vector<std::string>{"2", "1"}));
        QCOMPARE(c.codes, (std::vector<int32_t>{0, -1, 1, 0}));
        const Column back = convertColumn(c, ColumnType::Numeric);
        QCOMPARE(back.numeric[2], 1.0);
        QVERIFY(std::isnan(back.numeric[1]));
        const Column labels = categorical("c", {"a"}, {0});
        QVERIFY(!canConvert(labels, ColumnType::Numeric));
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, convertColumn(labels, ColumnType::Numeric));
        std::vector<double> many(500);
        for (size_t i = 0; i < many.size(); ++i) many[i] = static_cast<double>(i) * 0.5;
        QVERIFY(!canConvert(numeric("m", many), ColumnType::Categorical));
    }
};

QTEST_APPLESS_MAIN(TestColumnStats)
#include "test_column_stats.moc"
