// stratifiedSplit: class balance, determinism, disjoint sorted cover, tiny classes.

#include <QtTest>
#include <algorithm>
#include <map>
#include <numeric>

#include "core/data/split.h"
#include "core/error.h"

using loupe::data::Split;
using loupe::data::stratifiedSplit;

namespace {

std::vector<int64_t> iota(int64_t n, int64_t from = 0) {
    std::vector<int64_t> rows(static_cast<size_t>(n));
    std::iota(rows.begin(), rows.end(), from);
    return rows;
}

}  // namespace

class TestSplit : public QObject {
    Q_OBJECT

private slots:
    void stratified_data() {
        QTest::addColumn<int>("perClassA");
        QTest::addColumn<int>("perClassB");
        QTest::addColumn<double>("val");
        QTest::addColumn<double>("test");
        QTest::newRow("100/50, 0.2/0.2") << 100 << 50 << 0.2 << 0.2;
        QTest::newRow("90/10, 0/0.25") << 90 << 10 << 0.0 << 0.25;
        QTest::newRow("7/3, 0.15/0.15") << 7 << 3 << 0.15 << 0.15;
    }

    void stratified() {
        QFETCH(int, perClassA);
        QFETCH(int, perClassB);
        QFETCH(double, val);
        QFETCH(double, test);
        const int n = perClassA + perClassB;
        auto rows = iota(n, 1000);  // row ids need not start at 0
        std::vector<float> labels(size_t(n), 0.0f);
        for (int i = 0; i < n; ++i) labels[size_t(i)] = i % n < perClassB ? 1.0f : 0.0f;
        Split split = stratifiedSplit(rows, labels, val, test, 42);

        for (const auto* part : {&split.train, &split.val, &split.test}) {
            QVERIFY(std::is_sorted(part->begin(), part->end()));
        }
        std::vector<int64_t> all;
        for (const auto* part : {&split.train, &split.val, &split.test})
            all.insert(all.end(), part->begin(), part->end());
        std::sort(all.begin(), all.end());
        QCOMPARE(all, rows);  // disjoint and covering

        for (int cls = 0; cls < 2; ++cls) {
            const int size = cls == 0 ? perClassA : perClassB;
            auto count = [&](const std::vector<int64_t>& part) {
                return std::count_if(part.begin(), part.end(), [&](int64_t r) {
                    return labels[size_t(r - 1000)] == float(cls);
                });
            };
            QCOMPARE(count(split.test), std::llround(size * test));
            QCOMPARE(count(split.val), std::llround(size * val));
        }
    }

    void deterministic() {
        auto rows = iota(200);
        std::vector<float> labels(200);
        for (size_t i = 0; i < labels.size(); ++i) labels[i] = float(i % 3);
        Split a = stratifiedSplit(rows, labels, 0.1, 0.2, 7);
        Split b = stratifiedSplit(rows, labels, 0.1, 0.2, 7);
        QCOMPARE(a.train, b.train);
        QCOMPARE(a.val, b.val);
        QCOMPARE(a.test, b.test);
        Split c = stratifiedSplit(rows, labels, 0.1, 0.2, 8);
        QVERIFY(a.test != c.test);
        // Pinned: the same on every standard library (own Fisher-Yates over mt19937_64).
        Split small = stratifiedSplit(iota(10), {}, 0.0, 0.3, 1);
        QCOMPARE(small.test, (std::vector<int64_t>{1, 3, 7}));
        QCOMPARE(small.train, (std::vector<int64_t>{0, 2, 4, 5, 6, 8, 9}));
    }

    void plainSplitWithoutLabels() {
        Split split = stratifiedSplit(iota(10), {}, 0.2, 0.2, 3);
        QCOMPARE(split.train.size(), size_t(6));
        QCOMPARE(split.val.size(), size_t(2));
        QCOMPARE(split.test.size(), size_t(2));
    }

    void tinyClassStaysInTrain() {
        std::vector<float> labels{0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2};
        Split split = stratifiedSplit(iota(11), labels, 0.2, 0.2, 5);
        QVERIFY(std::find(split.train.begin(), split.train.end(), 8) != split.train.end());
        QCOMPARE(split.train.size() + split.val.size() + split.test.size(), size_t(11));
        // Class 2 has two rows for three splits: also kept whole in train.
        QVERIFY(std::find(split.train.begin(), split.train.end(), 9) != split.train.end());
        QVERIFY(std::find(split.train.begin(), split.train.end(), 10) != split.train.end());
    }

    void badArguments() {
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, stratifiedSplit(iota(4), {0, 1}, 0.1, 0.1, 1));
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, stratifiedSplit(iota(4), {}, 0.5, 0.5, 1));
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, stratifiedSplit(iota(4), {}, -0.1, 0.2, 1));
    }
};

QTEST_APPLESS_MAIN(TestSplit)
#include "test_split.moc"
