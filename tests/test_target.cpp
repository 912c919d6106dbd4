// Target encoding: task inference, class order as scikit-learn's LabelEncoder, dropped missing
// rows, single-class and missing-column errors, encodeLabels.

#include <QtTest>
#include <cmath>
#include <limits>

#include "core/data/csv_reader.h"
#include "core/data/target.h"
#include "core/error.h"

using loupe::data::Column;
using loupe::data::ColumnType;
using loupe::data::Task;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Column numeric(std::vector<double> values) {
    Column column;
    column.name = "y";
    column.numeric = std::move(values);
    return column;
}

Column categorical(std::vector<std::string> categories, std::vector<int32_t> codes) {
    Column column;
    column.name = "y";
    column.type = ColumnType::Categorical;
    column.categories = std::move(categories);
    column.codes = std::move(codes);
    return column;
}

}  // namespace

class TestTarget : public QObject {
    Q_OBJECT

private slots:
    void inferTask_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("classification");
        QTest::newRow("categorical") << "cat" << true;
        QTest::newRow("few integers") << "int" << true;
        QTest::newRow("fractions") << "frac" << false;
        QTest::newRow("many integers") << "many" << false;
    }

    void inferTask() {
        QFETCH(QString, kind);
        QFETCH(bool, classification);
        Column column;
        if (kind == "cat") column = categorical({"a", "b"}, {0, 1, 0});
        if (kind == "int") column = numeric({0, 1, 2, 1, 0, 2, 1, kNaN});
        if (kind == "frac") column = numeric({0.5, 1, 2, 1, 0, 2, 1, 0});
        if (kind == "many") {
            for (int i = 0; i < 100; ++i) column.numeric.push_back(i % 30);
        }
        QCOMPARE(loupe::data::inferTask(column) == Task::Classification, classification);
    }

    void classNames_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QList<float>>("values");
        QTest::newRow("strings sorted bytewise")
            << 0 << QStringList{"B", "a", "b"} << QList<float>{2, 0, 1, 2};
        QTest::newRow("numbers sorted numerically")
            << 1 << QStringList{"0", "2.5", "10"} << QList<float>{2, 0, 1, 0};
    }

    void classNames() {
        QFETCH(int, which);
        QFETCH(QStringList, names);
        QFETCH(QList<float>, values);
        Column column = which == 0 ? categorical({"b", "B", "a", "unused"}, {0, 1, -1, 2, 0})
                                   : numeric({10, 0, kNaN, 2.5, 0});
        auto target = loupe::data::encodeTarget(column, Task::Classification);
        QStringList got;
        for (const auto& name : target.classNames) got << QString::fromStdString(name);
        QCOMPARE(got, names);
        QCOMPARE(QList<float>(target.values.begin(), target.values.end()), values);
        QCOMPARE(target.rows, (std::vector<int64_t>{0, 1, 3, 4}));  // row 2 is missing
    }

    void regression() {
        auto target = loupe::data::encodeTarget(numeric({1.5, kNaN, -2}), Task::Regression);
        QCOMPARE(target.values, (std::vector<float>{1.5f, -2.0f}));
        QCOMPARE(target.rows, (std::vector<int64_t>{0, 2}));
        QVERIFY(target.classNames.empty());
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, loupe::data::encodeTarget(
                                                        categorical({"a"}, {0}), Task::Regression));
    }

    void singleClass() {
        try {
            loupe::data::encodeTarget(categorical({"yes", "no"}, {0, 0, -1}), Task::Classification,
                                      "f.csv");
            QFAIL("no error thrown");
        } catch (const loupe::InputError& error) {
            QCOMPARE(error.message(), std::string("target 'y' has a single class 'yes'"));
            QCOMPARE(error.file(), std::string("f.csv"));
        }
    }

    void fromTable() {
        auto table = loupe::data::readCsv(LOUPE_DATASETS "/iris.csv");
        auto target = loupe::data::encodeTarget(table, "species");
        QVERIFY(target.task == Task::Classification);
        QCOMPARE(target.classNames,
                 (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
        QCOMPARE(target.rows.size(), size_t(150));
        try {
            loupe::data::encodeTarget(table, "colour");
            QFAIL("no error thrown");
        } catch (const loupe::InputError& error) {
            QVERIFY2(QString(error.what()).contains("iris.csv: no column named 'colour'"),
                     error.what());
        }
    }

    void encodeLabels() {
        auto labels =
            loupe::data::encodeLabels(categorical({"b", "x", "a"}, {0, 1, 2, -1}), {"a", "b"});
        QCOMPARE(labels, (std::vector<float>{1, -1, 0, -1}));
        auto numbers = loupe::data::encodeLabels(numeric({1, 0, 2.5, kNaN}), {"0", "1"});
        QCOMPARE(numbers, (std::vector<float>{1, 0, -1, -1}));
    }
};

QTEST_APPLESS_MAIN(TestTarget)
#include "test_target.moc"
