// Pipeline: imputation, standardization (scikit-learn's StandardScaler, ddof=0), one-hot,
// fitting on the given rows only, JSON round trip, default features.

#include <QtTest>
#include <array>
#include <cmath>
#include <limits>

#include "core/data/pipeline.h"
#include "core/error.h"

using loupe::data::Column;
using loupe::data::ColumnType;
using loupe::data::NumericImpute;
using loupe::data::Pipeline;
using loupe::data::PipelineOptions;
using loupe::data::Scaling;
using loupe::data::Table;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Column numeric(std::string name, std::vector<double> values) {
    Column column;
    column.name = std::move(name);
    column.numeric = std::move(values);
    return column;
}

Column categorical(std::string name, std::vector<std::string> categories,
                   std::vector<int32_t> codes, ColumnType type = ColumnType::Categorical) {
    Column column;
    column.name = std::move(name);
    column.type = type;
    column.categories = std::move(categories);
    column.codes = std::move(codes);
    return column;
}

// x: 1, 2, NaN, 4, 100;  c: b, a, -, b, z;  t: free text
Table sample() {
    return Table(
        {numeric("x", {1, 2, kNaN, 4, 100}), categorical("c", {"b", "a", "z"}, {0, 1, -1, 0, 2}),
         categorical("t", {"p", "q", "r", "s", "u"}, {0, 1, 2, 3, 4}, ColumnType::Text),
         numeric("y", {0, 1, 0, 1, 0})},
        "sample.csv");
}

const std::vector<int64_t> kTrain{0, 1, 2, 3};
const std::vector<int64_t> kAll{0, 1, 2, 3, 4};

}  // namespace

class TestPipeline : public QObject {
    Q_OBJECT

private slots:
    void numericSteps_data() {
        QTest::addColumn<int>("impute");
        QTest::addColumn<int>("scaling");
        QTest::addColumn<double>("fill");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("scale");
        // Train rows x = 1, 2, NaN, 4. Mean 7/3 fills the gap; the std of {1, 2, 7/3, 4}.
        const double m = 7.0 / 3.0;
        const double meanStd =
            std::sqrt(((1 - m) * (1 - m) + (2 - m) * (2 - m) + (4 - m) * (4 - m)) / 4);
        QTest::newRow("mean, standard") << 0 << 0 << m << m << meanStd;
        // Median 2 fills: {1, 2, 2, 4} has mean 2.25.
        const double medianStd = std::sqrt((1.5625 + 0.0625 + 0.0625 + 3.0625) / 4);
        QTest::newRow("median, standard") << 1 << 0 << 2.0 << 2.25 << medianStd;
        QTest::newRow("mean, none") << 0 << 1 << m << 0.0 << 1.0;
        // Min-max of {1, 2, 7/3, 4}: min 1, range 3.
        QTest::newRow("mean, minmax") << 0 << 2 << m << 1.0 << 3.0;
        // Robust of {1, 2, 2, 4}: median 2, np.percentile 75 - 25 = 2.5 - 1.75.
        QTest::newRow("median, robust") << 1 << 3 << 2.0 << 2.0 << 0.75;
        // Most frequent of {1, 2, 4} (all once): the smallest, as scikit-learn.
        QTest::newRow("most_frequent, robust") << 2 << 3 << 1.0 << 1.5 << 1.5;
    }

    void numericSteps() {
        QFETCH(int, impute);
        QFETCH(int, scaling);
        QFETCH(double, fill);
        QFETCH(double, mean);
        QFETCH(double, scale);
        PipelineOptions options;
        options.numericImpute = NumericImpute(impute);
        options.scaling = std::array{Scaling::Standard, Scaling::None, Scaling::MinMax,
                                     Scaling::Robust}[size_t(scaling)];
        Pipeline pipeline(options);
        Table table = sample();
        pipeline.fit(table, {"x"}, kTrain);  // row 4 (x = 100) is not seen
        const auto& step = pipeline.steps().at(0);
        QVERIFY(std::abs(step.fill - fill) < 1e-12);
        QVERIFY(std::abs(step.mean - mean) < 1e-12);
        QVERIFY(std::abs(step.scale - scale) < 1e-12);
        auto x = pipeline.transform(table, kAll);
        QCOMPARE(x.rows(), 5);
        QCOMPARE(x(2, 0), float((fill - mean) / scale));
        QCOMPARE(x(4, 0), float((100 - mean) / scale));
    }

    void logTransform() {
        PipelineOptions options;
        options.scaling = Scaling::None;
        options.logColumns = {"x"};
        Pipeline pipeline(options);
        Table table({numeric("x", {0, std::exp(1.0) - 1, kNaN, -5})});
        pipeline.fit(table, {"x"}, std::vector<int64_t>{0, 1, 2});
        QVERIFY(pipeline.steps()[0].log);
        QVERIFY(std::abs(pipeline.steps()[0].fill - 0.5) < 1e-12);  // mean of log1p: 0 and 1
        const auto x = pipeline.transform(table, std::vector<int64_t>{0, 1, 2, 3});
        QCOMPARE(x(0, 0), 0.0f);
        QCOMPARE(x(1, 0), 1.0f);
        QCOMPARE(x(2, 0), 0.5f);
        QCOMPARE(x(3, 0), 0.5f);  // below -1: missing
        Pipeline back = Pipeline::fromJson(pipeline.toJson());
        QVERIFY(back.steps()[0].log);
        QVERIFY(back.transform(table, std::vector<int64_t>{0, 1, 2, 3}) == x);
        // A negative training value is refused, naming the column and the row.
        try {
            pipeline.fit(table, {"x"}, std::vector<int64_t>{0, 3});
            QFAIL("no error thrown");
        } catch (const loupe::InputError& error) {
            QVERIFY2(QString(error.what()).contains("'x' has a negative value"), error.what());
        }
        options.logColumns = {"c"};
        QVERIFY_THROWS_EXCEPTION(loupe::InputError,
                                 Pipeline(options).fit(sample(), {"x", "c"}, kAll));
    }

    void ordinal() {
        Table table = sample();
        PipelineOptions options;
        options.encoding = loupe::data::Encoding::Ordinal;
        Pipeline pipeline(options);
        pipeline.fit(table, {"c", "x"}, kTrain);  // a, b seen; b most frequent; z unseen
        QCOMPARE(pipeline.outputWidth(), 2);
        QCOMPARE(pipeline.outputNames(), (std::vector<std::string>{"c", "x"}));
        QCOMPARE(pipeline.outputSource(), (std::vector<int64_t>{0, 1}));
        const auto x = pipeline.transform(table, kAll);
        const float expected[5] = {1, 0, 1, 1, -1};
        for (int r = 0; r < 5; ++r) QCOMPARE(x(r, 0), expected[r]);
        const Pipeline back = Pipeline::fromJson(pipeline.toJson());
        QVERIFY(back.options().encoding == loupe::data::Encoding::Ordinal);
        QVERIFY(back.transform(table, kAll) == x);
    }

    /// A pipeline written before the encoding and log keys existed loads as one-hot, no log.
    void olderJsonLoads() {
        const auto json = nlohmann::json::parse(
            R"({"version":1,"numeric_impute":"mean","scaling":"standard","steps":[)"
            R"({"column":"x","type":"numeric","fill":1,"mean":2,"scale":3},)"
            R"({"column":"c","type":"categorical","categories":["a","b"],"fill_category":0}]})");
        const Pipeline pipeline = Pipeline::fromJson(json);
        QVERIFY(pipeline.options().encoding == loupe::data::Encoding::OneHot);
        QVERIFY(!pipeline.steps()[0].log);
        QCOMPARE(pipeline.outputWidth(), 3);
        QCOMPARE(pipeline.toJson(), json);  // written back as it was
    }

    void medianOfOddCount() {
        Table table({numeric("x", {5, kNaN, 1, 3})});
        Pipeline pipeline(PipelineOptions{NumericImpute::Median, Scaling::None});
        pipeline.fit(table, {"x"}, std::vector<int64_t>{0, 1, 2, 3});
        QCOMPARE(pipeline.steps()[0].fill, 3.0);
    }

    void constantColumnScalesByOne() {
        Table table({numeric("x", {3, 3, 3})});
        Pipeline pipeline;
        pipeline.fit(table, {"x"}, std::vector<int64_t>{0, 1, 2});
        QCOMPARE(pipeline.steps()[0].scale, 1.0);
        QCOMPARE(pipeline.transform(table, std::vector<int64_t>{0})(0, 0), 0.0f);
    }

    void oneHot() {
        Table table = sample();
        Pipeline pipeline;
        pipeline.fit(table, {"c"}, kTrain);  // train sees a, b (twice), missing; not z
        const auto& step = pipeline.steps().at(0);
        QCOMPARE(step.categories, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(step.fillCategory, 1);  // b is the most frequent
        QCOMPARE(pipeline.outputNames(), (std::vector<std::string>{"c=a", "c=b"}));
        auto x = pipeline.transform(table, kAll);
        const float expected[5][2] = {{0, 1}, {1, 0}, {0, 1}, {0, 1}, {0, 0}};  // z unseen: zeros
        for (int r = 0; r < 5; ++r) {
            for (int c = 0; c < 2; ++c) QCOMPARE(x(r, c), expected[r][c]);
        }
    }

    void tieTakesFirstSorted() {
        Table table({categorical("c", {"zeta", "alpha", "mid"}, {0, 1, 2, 0, 1, -1})});
        Pipeline pipeline;
        pipeline.fit(table, {"c"}, std::vector<int64_t>{0, 1, 2, 3, 4, 5});
        QCOMPARE(pipeline.steps()[0].categories,
                 (std::vector<std::string>{"alpha", "mid", "zeta"}));
        QCOMPARE(pipeline.steps()[0].fillCategory, 0);
    }

    void layoutAndSources() {
        Table table = sample();
        Pipeline pipeline;
        pipeline.fit(table, {"c", "x"}, kAll);
        QCOMPARE(pipeline.inputWidth(), 2);
        QCOMPARE(pipeline.outputWidth(), 4);
        QCOMPARE(pipeline.outputNames(), (std::vector<std::string>{"c=a", "c=b", "c=z", "x"}));
        QCOMPARE(pipeline.outputSource(), (std::vector<int64_t>{0, 0, 0, 1}));
    }

    void jsonRoundTrip() {
        Table table({numeric("x", {0.1, 0.7, 1.0 / 3.0, kNaN, 1e-300}),
                     categorical("c", {"é", "a b", "\""}, {0, 1, 2, -1, 0})});
        Pipeline pipeline(PipelineOptions{NumericImpute::Median, Scaling::Standard});
        pipeline.fit(table, {"x", "c"}, std::vector<int64_t>{0, 1, 2, 3, 4});
        const std::string text = pipeline.toJson().dump();
        Pipeline back = Pipeline::fromJson(nlohmann::json::parse(text));
        QCOMPARE(back.toJson().dump(), text);
        QCOMPARE(back.steps().size(), pipeline.steps().size());
        for (size_t i = 0; i < back.steps().size(); ++i) {
            const auto &a = pipeline.steps()[i], &b = back.steps()[i];
            QCOMPARE(b.column, a.column);
            QVERIFY(b.fill == a.fill && b.mean == a.mean && b.scale == a.scale);  // bit for bit
            QCOMPARE(b.categories, a.categories);
            QCOMPARE(b.fillCategory, a.fillCategory);
        }
        QVERIFY(back.transform(table, kAll) == pipeline.transform(table, kAll));
        QVERIFY(back.options().numericImpute == NumericImpute::Median);
    }

    void malformedJson_data() {
        QTest::addColumn<QString>("json");
        QTest::newRow("not an object") << "[1]";
        QTest::newRow("wrong version")
            << R"({"version":9,"numeric_impute":"mean","scaling":"none","steps":[]})";
        QTest::newRow("unknown type")
            << R"({"version":1,"numeric_impute":"mean","scaling":"none","steps":[{"column":"a","type":"x"}]})";
        QTest::newRow("bad fill category")
            << R"({"version":1,"numeric_impute":"mean","scaling":"none","steps":[{"column":"a","type":"categorical","categories":["p"],"fill_category":4}]})";
        QTest::newRow("unknown scaling")
            << R"({"version":1,"numeric_impute":"mean","scaling":"log","steps":[]})";
        QTest::newRow("unknown encoding")
            << R"({"version":1,"numeric_impute":"mean","scaling":"none","categorical_encoding":"hash","steps":[]})";
        QTest::newRow("zero scale")
            << R"({"version":1,"numeric_impute":"mean","scaling":"none","steps":[{"column":"a","type":"numeric","fill":0,"mean":0,"scale":0}]})";
    }

    void malformedJson() {
        QFETCH(QString, json);
        QVERIFY_THROWS_EXCEPTION(loupe::ModelError,
                                 Pipeline::fromJson(nlohmann::json::parse(json.toStdString())));
    }

    void missingColumnAtTransform() {
        Pipeline pipeline;
        pipeline.fit(sample(), {"x"}, kAll);
        Table other({numeric("w", {1})}, "other.csv");
        try {
            (void)pipeline.transform(other, std::vector<int64_t>{0});
            QFAIL("no error thrown");
        } catch (const loupe::InputError& error) {
            QVERIFY2(QString(error.what()).contains("other.csv: no column named 'x'"),
                     error.what());
        }
    }

    void defaultFeaturesSkipTargetAndText() {
        QCOMPARE(loupe::data::defaultFeatures(sample(), "y"), (std::vector<std::string>{"x", "c"}));
    }
};

QTEST_APPLESS_MAIN(TestPipeline)
#include "test_pipeline.moc"
