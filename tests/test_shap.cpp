// core/explain: SHAP efficiency for every method, linear == exact on the logit, kernel at full
// budget == exact, permutation sampling converging to exact, one-hot grouping, background
// summaries, permutation importance, and the errors a user can cause.

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <random>

#include "core/data/reader.h"
#include "core/device/device.h"
#include "core/error.h"
#include "core/explain/permutation_importance.h"
#include "core/explain/shap.h"
#include "core/nn/model.h"

using namespace loupe;

namespace {

Matrix gaussian(int64_t rows, int64_t cols, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    Matrix m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
    return m;
}

nn::Model classifier(int64_t inputs, std::vector<int64_t> hidden, int64_t classes, uint64_t seed) {
    nn::ModelSpec spec;
    spec.hidden = std::move(hidden);
    spec.activation = device::Activation::Tanh;
    nn::Model model = nn::Model::build(spec, inputs, classes, seed);
    for (int64_t c = 0; c < classes; ++c) model.classNames.push_back("c" + std::to_string(c));
    model.targetName = "y";
    return model;
}

std::vector<int64_t> ids(int64_t n) {
    std::vector<int64_t> v(n);
    for (int64_t i = 0; i < n; ++i) v[i] = i;
    return v;
}

double maxAbsDiff(const MatrixD& a, const MatrixD& b) { return (a - b).cwiseAbs().maxCoeff(); }

struct Fixture {
    std::unique_ptr<device::Device> device = device::makeDevice("cpu").device;
};

}  // namespace

class TestShap : public QObject {
    Q_OBJECT

private slots:
    void efficiency_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("samples");
        QTest::newRow("exact") << int(explain::ShapMethod::Exact) << 0;
        QTest::newRow("kernel full budget") << int(explain::ShapMethod::Kernel) << 64;
        QTest::newRow("kernel sampled") << int(explain::ShapMethod::Kernel) << 40;
        QTest::newRow("permutation") << int(explain::ShapMethod::Permutation) << 100;
        QTest::newRow("linear") << int(explain::ShapMethod::Linear) << 0;
    }
    void efficiency() {
        QFETCH(int, method);
        QFETCH(int, samples);
        Fixture f;
        const auto shapMethod = static_cast<explain::ShapMethod>(method);
        const bool linear = shapMethod == explain::ShapMethod::Linear;
        const nn::Model model = classifier(6, linear ? std::vector<int64_t>{} : std::vector<int64_t>{8}, 3, 7);
        const Matrix x = gaussian(5, 6, 1);
        const auto bg = explain::sampleBackground(gaussian(30, 6, 2), 30, 0);
        explain::ShapOptions options;
        options.method = shapMethod;
        options.samples = samples;
        const auto r = explain::computeShap(*f.device, model, x, ids(5), bg, options);
        QCOMPARE(r.method, shapMethod);
        QCOMPARE(r.output, std::string(linear ? "logit of c2" : "probability of c2"));
        const Matrix out = linear ? model.forwardRaw(*f.device, x) : model.predict(*f.device, x);
        for (int64_t i = 0; i < x.rows(); ++i) {
            QVERIFY(std::abs(r.baseValue[i] + r.values.row(i).sum() - r.prediction[i]) < 1e-5);
            QVERIFY(std::abs(r.prediction[i] - out(i, 2)) < 1e-5);
            QCOMPARE(r.baseValue[i], r.baseValue[0]);
        }
    }

    void linearEqualsExactOnLogit() {
        Fixture f;
        const nn::Model model = classifier(5, {}, 2, 3);
        const Matrix x = gaussian(8, 5, 4);
        const auto bg = explain::sampleBackground(gaussian(40, 5, 5), 40, 0);
        explain::ShapOptions options;
        options.output = explain::ShapOutput::Logit;
        options.method = explain::ShapMethod::Exact;
        const auto exact = explain::computeShap(*f.device, model, x, ids(8), bg, options);
        options.method = explain::ShapMethod::Linear;
        const auto linear = explain::computeShap(*f.device, model, x, ids(8), bg, options);
        QCOMPARE(exact.output, std::string("logit of c1"));
        QVERIFY(maxAbsDiff(exact.values, linear.values) < 1e-5);
        QVERIFY(std::abs(exact.baseValue[0] - linear.baseValue[0]) < 1e-5);
        QCOMPARE(explain::resolveShapMethod(model, explain::ShapMethod::Auto),
                 explain::ShapMethod::Linear);
    }

    void kernelFullBudgetEqualsExact() {
        Fixture f;
        const nn::Model model = classifier(7, {16, 8}, 2, 11);
        const Matrix x = gaussian(6, 7, 12);
        const auto bg = explain::sampleBackground(gaussian(25, 7, 13), 25, 0);
        explain::ShapOptions options;
        options.method = explain::ShapMethod::Exact;
        const auto exact = explain::computeShap(*f.device, model, x, ids(6), bg, options);
        options.method = explain::ShapMethod::Kernel;
        options.samples = 126;  // 2^7 - 2: every coalition but the empty and the full one
        const auto kernel = explain::computeShap(*f.device, model, x, ids(6), bg, options);
        QVERIFY2(maxAbsDiff(exact.values, kernel.values) < 1e-6,
                 std::to_string(maxAbsDiff(exact.values, kernel.values)).c_str());
        QCOMPARE(kernel.stdErr.cwiseAbs().maxCoeff(), 0.0);
    }

    void samplingConvergesToExact() {
        Fixture f;
        const nn::Model model = classifier(10, {16}, 2, 21);
        const Matrix x = gaussian(6, 10, 22);
        const auto bg = explain::sampleBackground(gaussian(20, 10, 23), 20, 0);
        explain::ShapOptions options;
        options.method = explain::ShapMethod::Exact;
        const auto exact = explain::computeShap(*f.device, model, x, ids(6), bg, options);
        for (const auto method : {explain::ShapMethod::Permutation, explain::ShapMethod::Kernel}) {
            options.method = method;
            double previous = INFINITY;
            for (const int64_t samples : {40, 200, 1000}) {  // below 2^10 - 2: sampled
                options.samples = samples;
                const auto r = explain::computeShap(*f.device, model, x, ids(6), bg, options);
                const double error = (r.values - exact.values).cwiseAbs().mean();
                QVERIFY2(error < previous, (explain::shapMethodName(method) + " " +
                                            std::to_string(samples) + ": " + std::to_string(error))
                                               .c_str());
                previous = error;
                QVERIFY(r.stdErr.maxCoeff() > 0);
            }
            QVERIFY2(previous < 0.02 * exact.values.cwiseAbs().maxCoeff(), std::to_string(previous).c_str());
        }
    }

    void oneHotColumnsAreOneFeature() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("mixed.csv").toStdString();
        std::ofstream(path) << "a,color,b\n1.5,red,2\n0.2,green,-1\n-0.7,blue,0.5\n2.1,red,1\n"
                               "0.0,green,0\n-1.2,blue,3\n0.9,red,-2\n";
        const data::Table table = data::readTable(path);
        std::vector<int64_t> rows = ids(table.rowCount());
        Fixture f;
        nn::Model model = classifier(5, {}, 2, 31);
        model.pipeline.fit(table, {"a", "color", "b"}, rows);
        QCOMPARE(model.pipeline.outputWidth(), int64_t{5});
        const Matrix x = model.pipeline.transform(table, rows);
        const auto bg = explain::sampleBackground(x, 100, 0);
        explain::ShapOptions options;
        options.output = explain::ShapOutput::Logit;
        options.method = explain::ShapMethod::Exact;
        const auto exact = explain::computeShap(*f.device, model, x, rows, bg, options);
        QCOMPARE(exact.features, (std::vector<std::string>{"a", "color", "b"}));
        QCOMPARE(exact.values.cols(), Eigen::Index{3});
        options.method = explain::ShapMethod::Linear;
        const auto linear = explain::computeShap(*f.device, model, x, rows, bg, options);
        // For an additive model, the Shapley value of a group of columns is the sum of the
        // columns' terms; exact SHAP over the group must agree with the grouped closed form.
        QVERIFY(maxAbsDiff(exact.values, linear.values) < 1e-5);
        // A row whose color every background row shares gets nothing for color.
        const auto sameColor = explain::Background{x.topRows(1).replicate(3, 1), {1.0, 2.0, 3.0}};
        options.method = explain::ShapMethod::Exact;
        const Matrix first = x.topRows(1);
        const auto r = explain::computeShap(*f.device, model, first, {0}, sameColor, options);
        QCOMPARE(r.values(0, 1), 0.0);
    }

    void backgroundSummaries() {
        const Matrix data = gaussian(200, 4, 41);
        const auto sample = explain::sampleBackground(data, 50, 3);
        QCOMPARE(sample.x.rows(), Eigen::Index{50});
        QCOMPARE(explain::sampleBackground(data, 50, 3).x, sample.x);
        const auto summary = explain::kmeansBackground(data, 10, 3);
        QVERIFY(summary.x.rows() <= 10 && summary.x.rows() > 1);
        double total = 0;
        for (const double w : summary.weights) total += w;
        QCOMPARE(total, 200.0);
        for (int64_t c = 0; c < summary.x.rows(); ++c)  // snapped to values the column takes
            for (int64_t j = 0; j < 4; ++j)
                QVERIFY((data.col(j).array() == summary.x(c, j)).any());
    }

    void permutationImportance() {
        Fixture f;
        nn::Model model = classifier(4, {}, 2, 51);
        model.layers()[0]->parameters()[0].value.row(2).setZero();  // feature 3 is ignored
        const Matrix x = gaussian(300, 4, 52);
        const Matrix p = model.predict(*f.device, x);
        std::vector<double> labels;
        for (int64_t i = 0; i < x.rows(); ++i) labels.push_back(p(i, 1) > 0.5 ? 1.0 : 0.0);
        explain::ImportanceOptions options;
        options.repeats = 4;
        const auto r = explain::permutationImportance(*f.device, model, x, labels, options);
        QCOMPARE(r.metric, std::string("accuracy"));
        QCOMPARE(r.baseline, 1.0);
        QCOMPARE(r.mean[2], 0.0);
        QCOMPARE(r.std[2], 0.0);
        QVERIFY(r.mean[0] > 0 || r.mean[1] > 0 || r.mean[3] > 0);
        options.metric = explain::ImportanceMetric::R2;
        QVERIFY_THROWS_EXCEPTION(InputError, explain::permutationImportance(*f.device, model, x,
                                                                            labels, options));
    }

    void errors() {
        Fixture f;
        const nn::Model wide = classifier(17, {4}, 2, 61);
        const auto bg = explain::sampleBackground(gaussian(5, 17, 62), 5, 0);
        explain::ShapOptions options;
        options.method = explain::ShapMethod::Exact;
        const Matrix x = gaussian(1, 17, 63);
        QVERIFY_THROWS_EXCEPTION(InputError, explain::computeShap(*f.device, wide, x, {0}, bg, options));
        QCOMPARE(explain::resolveShapMethod(wide, explain::ShapMethod::Auto),
                 explain::ShapMethod::Kernel);
        options.method = explain::ShapMethod::Kernel;
        options.samples = 10;
        QVERIFY_THROWS_EXCEPTION(InputError, explain::computeShap(*f.device, wide, x, {0}, bg, options));
        options.method = explain::ShapMethod::Linear;
        QVERIFY_THROWS_EXCEPTION(InputError, explain::computeShap(*f.device, wide, x, {0}, bg, options));
        options.method = explain::ShapMethod::Permutation;
        options.classIndex = 2;
        QVERIFY_THROWS_EXCEPTION(InputError, explain::computeShap(*f.device, wide, x, {0}, bg, options));
        QVERIFY_THROWS_EXCEPTION(InputError, explain::parseShapMethod("tree"));
        QVERIFY_THROWS_EXCEPTION(InputError, explain::sampleBackground(Matrix(0, 3), 5, 0));
        options.classIndex = -1;
        std::stop_source stop;
        stop.request_stop();
        QVERIFY_THROWS_EXCEPTION(Cancelled, explain::computeShap(*f.device, wide, x, {0}, bg,
                                                                 options, {}, stop.get_token()));
    }
};

QTEST_GUILESS_MAIN(TestShap)
#include "test_shap.moc"
