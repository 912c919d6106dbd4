// core/explain/shap_summary: what the SHAP plots show besides the values: the explained rows'
// values, features ordered by mean |SHAP|, colour scaled to the 5th-95th percentile as shap does,
// the beeswarm's density jitter, the dependence plot's strongest interaction, and the errors.

#include <QtTest>
#include <cmath>
#include <random>

#include "core/error.h"
#include "core/explain/shap_summary.h"

using namespace loupe;

namespace {

data::Column numericColumn(std::string name, std::vector<double> values) {
    data::Column c;
    c.name = std::move(name);
    c.numeric = std::move(values);
    return c;
}

data::Column categoricalColumn(std::string name, std::vector<int32_t> codes,
                               std::vector<std::string> categories) {
    data::Column c;
    c.name = std::move(name);
    c.type = data::ColumnType::Categorical;
    c.codes = std::move(codes);
    c.categories = std::move(categories);
    return c;
}

std::vector<int64_t> ids(int64_t n) {
    std::vector<int64_t> v(n);
    for (int64_t i = 0; i < n; ++i) v[i] = i;
    return v;
}

/// A ShapResult over `features` with the given values and the rows 0..n-1.
explain::ShapResult result(std::vector<std::string> features, MatrixD values) {
    explain::ShapResult r;
    r.features = std::move(features);
    r.rows = ids(values.rows());
    r.baseValue.assign(values.rows(), 0.5);
    r.prediction.assign(values.rows(), 0.5);
    r.stdErr = MatrixD::Zero(values.rows(), values.cols());
    r.values = std::move(values);
    r.output = "probability of yes";
    return r;
}

explain::ExplainedValues numericValues(const MatrixD& x) {
    explain::ExplainedValues v;
    v.numeric = x;
    v.text.assign(x.rows(), std::vector<std::string>(x.cols()));
    v.categorical.assign(x.cols(), false);
    return v;
}

}  // namespace

class TestShapSummary : public QObject {
    Q_OBJECT

private slots:
    void explainedValuesText() {
        const data::Table table({numericColumn("size", {2.5, std::nan(""), 7}),
                                 categoricalColumn("colour", {1, 0, -1}, {"red", "blue"})},
                                "t.csv");
        const auto v = explain::explainedValues(table, {2, 0, 1}, {"colour", "size"});
        QCOMPARE(v.numeric.rows(), 3);
        QCOMPARE(v.categorical, (std::vector<bool>{true, false}));
        QVERIFY(std::isnan(v.numeric(0, 0)));  // row 2: colour missing
        QCOMPARE(v.text[0][0], std::string());
        QCOMPARE(v.numeric(0, 1), 7.0);
        QCOMPARE(v.text[0][1], std::string("7"));
        QCOMPARE(v.numeric(1, 0), 1.0);  // row 0: "blue" has code 1
        QCOMPARE(v.text[1][0], std::string("blue"));
        QCOMPARE(v.text[1][1], std::string("2.5"));
        QVERIFY(std::isnan(v.numeric(2, 1)));  // row 1: size missing
        QCOMPARE(v.text[2][1], std::string());
        QCOMPARE(v.text[2][0], std::string("red"));
    }

    void explainedValuesErrors() {
        const data::Table table({numericColumn("a", {1, 2})}, "t.csv");
        try {
            explain::explainedValues(table, {0}, {"b"});
            QFAIL("a missing column must throw");
        } catch (const InputError& e) {
            QCOMPARE(e.file(), std::string("t.csv"));
            QVERIFY(std::string(e.what()).find("b") != std::string::npos);
        }
        try {
            explain::explainedValues(table, {0, 2}, {"a"});
            QFAIL("a row past the end must throw");
        } catch (const InputError& e) {
            QCOMPARE(e.file(), std::string("t.csv"));
            QVERIFY(std::string(e.what()).find("row 2") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(InputError, explain::explainedValues(table, {-1}, {"a"}));
    }

    void orderByMeanAbs() {
        MatrixD shap(3, 3);
        shap << 0.1, -2.0, 0.5,  //
            -0.1, 1.0, -0.5,     //
            0.1, -0.0, 0.8;
        const auto r = result({"a", "b", "c"}, shap);
        const auto s = explain::summarizeShap(r, numericValues(MatrixD::Zero(3, 3)));
        QCOMPARE(s.order, (std::vector<int64_t>{1, 2, 0}));
        QCOMPARE(s.meanAbs[0], 0.1);
        QCOMPARE(s.meanAbs[1], 1.0);
        QVERIFY(std::abs(s.meanAbs[2] - 1.8 / 3) < 1e-12);
    }

    void colourPercentiles() {
        // 0..100 and one missing: numpy's 5th and 95th percentiles are 5 and 95.
        MatrixD x(102, 2);
        for (int i = 0; i <= 100; ++i) {
            x(i, 0) = i;
            x(i, 1) = i >= 98 ? 1 : 0;  // 99 zeros, three ones: 5th == 95th percentile
        }
        x(101, 0) = std::nan("");
        x(101, 1) = 0;
        const auto r = result({"a", "b"}, MatrixD::Zero(102, 2));
        const auto s = explain::summarizeShap(r, numericValues(x));
        QCOMPARE(s.colour(0, 0), 0.0);  // below the 5th percentile: clipped
        QCOMPARE(s.colour(5, 0), 0.0);
        QCOMPARE(s.colour(50, 0), 0.5);
        QVERIFY(std::abs(s.colour(20, 0) - 15.0 / 90.0) < 1e-12);
        QCOMPARE(s.colour(95, 0), 1.0);
        QCOMPARE(s.colour(100, 0), 1.0);  // above the 95th: clipped
        QVERIFY(std::isnan(s.colour(101, 0)));
        // The empty 5th..95th range widens to the 1st..99th percentile (0..1), as shap does.
        QCOMPARE(s.colour(0, 1), 0.0);
        QCOMPARE(s.colour(100, 1), 1.0);
    }

    void colourOfCategoricalAndConstant() {
        explain::ExplainedValues v = numericValues(MatrixD::Constant(4, 2, 3.0));
        v.categorical[1] = true;
        const auto s = explain::summarizeShap(result({"a", "b"}, MatrixD::Zero(4, 2)), v);
        for (int r = 0; r < 4; ++r) {
            QCOMPARE(s.colour(r, 0), 0.5);        // one value throughout
            QVERIFY(std::isnan(s.colour(r, 1)));  // categories: grey
        }
    }

    void jitter() {
        // One row: a lone point sits on the centre line.
        const auto lone = explain::summarizeShap(result({"a"}, MatrixD::Constant(1, 1, 0.3)),
                                                 numericValues(MatrixD::Zero(1, 1)));
        QCOMPARE(lone.jitter(0, 0), 0.0);
        // Column 0: 200 points on 4 SHAP values (crowded bins); column 1: 50 points, one per bin.
        MatrixD shap(200, 2);
        for (int i = 0; i < 200; ++i) {
            shap(i, 0) = i % 4;
            shap(i, 1) = i < 50 ? i : 49;
        }
        const auto s =
            explain::summarizeShap(result({"a", "b"}, shap), numericValues(MatrixD::Zero(200, 2)));
        double widest = 0;
        for (int i = 0; i < 200; ++i) {
            QVERIFY(s.jitter(i, 0) >= -1 && s.jitter(i, 0) <= 1);
            widest = std::max(widest, std::abs(s.jitter(i, 0)));
            if (i < 49) QCOMPARE(s.jitter(i, 1), 0.0);  // alone in its bin
        }
        QVERIFY(widest > 0.9);  // 50 points in a bin spread over nearly the whole row
        // Points of one bin alternate above and below: the first stays on the line.
        QCOMPARE(s.jitter(0, 0), 0.0);
        QVERIFY(s.jitter(4, 0) * s.jitter(8, 0) < 0);
    }

    void strongestInteraction() {
        // f0's SHAP value is x0 when x2 is 1 and -x0 when it is 0: x2 interacts with f0; x1 is
        // noise.
        std::mt19937_64 rng(3);
        std::uniform_real_distribution<double> uniform(-1, 1);
        const int n = 400;
        MatrixD x(n, 3), shap(n, 3);
        for (int i = 0; i < n; ++i) {
            x(i, 0) = uniform(rng);
            x(i, 1) = uniform(rng);
            x(i, 2) = uniform(rng) > 0 ? 1 : 0;
            shap(i, 0) = x(i, 2) > 0 ? x(i, 0) : -x(i, 0);
            shap(i, 1) = 0.1 * x(i, 1);
            shap(i, 2) = 0.2 * (x(i, 2) - 0.5);
        }
        explain::ShapExplanation e;
        e.shap = result({"x0", "x1", "x2"}, shap);
        e.values = numericValues(x);
        e.summary = explain::summarizeShap(e.shap, e.values);
        QCOMPARE(explain::strongestInteraction(e, 0), int64_t(2));
        QVERIFY(explain::strongestInteraction(e, 1) != 1);
        QVERIFY_THROWS_EXCEPTION(InputError, explain::strongestInteraction(e, 3));
        QVERIFY_THROWS_EXCEPTION(InputError, explain::strongestInteraction(e, -1));

        explain::ShapExplanation single;
        single.shap = result({"x0"}, shap.leftCols(1));
        single.values = numericValues(x.leftCols(1));
        QCOMPARE(explain::strongestInteraction(single, 0), int64_t(-1));
    }

    void missingnessInteracts() {
        // f0's SHAP value depends on whether f1 is missing, not on its value; f2 is noise.
        std::mt19937_64 rng(5);
        std::uniform_real_distribution<double> uniform(-1, 1);
        const int n = 200;
        MatrixD x(n, 3), shap = MatrixD::Zero(n, 3);
        for (int i = 0; i < n; ++i) {
            x(i, 0) = i;
            x(i, 1) = i % 3 == 0 ? std::nan("") : 5.0;
            x(i, 2) = uniform(rng);
            shap(i, 0) = std::isnan(x(i, 1)) ? 1.0 : -1.0;
        }
        explain::ShapExplanation e;
        e.shap = result({"a", "b", "c"}, shap);
        e.values = numericValues(x);
        QCOMPARE(explain::strongestInteraction(e, 0), int64_t(1));
    }

    void describe() {
        const data::Table table({numericColumn("a", {1, 2, 3}), numericColumn("b", {4, 5, 6})});
        MatrixD shap(2, 2);
        shap << 0.1, 0.2, 0.3, 0.4;
        explain::ShapResult r = result({"b", "a"}, shap);
        r.rows = {2, 0};
        const auto e = explain::describeShap(r, table);
        QCOMPARE(e.values.numeric(0, 0), 6.0);  // row 2's b
        QCOMPARE(e.values.numeric(1, 1), 1.0);  // row 0's a
        QCOMPARE(e.summary.order, (std::vector<int64_t>{1, 0}));
        QCOMPARE(e.shap.values(1, 1), 0.4);
    }

    void mismatchedShapes() {
        const auto r = result({"a", "b"}, MatrixD::Zero(3, 2));
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 explain::summarizeShap(r, numericValues(MatrixD::Zero(2, 2))));
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 explain::summarizeShap(r, numericValues(MatrixD::Zero(3, 2)), 0));
    }
};

QTEST_GUILESS_MAIN(TestShapSummary)
#include "test_shap_summary.moc"
