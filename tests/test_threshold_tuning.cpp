// Threshold tuning: on random scores, each goal's pick equals a brute-force search over every
// distinct score (and +inf for cost), unreachable targets say so, and bad input is refused.

#include <QtTest>
#include <limits>
#include <random>
#include <set>

#include "core/error.h"
#include "core/eval/threshold_tuning.h"

using namespace loupe::eval;

namespace {

struct Data {
    std::vector<int> y;
    std::vector<double> s;
};

/// Scores rounded to 0.01 so ties occur; positives score higher on average.
Data randomData(uint64_t seed, size_t n) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Data d;
    for (size_t i = 0; i < n; ++i) {
        const int y = u(rng) < 0.4 ? 1 : 0;
        d.y.push_back(y);
        d.s.push_back(std::round(std::min(1.0, u(rng) * 0.7 + 0.3 * y) * 100.0) / 100.0);
    }
    return d;
}

}  // namespace

class TestThresholdTuning : public QObject {
    Q_OBJECT

private slots:
    void matchesBruteForce_data() {
        QTest::addColumn<int>("goal");
        QTest::addColumn<double>("value");
        QTest::newRow("precision 0.8") << 0 << 0.8;
        QTest::newRow("precision 0.95") << 0 << 0.95;
        QTest::newRow("recall 0.9") << 1 << 0.9;
        QTest::newRow("recall 0.5") << 1 << 0.5;
        QTest::newRow("cost 1:5") << 2 << 5.0;
        QTest::newRow("cost 3:1") << 2 << 1.0 / 3.0;
    }
    void matchesBruteForce() {
        QFETCH(int, goal);
        QFETCH(double, value);
        for (uint64_t seed = 1; seed <= 5; ++seed) {
            const Data d = randomData(seed, 300);
            ThresholdTarget t;
            t.goal = ThresholdGoal(goal);
            t.value = value;
            if (t.goal == ThresholdGoal::Cost) {
                t.falsePositiveCost = value < 1 ? 3.0 : 1.0;
                t.falseNegativeCost = value < 1 ? 1.0 : 5.0;
            }
            const TunedThreshold got = tuneThreshold(d.y, d.s, t);
            std::set<double> candidates(d.s.begin(), d.s.end());
            if (t.goal == ThresholdGoal::Cost)
                candidates.insert(std::numeric_limits<double>::infinity());
            double want = std::numeric_limits<double>::quiet_NaN(), bestKey = 0;
            for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {  // high to low
                const ThresholdScores s = scoresAtThreshold(d.y, d.s, *it);
                const double fp = double(s.counts(0, 1)), fn = double(s.counts(1, 0));
                if (t.goal == ThresholdGoal::Precision && s.precision >= value &&
                    (std::isnan(want) || s.recall > bestKey)) {
                    want = *it;
                    bestKey = s.recall;
                } else if (t.goal == ThresholdGoal::Recall && s.recall >= value &&
                           std::isnan(want)) {
                    want = *it;
                } else if (t.goal == ThresholdGoal::Cost) {
                    const double cost = t.falsePositiveCost * fp + t.falseNegativeCost * fn;
                    if (std::isnan(want) || cost < bestKey) {
                        want = *it;
                        bestKey = cost;
                    }
                }
            }
            QVERIFY(got.reached);
            QCOMPARE(got.threshold, want);
            if (t.goal == ThresholdGoal::Cost) QCOMPARE(got.cost, bestKey);
            if (t.goal == ThresholdGoal::Precision) QVERIFY(got.scores.precision >= value);
            if (t.goal == ThresholdGoal::Recall) QVERIFY(got.scores.recall >= value);
        }
    }

    void unreachablePrecisionSaysSo() {
        const std::vector<int> y{0, 1, 0, 1};
        const std::vector<double> s{0.9, 0.8, 0.7, 0.1};  // the top score is a negative
        const TunedThreshold got = tuneThreshold(y, s, {ThresholdGoal::Precision, 1.0});
        QVERIFY(!got.reached);
        QCOMPARE(got.scores.precision, 0.5);  // the best precision there is (at 0.8)
        QCOMPARE(got.threshold, 0.8);
    }

    void parsesTargets() {
        QCOMPARE(parseThresholdTarget("precision:0.9").value, 0.9);
        QVERIFY(parseThresholdTarget("recall:1").goal == ThresholdGoal::Recall);
        const ThresholdTarget c = parseThresholdTarget("cost:1:5");
        QVERIFY(c.goal == ThresholdGoal::Cost && c.falsePositiveCost == 1 &&
                c.falseNegativeCost == 5);
        for (const char* bad : {"precision", "precision:0", "recall:1.5", "cost:1", "cost:-1:2",
                                "f1:0.5", "precision:x"})
            QVERIFY_THROWS_EXCEPTION(loupe::InputError, parseThresholdTarget(bad));
    }

    void refusesBadInput() {
        const std::vector<int> y{0, 2};
        const std::vector<double> s{0.1, 0.2};
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, tuneThreshold(y, s, {}));
        QVERIFY_THROWS_EXCEPTION(loupe::InputError,
                                 tuneThreshold(std::vector<int>{}, std::vector<double>{}, {}));
    }
};

QTEST_APPLESS_MAIN(TestThresholdTuning)
#include "test_threshold_tuning.moc"
