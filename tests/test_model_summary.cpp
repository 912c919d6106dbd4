// ModelSummary: per-layer shapes, parameters, FLOPs (2*in*out per Dense, 1 per activation
// element, 0 for Dropout), bytes, parameter statistics and histograms checked against sums in
// double; pipeline steps as nodes; the comparison of a model with a pruned copy and with a model
// of another depth.

#include <QtTest>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/data/pipeline.h"
#include "core/nn/dense.h"
#include "core/nn/model.h"
#include "core/nn/model_summary.h"

using namespace loupe;
using namespace loupe::nn;

namespace {

Model mlp(std::vector<int64_t> hidden, float dropout = 0.0f, uint64_t seed = 1) {
    ModelSpec spec;
    spec.hidden = std::move(hidden);
    spec.dropout = dropout;
    return Model::build(spec, 30, 2, seed);
}

data::Column numeric(std::string name, std::vector<double> values) {
    data::Column c;
    c.name = std::move(name);
    c.numeric = std::move(values);
    return c;
}

data::Column categorical(std::string name, std::vector<std::string> categories,
                         std::vector<int32_t> codes) {
    data::Column c;
    c.name = std::move(name);
    c.type = data::ColumnType::Categorical;
    c.categories = std::move(categories);
    c.codes = std::move(codes);
    return c;
}

}  // namespace

class TestModelSummary : public QObject {
    Q_OBJECT
private slots:
    void layersShapesFlopsAndBytes() {
        const Model model = mlp({64}, 0.2f);
        const ModelSummary s = summarizeModel(model);
        QCOMPARE(s.layers.size(), size_t(3));  // Dense, Dropout, Dense
        const LayerSummary& first = s.layers[0];
        QCOMPARE(first.type, std::string("dense"));
        QCOMPARE(first.activation, std::string("relu"));
        QCOMPARE(first.inputs, int64_t(30));
        QCOMPARE(first.outputs, int64_t(64));
        QCOMPARE(first.parameters, int64_t(30 * 64 + 64));
        QCOMPARE(first.flops, int64_t(2 * 30 * 64 + 64));  // the fused ReLU: 1 per output
        QCOMPARE(first.activations, int64_t(64));
        QCOMPARE(first.bytes, int64_t(4 * (30 * 64 + 64)));
        QCOMPARE(first.params.size(), size_t(2));
        QCOMPARE(first.params[0].name, std::string("weight"));
        QCOMPARE(first.params[0].rows, int64_t(30));
        QCOMPARE(first.params[0].cols, int64_t(64));
        const LayerSummary& dropout = s.layers[1];
        QCOMPARE(dropout.type, std::string("dropout"));
        QCOMPARE(dropout.flops, int64_t(0));
        QCOMPARE(dropout.parameters, int64_t(0));
        QVERIFY(std::abs(dropout.dropoutRate - 0.2) < 1e-6);
        const LayerSummary& head = s.layers[2];
        QCOMPARE(head.activation, std::string("identity"));
        QCOMPARE(head.flops, int64_t(2 * 64 * 2));
        QCOMPARE(s.parameters, model.parameterCount());
        QCOMPARE(s.flops, first.flops + head.flops);
        QCOMPARE(s.bytes, 4 * model.parameterCount());
        QCOMPARE(s.encodedWidth, int64_t(30));
        QCOMPARE(s.inputColumns.size(), size_t(30));  // no pipeline: x0 ... x29
        QCOMPARE(s.inputColumns.front(), std::string("x0"));
        QCOMPARE(s.outputs, (std::vector<std::string>{"y0", "y1"}));
        QVERIFY(s.pipeline.empty());
    }

    void standaloneActivationCountsOneFlopPerElement() {
        Model model = Model::fromArchitectureJson(nlohmann::json::parse(
            R"([{"type":"dense","inputs":4,"units":5},{"type":"tanh","inputs":5},
                {"type":"dense","inputs":5,"units":1}])"));
        const ModelSummary s = summarizeModel(model);
        QCOMPARE(s.layers[0].flops, int64_t(2 * 4 * 5));
        QCOMPARE(s.layers[1].flops, int64_t(5));
        QCOMPARE(s.layers[1].activation, std::string());
        QCOMPARE(s.layers[2].flops, int64_t(2 * 5));
        QCOMPARE(s.flops, int64_t(40 + 5 + 10));
    }

    void statsOfKnownValues() {
        Matrix m(2, 2);
        m << 0.0f, 1.0f, 2.0f, -3.0f;
        const ParameterStats s = parameterStats("weight", m, 5);
        QCOMPARE(s.count, int64_t(4));
        QCOMPARE(s.zeros, int64_t(1));
        QCOMPARE(s.sparsity, 0.25);
        QCOMPARE(s.mean, 0.0);
        QVERIFY(std::abs(s.std - std::sqrt(3.5)) < 1e-12);
        QCOMPARE(s.min, -3.0);
        QCOMPARE(s.max, 2.0);
        // Bins of width 1 over [-3, 2]; the maximum belongs to the last bin.
        QCOMPARE(s.histogram, (std::vector<int64_t>{1, 0, 0, 1, 2}));
        QCOMPARE(s.histMin, -3.0);
        QCOMPARE(s.histMax, 2.0);

        const ParameterStats constant = parameterStats("bias", Matrix::Zero(1, 7), 4);
        QCOMPARE(constant.sparsity, 1.0);
        QCOMPARE(constant.std, 0.0);
        QCOMPARE(constant.histMin, -0.5);
        QCOMPARE(constant.histMax, 0.5);
        QCOMPARE(std::accumulate(constant.histogram.begin(), constant.histogram.end(), int64_t(0)),
                 int64_t(7));

        Matrix diverged(1, 3);
        diverged << 1.0f, std::nanf(""), 2.0f;
        const ParameterStats nan = parameterStats("weight", diverged, 3);  // no UB, all counted
        QCOMPARE(std::accumulate(nan.histogram.begin(), nan.histogram.end(), int64_t(0)),
                 int64_t(3));

        const ParameterStats empty = parameterStats("bias", Matrix(0, 0), 0);
        QCOMPARE(empty.count, int64_t(0));
        QCOMPARE(empty.histogram.size(), size_t(1));
    }

    void statsMatchDoubleSums() {
        const Model model = mlp({16});
        const Matrix& w = model.layers()[0]->parameters()[0].value;
        const ParameterStats s = summarizeModel(model, 12).layers[0].params[0];
        const Eigen::ArrayXd v =
            Eigen::Map<const Eigen::ArrayXf>(w.data(), w.size()).cast<double>();
        const double mean = v.mean();
        QVERIFY(std::abs(s.mean - mean) < 1e-9);
        QVERIFY(std::abs(s.std - std::sqrt((v - mean).square().mean())) < 1e-9);
        QCOMPARE(s.min, v.minCoeff());
        QCOMPARE(s.max, v.maxCoeff());
        QCOMPARE(s.histogram.size(), size_t(12));
        QCOMPARE(std::accumulate(s.histogram.begin(), s.histogram.end(), int64_t(0)), s.count);
        // Each bin holds exactly the values in [lo, lo + width) (the last one closed).
        const double width = (s.histMax - s.histMin) / 12.0;
        for (int b = 0; b < 12; ++b) {
            const double lo = s.histMin + b * width, hi = lo + width;
            const auto inBin = b == 11 ? (v >= lo && v <= hi).count() : (v >= lo && v < hi).count();
            QCOMPARE(s.histogram[b], int64_t(inBin));
        }
    }

    void pipelineStepsAsNodes() {
        data::Table table({numeric("age", {30, 40, std::numeric_limits<double>::quiet_NaN(), 50}),
                           numeric("income", {1, 2, 3, 4}),
                           categorical("city", {"a", "b", "c"}, {0, 1, 2, -1})});
        data::Pipeline pipeline;
        const std::vector<int64_t> rows{0, 1, 2, 3};
        pipeline.fit(table, {"age", "income", "city"}, rows);
        ModelSpec spec;
        spec.hidden = {4};
        Model model = Model::build(spec, pipeline.outputWidth(), 1, 0);
        model.pipeline = pipeline;
        model.task = data::Task::Regression;
        model.targetName = "price";
        const ModelSummary s = summarizeModel(model);
        QCOMPARE(s.inputColumns, (std::vector<std::string>{"age", "income", "city"}));
        QCOMPARE(s.encodedWidth, int64_t(5));
        QCOMPARE(s.outputs, (std::vector<std::string>{"price"}));
        QCOMPARE(s.pipeline.size(), size_t(3));
        QCOMPARE(s.pipeline[0].kind, std::string("impute"));
        QCOMPARE(s.pipeline[0].method, std::string("mean / most frequent"));
        QCOMPARE(s.pipeline[0].columns.size(), size_t(3));
        QCOMPARE(s.pipeline[1].kind, std::string("scale"));
        QCOMPARE(s.pipeline[1].columns, (std::vector<std::string>{"age", "income"}));
        QCOMPARE(s.pipeline[2].kind, std::string("one-hot"));
        QCOMPARE(s.pipeline[2].columns, (std::vector<std::string>{"city"}));
        QCOMPARE(s.pipeline[2].inputs, int64_t(3));
        QCOMPARE(s.pipeline[2].outputs, int64_t(5));
    }

    void classNamesAreTheOutputs() {
        Model model = mlp({4});
        model.classNames = {"benign", "malignant"};
        QCOMPARE(summarizeModel(model).outputs, model.classNames);
    }

    void comparisonOfAPrunedCopy() {
        const Model original = mlp({8}, 0.1f);
        Model pruned = original.clone();
        auto& w = static_cast<Dense&>(*pruned.layers()[0]).weight();
        w.leftCols(3).setZero();  // 3 units x 30 inputs
        const ModelSummary a = summarizeModel(original), b = summarizeModel(pruned);
        const ModelComparison c = compareModels(a, b);
        QCOMPARE(c.layers.size(), size_t(2));  // the Dropout has no parameters: no row
        QCOMPARE(c.layers[0].label, std::string("Dense 1"));
        QCOMPARE(c.layers[1].label, std::string("Dense 2"));
        QCOMPARE(c.layers[1].originalIndex, int64_t(2));
        QCOMPARE(c.layers[0].parameterChange, int64_t(0));
        QCOMPARE(c.layers[0].nonzeroChange, int64_t(-90));
        QCOMPARE(c.layers[0].byteChange, int64_t(0));
        // Model::build starts biases at 0: they count as zeros too.
        QVERIFY(std::abs(c.layers[0].compressed.sparsity() - 98.0 / (30 * 8 + 8)) < 1e-12);
        QCOMPARE(c.layers[1].nonzeroChange, int64_t(0));
        QCOMPARE(c.total.label, std::string("Total"));
        QCOMPARE(c.total.nonzeroChange, int64_t(-90));
        QCOMPARE(c.total.original.parameters, original.parameterCount());
        QVERIFY(std::abs(b.sparsity() - 100.0 / double(original.parameterCount())) < 1e-12);
    }

    void comparisonOfDifferentDepths() {
        const ModelSummary a = summarizeModel(mlp({8, 4})), b = summarizeModel(mlp({6}));
        const ModelComparison c = compareModels(a, b);
        QCOMPARE(c.layers.size(), size_t(3));
        QCOMPARE(c.layers[1].compressed.outputs, int64_t(2));  // b's head against a's 2nd layer
        QCOMPARE(c.layers[2].compressedIndex, int64_t(-1));
        QCOMPARE(c.layers[2].compressed.parameters, int64_t(0));
        QCOMPARE(c.layers[2].parameterChange, -c.layers[2].original.parameters);
        QCOMPARE(c.total.parameterChange, b.parameters - a.parameters);
        QCOMPARE(c.total.byteChange, 4 * (b.parameters - a.parameters));
    }
};

QTEST_APPLESS_MAIN(TestModelSummary)
#include "test_model_summary.moc"
