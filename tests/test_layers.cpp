// Layer and loss gradients against central finite differences of the device's own forward pass
// (objective sum(y * R) accumulated in double), plus the L1/L2 terms and Model plumbing.
// Entries where a one-sided difference disagrees with the other (a ReLU kink inside the step)
// are skipped: the function is not differentiable there.

#include <QtTest>
#include <cmath>
#include <functional>
#include <random>

#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/nn/activation_layer.h"
#include "core/nn/dense.h"
#include "core/nn/dropout.h"
#include "core/nn/loss.h"
#include "core/nn/model.h"

using loupe::Matrix;
using loupe::device::Activation;
using loupe::device::CpuDevice;
using loupe::device::Tensor;
using namespace loupe::nn;

Q_DECLARE_METATYPE(Activation)

namespace {

constexpr double kStep = 1e-3;
constexpr double kTol = 2e-3;

Matrix randomMatrix(int64_t rows, int64_t cols, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> u(-1.5f, 1.5f);
    Matrix m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = u(rng);
    return m;
}

Tensor upload(CpuDevice& dev, const Matrix& m) {
    Tensor t = dev.allocate(m.rows(), m.cols());
    dev.upload(m.data(), t);
    return t;
}

Matrix download(CpuDevice& dev, const Tensor& t) {
    Matrix m(t.rows(), t.cols());
    dev.download(t, m.data());
    return m;
}

/// Compares analytic gradients with central differences of `f` over every entry of `values`.
/// Returns the normalized error over the entries where f is smooth.
double compareWithDifferences(Matrix& values, const Matrix& analytic,
                              const std::function<double()>& f) {
    double diff = 0.0, norm = 0.0;
    int skipped = 0;
    const double f0 = f();
    for (int64_t i = 0; i < values.size(); ++i) {
        const float saved = values.data()[i];
        values.data()[i] = saved + static_cast<float>(kStep);
        const double fp = f();
        values.data()[i] = saved - static_cast<float>(kStep);
        const double fm = f();
        values.data()[i] = saved;
        const double forward = (fp - f0) / kStep, backward = (f0 - fm) / kStep;
        if (std::abs(forward - backward) > 0.05 * (std::abs(forward) + std::abs(backward)) + 1e-2) {
            ++skipped;
            continue;
        }
        const double numeric = (fp - fm) / (2 * kStep);
        diff += std::pow(numeric - analytic.data()[i], 2);
        norm += numeric * numeric;
    }
    if (skipped > values.size() / 4) return 1.0;  // too few smooth entries to judge
    return std::sqrt(diff / std::max(norm, 1e-30));
}

/// Checks dx and every parameter gradient of `layer` for objective sum(y * R).
void checkLayer(Layer& layer, int batch, uint64_t step) {
    CpuDevice dev;
    Matrix x = randomMatrix(batch, layer.inputs(), 21);
    const Matrix r = randomMatrix(batch, layer.outputs(), 22);
    auto objective = [&] {
        LayerState state = makeLayerState(dev, layer, false);
        Tensor tx = upload(dev, x), ty;
        layer.forward(dev, state, tx, ty, true, step);
        return download(dev, ty).cast<double>().cwiseProduct(r.cast<double>()).sum();
    };
    LayerState state = makeLayerState(dev, layer, true);
    Tensor tx = upload(dev, x), ty, tdx;
    layer.forward(dev, state, tx, ty, true, step);
    const Tensor dy = upload(dev, r);
    layer.backward(dev, state, tx, ty, dy, &tdx);
    const Matrix dx = download(dev, tdx);
    QVERIFY2(compareWithDifferences(x, dx, objective) < kTol, "dx differs from differences");
    for (size_t p = 0; p < layer.parameters().size(); ++p) {
        const Matrix grad = download(dev, state.grads[p]);
        QVERIFY2(compareWithDifferences(layer.parameters()[p].value, grad, objective) < kTol,
                 qPrintable(QString::fromStdString(layer.parameters()[p].name)));
    }
}

const std::pair<const char*, Activation> kActivations[] = {{"identity", Activation::Identity},
                                                           {"relu", Activation::ReLU},
                                                           {"tanh", Activation::Tanh},
                                                           {"sigmoid", Activation::Sigmoid},
                                                           {"gelu", Activation::GELU}};

}  // namespace

class TestLayers : public QObject {
    Q_OBJECT

private slots:
    void dense_data() {
        QTest::addColumn<Activation>("activation");
        for (const auto& [name, a] : kActivations) QTest::newRow(name) << a;
    }
    void dense() {
        QFETCH(Activation, activation);
        Dense layer(5, 4, activation);
        layer.weight() = randomMatrix(5, 4, 23);
        layer.bias() = randomMatrix(1, 4, 24);
        checkLayer(layer, 6, 0);
    }

    void activation_data() {
        QTest::addColumn<Activation>("activation");
        for (const auto& [name, a] : kActivations)
            if (a != Activation::Identity) QTest::newRow(name) << a;
    }
    void activation() {
        QFETCH(Activation, activation);
        ActivationLayer layer(activation, 7);
        checkLayer(layer, 5, 0);
    }

    void dropoutWithFixedMask() {
        Dropout layer(8, 0.4f);
        layer.setSeed(99);
        checkLayer(layer, 6, 3);  // step 3 keys the same mask in every forward pass
        CpuDevice dev;
        LayerState state;
        const Matrix x = randomMatrix(6, 8, 25);
        Tensor tx = upload(dev, x), ty;
        layer.forward(dev, state, tx, ty, false, 3);
        QCOMPARE(download(dev, ty), x);  // identity at inference
    }

    void softmaxCrossEntropy_data() {
        QTest::addColumn<bool>("weighted");
        QTest::newRow("unweighted") << false;
        QTest::newRow("class weights") << true;
    }
    void softmaxCrossEntropy() {
        QFETCH(bool, weighted);
        CpuDevice dev;
        const std::vector<float> weights =
            weighted ? std::vector<float>{0.5f, 2.0f, 1.25f} : std::vector<float>{};
        const Loss loss(dev, loupe::data::Task::Classification, weights);
        Matrix logits = randomMatrix(7, 3, 26) * 2.0f;
        Matrix labels(7, 1);
        for (int r = 0; r < 7; ++r) labels(r, 0) = float(r % 3);
        const Tensor tl = upload(dev, labels);
        Tensor scratch = dev.allocate(7, 3), value = dev.allocate(1, 1), grad = dev.allocate(7, 3);
        auto objective = [&] {
            loss.compute(dev, upload(dev, logits), tl, scratch, nullptr, value);
            return double(download(dev, value)(0, 0));
        };
        loss.compute(dev, upload(dev, logits), tl, scratch, &grad, value);
        QVERIFY(compareWithDifferences(logits, download(dev, grad), objective) < kTol);
        QCOMPARE(loss.batchWeight(labels.data(), 7, 3),
                 weighted ? 0.5 * 3 + 2.0 * 2 + 1.25 * 2 : 7.0);
    }

    void meanSquaredError() {
        CpuDevice dev;
        const Loss loss(dev, loupe::data::Task::Regression);
        Matrix pred = randomMatrix(9, 1, 27);
        const Tensor target = upload(dev, randomMatrix(9, 1, 28));
        Tensor scratch = dev.allocate(9, 1), value = dev.allocate(1, 1), grad = dev.allocate(9, 1);
        auto objective = [&] {
            loss.compute(dev, upload(dev, pred), target, scratch, nullptr, value);
            return double(download(dev, value)(0, 0));
        };
        loss.compute(dev, upload(dev, pred), target, scratch, &grad, value);
        QVERIFY(compareWithDifferences(pred, download(dev, grad), objective) < kTol);
    }

    void regularizationTerms_data() {
        QTest::addColumn<float>("l1");
        QTest::addColumn<float>("l2");
        QTest::newRow("l1") << 0.3f << 0.0f;
        QTest::newRow("l2") << 0.0f << 0.7f;
        QTest::newRow("both") << 0.2f << 0.4f;
    }
    void regularizationTerms() {
        // One SGD step with lr 1 on a zero gradient moves w by minus the gradient of the penalty
        // l1 * |w|_1 + l2 / 2 * |w|^2 (torch's weight_decay convention for l2).
        QFETCH(float, l1);
        QFETCH(float, l2);
        CpuDevice dev;
        Matrix w = randomMatrix(4, 5, 29);
        Tensor tw = upload(dev, w), zero = dev.allocate(4, 5), velocity;
        dev.fill(zero, 0.0f);
        dev.sgdUpdate(tw, zero, velocity, {1.0f, 0.0f, false, l1, l2});
        const Matrix analytic = w - download(dev, tw);
        auto penalty = [&] {
            const Eigen::MatrixXd wd = w.cast<double>();
            return l1 * wd.cwiseAbs().sum() + 0.5 * l2 * wd.squaredNorm();
        };
        QVERIFY(compareWithDifferences(w, analytic, penalty) < kTol);
    }

    void modelBuildAndPredict() {
        ModelSpec spec;
        spec.hidden = {16, 8};
        spec.activation = Activation::Tanh;
        spec.dropout = 0.2f;
        Model model = Model::build(spec, 6, 3, 5);
        QCOMPARE(model.layers().size(), size_t(5));  // dense, dropout, dense, dropout, dense
        QCOMPARE(model.parameterCount(), int64_t(6 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3));
        const Model same = Model::build(spec, 6, 3, 5);
        QCOMPARE(same.layers()[0]->parameters()[0].value, model.layers()[0]->parameters()[0].value);

        CpuDevice dev;
        const Matrix x = randomMatrix(37, 6, 30);
        const Matrix whole = model.predict(dev, x);
        const Matrix batched = model.predict(dev, x, 8);
        QVERIFY((whole - batched).norm() < 1e-5f * whole.norm());
        for (int r = 0; r < 37; ++r) QVERIFY(std::abs(whole.row(r).sum() - 1.0f) < 1e-5f);

        const Model rebuilt = Model::fromArchitectureJson(model.architectureJson());
        QCOMPARE(rebuilt.architectureJson(), model.architectureJson());
        const Model copy = model.clone();
        QCOMPARE(copy.predict(dev, x), whole);
        QVERIFY_THROWS_EXCEPTION(loupe::ModelError, model.predict(dev, randomMatrix(3, 5, 31)));
        QVERIFY_THROWS_EXCEPTION(loupe::ModelError,
                                 Model::fromArchitectureJson(nlohmann::json::parse(
                                     R"([{"type":"dense","inputs":4,"units":3},
                                         {"type":"relu","inputs":5}])")));
        QVERIFY_THROWS_EXCEPTION(loupe::ModelError, makeLayer({{"type", "conv"}}));
    }

    void modelPerLayerSpec() {
        ModelSpec spec;
        spec.hidden = {8, 4, 3};
        spec.activations = {Activation::Tanh, Activation::GELU, Activation::Sigmoid};
        spec.dropouts = {0.0f, 0.3f, 0.0f};
        const Model model = Model::build(spec, 5, 2, 9);
        const nlohmann::json arch = model.architectureJson();
        QCOMPARE(arch.size(), size_t(5));  // dense, dense, dropout, dense, dense
        QCOMPARE(arch[0]["activation"].get<std::string>(), std::string("tanh"));
        QCOMPARE(arch[1]["activation"].get<std::string>(), std::string("gelu"));
        QCOMPARE(arch[2]["type"].get<std::string>(), std::string("dropout"));
        QCOMPARE(arch[3]["activation"].get<std::string>(), std::string("sigmoid"));
        QCOMPARE(Model::fromArchitectureJson(arch).architectureJson(), arch);

        spec.dropouts = {0.1f};  // one value for three layers
        QVERIFY_THROWS_EXCEPTION(loupe::ModelError, Model::build(spec, 5, 2, 9));
        spec.dropouts.clear();
        spec.hidden = {8, 0, 3};
        QVERIFY_THROWS_EXCEPTION(loupe::ModelError, Model::build(spec, 5, 2, 9));
    }
};

QTEST_APPLESS_MAIN(TestLayers)
#include "test_layers.moc"
