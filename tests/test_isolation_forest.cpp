// IsolationForest: c(n) as scikit-learn computes it, planted outliers score high, the same seed
// gives the same scores, constant data does not split. tests/check_isolation_forest.py compares
// the scores with scikit-learn's IsolationForest through loupe-cli quality.

#include <QtTest>
#include <algorithm>
#include <random>

#include "core/data/isolation_forest.h"
#include "core/error.h"

using namespace loupe;

namespace {

/// 500 standard normal rows in 4 features, then 20 rows uniform in [-8, 8] with |x| >= 5 on the
/// first feature: the last 20 rows are the outliers.
Matrix plantedOutliers() {
    std::mt19937_64 rng(7);
    std::normal_distribution<float> normal;
    std::uniform_real_distribution<float> uniform(-8.0f, 8.0f);
    Matrix x(520, 4);
    for (int64_t r = 0; r < 500; ++r)
        for (int64_t c = 0; c < 4; ++c) x(r, c) = normal(rng);
    for (int64_t r = 500; r < 520; ++r) {
        for (int64_t c = 0; c < 4; ++c) x(r, c) = uniform(rng);
        x(r, 0) = (r % 2 ? 1.0f : -1.0f) * (5.0f + std::abs(x(r, 0)) / 3.0f);
    }
    return x;
}

}  // namespace

class TestIsolationForest : public QObject {
    Q_OBJECT

private slots:
    void averagePathLengthMatchesScikitLearn() {
        // sklearn.ensemble._iforest._average_path_length([1, 2, 3, 256])
        QCOMPARE(data::averagePathLength(1), 0.0);
        QCOMPARE(data::averagePathLength(2), 1.0);
        QVERIFY(std::abs(data::averagePathLength(3) - 1.207392357590) < 1e-9);
        QVERIFY(std::abs(data::averagePathLength(256) - 10.244770920120) < 1e-9);
    }

    void plantedOutliersScoreHighest() {
        const Matrix x = plantedOutliers();
        data::IsolationForest forest;
        forest.fit(x, {});
        const std::vector<double> s = forest.score(x);
        QCOMPARE(s.size(), size_t(520));
        for (double v : s) QVERIFY(v > 0.0 && v <= 1.0);
        // Every outlier scores above the 95th percentile of the inliers.
        std::vector<double> inliers(s.begin(), s.begin() + 500);
        std::sort(inliers.begin(), inliers.end());
        const double p95 = inliers[475];
        for (size_t r = 500; r < 520; ++r) QVERIFY2(s[r] > p95, qPrintable(QString::number(r)));
        QVERIFY(*std::min_element(s.begin() + 500, s.end()) > 0.5);
    }

    void seededAndDeterministic() {
        const Matrix x = plantedOutliers();
        data::IsolationForest a, b, c;
        a.fit(x, {100, 256, 3});
        b.fit(x, {100, 256, 3});
        c.fit(x, {100, 256, 4});
        QVERIFY(a.score(x) == b.score(x));
        QVERIFY(a.score(x) != c.score(x));
    }

    void constantRowsAreNotSplit() {
        Matrix x = Matrix::Constant(10, 3, 2.0f);
        data::IsolationForest forest;
        forest.fit(x, {10, 256, 0});
        // One leaf holding all 10 rows: path length c(10), score 2^(-c(10)/c(10)) = 0.5.
        for (double v : forest.score(x)) QCOMPARE(v, 0.5);
    }

    void refusesTooLittleData() {
        data::IsolationForest forest;
        QVERIFY_THROWS_EXCEPTION(InputError, forest.fit(Matrix(1, 3)));
        QVERIFY_THROWS_EXCEPTION(ModelError, forest.score(Matrix(1, 3)));
        forest.fit(plantedOutliers());
        QVERIFY_THROWS_EXCEPTION(ModelError, forest.score(Matrix(2, 5)));
    }
};

QTEST_GUILESS_MAIN(TestIsolationForest)
#include "test_isolation_forest.moc"
