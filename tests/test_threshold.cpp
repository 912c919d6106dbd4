// core/eval/threshold: a binary model read at a chosen threshold, confusion cells and rates.
// Counts are worked by hand; at every threshold of roc_curve (matched to scikit-learn in
// test_metrics) recall must equal the TPR and the false positive share the FPR.

#include <QTest>
#include <random>
#include <vector>

#include "core/error.h"
#include "core/eval/curves.h"
#include "core/eval/threshold.h"

using namespace loupe;
using namespace loupe::eval;

class TestThreshold : public QObject {
    Q_OBJECT
private slots:
    void countsByHand();
    void scoreEqualToThresholdIsPositive();
    void agreesWithRocCurve();
    void zeroDivisionGivesZero();
    void cellRows();
    void normalizedRows();
    void badInput();
};

void TestThreshold::countsByHand() {
    const std::vector<int> y = {0, 0, 0, 1, 1, 1, 1};
    const std::vector<double> s = {0.1, 0.6, 0.3, 0.8, 0.4, 0.9, 0.55};
    const ThresholdScores at = scoresAtThreshold(y, s, 0.5);
    // predicted: 0 1 0 1 0 1 1 -> TN 2, FP 1, FN 1, TP 3
    QCOMPARE(at.counts(0, 0), int64_t{2});
    QCOMPARE(at.counts(0, 1), int64_t{1});
    QCOMPARE(at.counts(1, 0), int64_t{1});
    QCOMPARE(at.counts(1, 1), int64_t{3});
    QCOMPARE(at.precision, 0.75);
    QCOMPARE(at.recall, 0.75);
    QCOMPARE(at.f1, 0.75);
    QCOMPARE(at.accuracy, 5.0 / 7.0);
    const ThresholdScores high = scoresAtThreshold(y, s, 0.85);
    QCOMPARE(high.counts(1, 1), int64_t{1});
    QCOMPARE(high.precision, 1.0);
    QCOMPARE(high.recall, 0.25);
}

void TestThreshold::scoreEqualToThresholdIsPositive() {
    const std::vector<double> s = {0.5, 0.4999, 0.7};
    QCOMPARE(predictAtThreshold(s, 0.5), (std::vector<int>{1, 0, 1}));
}

void TestThreshold::agreesWithRocCurve() {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<int> y(300);
    std::vector<double> s(300);
    for (size_t i = 0; i < y.size(); ++i) {
        y[i] = u(rng) < 0.4 ? 1 : 0;
        s[i] = std::round((0.5 * u(rng) + 0.5 * y[i] * u(rng)) * 50) / 50;  // ties on purpose
    }
    const RocCurve roc = rocCurve(y, s);
    for (size_t k = 0; k < roc.thresholds.size(); ++k) {
        const ThresholdScores at = scoresAtThreshold(y, s, roc.thresholds[k]);
        const double negatives = static_cast<double>(at.counts.row(0).sum());
        QCOMPARE(at.recall, roc.tpr[k]);
        QCOMPARE(static_cast<double>(at.counts(0, 1)) / negatives, roc.fpr[k]);
    }
}

void TestThreshold::zeroDivisionGivesZero() {
    const std::vector<int> y = {0, 1, 0};
    const std::vector<double> s = {0.1, 0.2, 0.3};
    const ThresholdScores none = scoresAtThreshold(y, s, 2.0);
    QCOMPARE(none.precision, 0.0);
    QCOMPARE(none.recall, 0.0);
    QCOMPARE(none.f1, 0.0);
}

void TestThreshold::cellRows() {
    const std::vector<int> t = {0, 1, 2, 1, 1, 0};
    const std::vector<int> p = {0, 2, 2, 2, 1, 1};
    QCOMPARE(rowsInCell(t, p, 1, 2), (std::vector<size_t>{1, 3}));
    QCOMPARE(rowsInCell(t, p, 0, 0), (std::vector<size_t>{0}));
    QVERIFY(rowsInCell(t, p, 2, 0).empty());
}

void TestThreshold::normalizedRows() {
    ConfusionMatrix c(3, 3);
    c << 3, 1, 0, 0, 0, 0, 2, 2, 4;
    const MatrixD r = normalizeRows(c);
    QCOMPARE(r(0, 0), 0.75);
    QCOMPARE(r(0, 1), 0.25);
    QCOMPARE(r(1, 1), 0.0);
    QCOMPARE(r(2, 2), 0.5);
}

void TestThreshold::badInput() {
    const std::vector<int> y = {0, 1};
    const std::vector<double> one = {0.3};
    QVERIFY_THROWS_EXCEPTION(InputError, scoresAtThreshold(y, one, 0.5));
    const std::vector<double> nan = {0.3, std::nan("")};
    QVERIFY_THROWS_EXCEPTION(InputError, predictAtThreshold(nan, 0.5));
    const std::vector<int> three = {0, 2};
    const std::vector<double> two = {0.3, 0.6};
    QVERIFY_THROWS_EXCEPTION(InputError, scoresAtThreshold(three, two, 0.5));
    QVERIFY_THROWS_EXCEPTION(InputError, rowsInCell(y, std::vector<int>{1}, 0, 0));
}

QTEST_APPLESS_MAIN(TestThreshold)
#include "test_threshold.moc"
