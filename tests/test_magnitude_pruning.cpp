// Magnitude pruning (plugins/prune_magnitude): the global unstructured one reaches the exact
// sparsity over all Dense weights, keeps biases and shapes, zeroes the smallest magnitudes and
// leaves its input alone; the structured one shrinks hidden layers (and the Dropout and the next
// layer's inputs), keeps the strongest units, and predicts exactly as before when the removed
// units' incoming weights are all 0 (their act(bias) folded into the next bias, sigmoid too).

#include <QtTest>
#include <cmath>

#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/nn/dense.h"
#include "core/nn/dropout.h"
#include "core/nn/model.h"
#include "plugins/prune_magnitude/magnitude_pruning.h"

using namespace loupe;
using namespace loupe::nn;
using plugins::pruneMagnitude;
using plugins::pruneNeurons;

namespace {

Model mlp(std::vector<int64_t> hidden, device::Activation activation = device::Activation::ReLU,
          float dropout = 0.0f) {
    ModelSpec spec;
    spec.hidden = std::move(hidden);
    spec.activation = activation;
    spec.dropout = dropout;
    Model model = Model::build(spec, 12, 3, 7);
    // Non-zero biases, so that folding act(bias) into the next layer matters.
    float b = 0.05f;
    for (auto& layer : model.layers())
        if (auto* dense = dynamic_cast<Dense*>(layer.get()))
            for (int64_t j = 0; j < dense->bias().size(); ++j) dense->bias()(0, j) = (b += 0.03f);
    return model;
}

Matrix inputs(int64_t rows) {
    Matrix x(rows, 12);
    for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = std::sin(0.37f * float(i)) * 2.0f;
    return x;
}

int64_t denseWeights(const Model& m, int64_t* zeros) {
    int64_t total = 0;
    *zeros = 0;
    for (const auto& layer : m.layers())
        if (dynamic_cast<const Dense*>(layer.get())) {
            const Matrix& w = layer->parameters()[0].value;
            total += w.size();
            *zeros += (w.array() == 0.0f).count();
        }
    return total;
}

Dense& dense(Model& m, size_t i) { return static_cast<Dense&>(*m.layers()[i]); }

}  // namespace

class TestMagnitudePruning : public QObject {
    Q_OBJECT
private slots:
    void unstructuredReachesTheExactSparsity_data() {
        QTest::addColumn<double>("sparsity");
        for (double s : {0.0, 0.1, 0.5, 0.737, 0.9, 1.0})
            QTest::newRow(qPrintable(QString::number(s))) << s;
    }
    void unstructuredReachesTheExactSparsity() {
        QFETCH(double, sparsity);
        const Model model = mlp({32, 16});
        plugins::MagnitudePruningReport report;
        const Model pruned = pruneMagnitude(model, sparsity, &report);
        int64_t zeros = 0;
        const int64_t total = denseWeights(pruned, &zeros);
        QCOMPARE(total, int64_t(12 * 32 + 32 * 16 + 16 * 3));
        QCOMPARE(zeros, std::llround(sparsity * double(total)));
        QCOMPARE(report.weights, total);
        QCOMPARE(report.zeros, zeros);
        QCOMPARE(report.zeroed, zeros);  // the initial weights have no zeros
        QCOMPARE(pruned.parameterCount(), model.parameterCount());
        QVERIFY(pruned.architectureJson() == model.architectureJson());
        int64_t originalZeros = 0;
        denseWeights(model, &originalZeros);
        QCOMPARE(originalZeros, int64_t(0));  // the input is untouched
    }

    void unstructuredZeroesTheSmallestAndKeepsBiases() {
        Model model = mlp({8});
        const Model pruned = pruneMagnitude(model, 0.6);
        float largestPruned = 0.0f, smallestKept = 1e30f;
        for (size_t i : {size_t(0), size_t(1)}) {
            const Matrix& before = dense(model, i).weight();
            const Matrix& after = pruned.layers()[i]->parameters()[0].value;
            for (int64_t k = 0; k < before.size(); ++k) {
                if (after.data()[k] == 0.0f)
                    largestPruned = std::max(largestPruned, std::abs(before.data()[k]));
                else {
                    QCOMPARE(after.data()[k], before.data()[k]);
                    smallestKept = std::min(smallestKept, std::abs(before.data()[k]));
                }
            }
            QVERIFY(pruned.layers()[i]->parameters()[1].value == dense(model, i).bias());
        }
        QVERIFY(largestPruned <= smallestKept);
    }

    void unstructuredCountsExistingZerosAndBreaksTies() {
        Model model = mlp({4});
        dense(model, 0).weight().setConstant(0.5f);  // 48 equal magnitudes
        dense(model, 0).weight()(0, 0) = 0.0f;
        dense(model, 1).weight().setConstant(-0.5f);  // 12 more
        plugins::MagnitudePruningReport report;
        const Model pruned = pruneMagnitude(model, 0.25, &report);  // 15 of 60
        QCOMPARE(report.zeros, int64_t(15));
        QCOMPARE(report.zeroed, int64_t(14));
        QCOMPARE(report.threshold, 0.5);
        QVERIFY_THROWS_EXCEPTION(ModelError, pruneMagnitude(model, 1.5));
        QVERIFY_THROWS_EXCEPTION(ModelError, pruneMagnitude(model, -0.1));
        dense(model, 1).weight()(0, 0) = std::nanf("");
        QVERIFY_THROWS_EXCEPTION(ModelError, pruneMagnitude(model, 0.5));
    }

    void structuredShrinksLayersAndKeepsTheStrongest() {
        Model model = mlp({10, 6}, device::Activation::ReLU, 0.2f);  // D, Drop, D, Drop, D
        // Units 2 and 7 of the first layer are the weakest.
        dense(model, 0).weight().col(2) *= 0.01f;
        dense(model, 0).weight().col(7) *= 0.02f;
        plugins::NeuronPruningReport report;
        const Model pruned =
            pruneNeurons(model, 0.3, &report);  // floor(3) of 10, floor(1.8)=1 of 6
        QCOMPARE(report.unitsBefore, (std::vector<int64_t>{10, 6}));
        QCOMPARE(report.unitsAfter, (std::vector<int64_t>{7, 5}));
        QCOMPARE(pruned.layers()[0]->outputs(), int64_t(7));
        QCOMPARE(pruned.layers()[1]->inputs(), int64_t(7));  // the Dropout follows
        QCOMPARE(static_cast<const Dropout&>(*pruned.layers()[1]).rate(), 0.2f);
        QCOMPARE(pruned.layers()[2]->inputs(), int64_t(7));
        QCOMPARE(pruned.layers()[2]->outputs(), int64_t(5));
        QCOMPARE(pruned.layers()[4]->inputs(), int64_t(5));
        QCOMPARE(pruned.layers()[4]->outputs(), int64_t(3));
        QVERIFY(pruned.parameterCount() < model.parameterCount());
        QCOMPARE(pruned.parameterCount(), int64_t(12 * 7 + 7 + 7 * 5 + 5 + 5 * 3 + 3));
        // The norms kept are the 7 largest of the original, in order.
        const std::vector<double> before = plugins::unitNorms(model, 0);
        const std::vector<double> after = plugins::unitNorms(pruned, 0);
        std::vector<double> sorted = before;
        std::sort(sorted.begin(), sorted.end());
        for (double n : after) QVERIFY(n >= sorted[3]);
        QVERIFY(std::find(after.begin(), after.end(), before[2]) == after.end());
        QVERIFY(std::find(after.begin(), after.end(), before[7]) == after.end());
        // The architecture is valid: it rebuilds from JSON and predicts.
        Model rebuilt = Model::fromArchitectureJson(pruned.architectureJson());
        QCOMPARE(rebuilt.parameterCount(), pruned.parameterCount());
        device::CpuDevice cpu;
        QCOMPARE(pruned.predict(cpu, inputs(5)).cols(), int64_t(3));
    }

    void structuredKeepsPredictionsWhenRemovedUnitsAreZero_data() {
        QTest::addColumn<int>("activation");
        QTest::newRow("relu") << int(device::Activation::ReLU);
        QTest::newRow("tanh") << int(device::Activation::Tanh);
        QTest::newRow("sigmoid") << int(device::Activation::Sigmoid);
        QTest::newRow("gelu") << int(device::Activation::GELU);
    }
    void structuredKeepsPredictionsWhenRemovedUnitsAreZero() {
        QFETCH(int, activation);
        Model model = mlp({8, 4}, static_cast<device::Activation>(activation), 0.1f);
        for (int64_t j : {1, 4, 6, 7}) dense(model, 0).weight().col(j).setZero();
        for (int64_t j : {0, 3}) dense(model, 2).weight().col(j).setZero();
        const Model pruned = pruneNeurons(model, 0.5);
        QCOMPARE(pruned.layers()[0]->outputs(), int64_t(4));
        QCOMPARE(pruned.layers()[2]->outputs(), int64_t(2));
        device::CpuDevice cpu;
        const Matrix x = inputs(64);
        const Matrix a = model.forwardRaw(cpu, x), b = pruned.forwardRaw(cpu, x);
        QVERIFY2((a - b).cwiseAbs().maxCoeff() < 1e-5f,
                 qPrintable(QString::number((a - b).cwiseAbs().maxCoeff())));
    }

    void structuredEdgeCases() {
        Model model = mlp({3});
        const Model same = pruneNeurons(model, 0.0);
        QCOMPARE(same.parameterCount(), model.parameterCount());
        const Model one = pruneNeurons(model, 0.99);  // floor(2.97) = 2: one unit stays
        QCOMPARE(one.layers()[0]->outputs(), int64_t(1));
        const Model logistic = pruneNeurons(mlp({}), 0.5);  // no hidden layer: nothing to remove
        QCOMPARE(logistic.parameterCount(), int64_t(12 * 3 + 3));
        QVERIFY_THROWS_EXCEPTION(ModelError, pruneNeurons(model, 1.0));
        QVERIFY_THROWS_EXCEPTION(ModelError, plugins::unitNorms(model, 5));
    }
};

QTEST_APPLESS_MAIN(TestMagnitudePruning)
#include "test_magnitude_pruning.moc"
