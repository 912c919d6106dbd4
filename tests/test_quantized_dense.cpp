// QuantizedDense ("dense_int8"): per-unit symmetric weight codes, its forward pass against the
// float Dense it came from and against a plain dequantized reference, its config through
// makeLayer, and the refusal to train.

#include <QtTest>
#include <cmath>
#include <random>
#include <thread>
#include <vector>

#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/nn/dense.h"
#include "core/nn/model.h"
#include "core/nn/model_summary.h"
#include "core/nn/quantized_dense.h"

using namespace loupe;
using device::Activation;
using device::CpuDevice;
using device::InputQuantization;
using device::Tensor;

namespace {

nn::Dense randomDense(int64_t inputs, int64_t units, Activation act, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 0.2f);
    nn::Dense dense(inputs, units, act);
    for (int64_t i = 0; i < dense.weight().size(); ++i) dense.weight().data()[i] = normal(rng);
    for (int64_t i = 0; i < dense.bias().size(); ++i) dense.bias().data()[i] = normal(rng);
    dense.weight().col(3).setZero();  // an all-zero unit keeps scale 1 and codes 0
    return dense;
}

Matrix randomInput(int64_t rows, int64_t cols, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> u(-2.0f, 2.0f);
    Matrix x(rows, cols);
    for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = u(rng);
    return x;
}

Matrix forward(nn::Layer& layer, const Matrix& input) {
    CpuDevice dev(2);
    nn::LayerState state = nn::makeLayerState(dev, layer, false);
    Tensor x = dev.allocate(input.rows(), input.cols()), y;
    dev.upload(input.data(), x);
    layer.forward(dev, state, x, y, false, 0);
    Matrix out(y.rows(), y.cols());
    dev.download(y, out.data());
    return out;
}

}  // namespace

class TestQuantizedDense : public QObject {
    Q_OBJECT
private slots:
    void codesAndScales() {
        const nn::Dense dense = randomDense(20, 8, Activation::ReLU, 1);
        auto q = nn::QuantizedDense::fromDense(dense, {2.0f / 127.0f, 128});
        const Matrix& codes = q->parameters()[0].value;
        const Matrix& scales = q->parameters()[1].value;
        const Matrix& w = static_cast<const nn::Layer&>(dense).parameters()[0].value;
        for (int64_t c = 0; c < 8; ++c) {
            if (c == 3) {
                QCOMPARE(scales(0, c), 1.0f);
                QVERIFY(codes.col(c).isZero());
                continue;
            }
            QCOMPARE(scales(0, c), w.col(c).cwiseAbs().maxCoeff() / 127.0f);
            QCOMPARE(codes.col(c).cwiseAbs().maxCoeff(), 127.0f);
            for (int64_t r = 0; r < 20; ++r) {
                QCOMPARE(codes(r, c), std::nearbyint(codes(r, c)));
                QVERIFY(std::abs(codes(r, c) * scales(0, c) - w(r, c)) <=
                        0.5f * scales(0, c) + 1e-7f);
            }
        }
        QCOMPARE(q->parameters()[2].value,
                 static_cast<const nn::Layer&>(dense).parameters()[1].value);
        QCOMPARE(q->int8Weights().size(), size_t{160});
    }

    // Against the float layer: the error is what 8 bits cost, about 1% of the output's spread.
    void forwardCloseToFloat() {
        nn::Dense dense = randomDense(64, 16, Activation::Identity, 2);
        const Matrix x = randomInput(100, 64, 3);
        auto q = nn::QuantizedDense::fromDense(dense, {4.0f / 255.0f, 128});  // covers [-2, 2]
        const Matrix want = forward(dense, x);
        const Matrix got = forward(*q, x);
        const double error = (got - want).norm() / want.norm();
        QVERIFY2(error < 0.02, qPrintable(QString::number(error)));
        QVERIFY(error > 0.0);  // really quantized, not the float path
    }

    // Against the dequantized reference computed here: the same arithmetic, so equal to 1e-5.
    void forwardMatchesDequantizedReference() {
        nn::Dense dense = randomDense(30, 12, Activation::ReLU, 4);
        const InputQuantization iq{0.02f, 100};
        auto q = nn::QuantizedDense::fromDense(dense, iq);
        const Matrix x = randomInput(9, 30, 5);
        const Matrix& codes = q->parameters()[0].value;
        const Matrix& scales = q->parameters()[1].value;
        const Matrix& bias = q->parameters()[2].value;
        Matrix want(9, 12);
        for (int64_t r = 0; r < 9; ++r)
            for (int64_t c = 0; c < 12; ++c) {
                double sum = 0.0;
                for (int64_t k = 0; k < 30; ++k) {
                    const double u8 = std::clamp(
                        std::nearbyint(x(r, k) * (1.0f / iq.scale)) + iq.zeroPoint, 0.0f, 255.0f);
                    sum += (u8 - iq.zeroPoint) * codes(k, c);
                }
                want(r, c) = std::max(0.0, sum * iq.scale * scales(0, c) + bias(0, c));
            }
        const Matrix got = forward(*q, x);
        QVERIFY((got - want).cwiseAbs().maxCoeff() < 1e-5f);
    }

    // predict() builds a fresh Workspace per call and reuses the layer's prepared weights; an
    // edit through parameters() must still be seen by the next call, as a fresh copy sees it.
    void preparedWeightsFollowEdits() {
        nn::Model model;
        model.layers().push_back(
            nn::QuantizedDense::fromDense(randomDense(30, 12, Activation::ReLU, 9), {0.02f, 100}));
        const Matrix x = randomInput(5, 30, 10);
        CpuDevice dev(1);
        const Matrix first = model.forwardRaw(dev, x, 5);
        QCOMPARE(model.forwardRaw(dev, x, 1), first);
        Matrix& codes = model.layers()[0]->parameters()[0].value;
        codes.col(0).setConstant(127.0f);
        codes(2, 5) += codes(2, 5) > 0.0f ? -1.0f : 1.0f;
        const Matrix edited = model.forwardRaw(dev, x, 5);
        QVERIFY(edited != first);
        nn::Model copy;
        copy.layers().push_back(model.layers()[0]->clone());
        CpuDevice other(2);
        QCOMPARE(copy.forwardRaw(other, x, 5), edited);
        QCOMPARE(model.forwardRaw(other, x, 5), edited);  // another device: prepared again
        codes(0, 0) = 0.5f;  // no longer an int8 code: refused, not served from the cache
        QVERIFY_THROWS_EXCEPTION(ModelError, model.forwardRaw(dev, x, 5));

        // 5 x 4 = 20 codes: 16 compared in SIMD packets, 4 one by one; an edit in either part.
        nn::Model small;
        small.layers().push_back(
            nn::QuantizedDense::fromDense(randomDense(5, 4, Activation::Identity, 13), {0.02f, 7}));
        const Matrix xs = randomInput(3, 5, 14);
        Matrix before = small.forwardRaw(dev, xs, 3);
        for (const auto& [r, c] : {std::pair{0, 1}, std::pair{4, 2}}) {
            float& code = small.layers()[0]->parameters()[0].value(r, c);
            code += code > 0.0f ? -1.0f : 1.0f;
            const Matrix after = small.forwardRaw(dev, xs, 3);
            QVERIFY(after != before);
            before = after;
        }
    }

    // Threads predicting with one model, each on its own device, share (and take turns
    // replacing) its prepared weights under the cache's lock; each gets the same answer.
    void concurrentPredictionsShareTheCache() {
        nn::Model model;
        model.layers().push_back(
            nn::QuantizedDense::fromDense(randomDense(64, 32, Activation::ReLU, 11), {0.02f, 90}));
        const Matrix x = randomInput(7, 64, 12);
        CpuDevice reference(1);
        const Matrix want = model.forwardRaw(reference, x, 7);
        std::vector<Matrix> got(4);
        std::vector<std::thread> threads;
        for (size_t t = 0; t < got.size(); ++t)
            threads.emplace_back([&, t] {
                CpuDevice dev(1);
                for (int i = 0; i < 20; ++i) got[t] = model.forwardRaw(dev, x, 1 + int64_t(t));
            });
        for (std::thread& t : threads) t.join();
        for (const Matrix& m : got) QCOMPARE(m, want);
    }

    void configRoundTrip() {
        const nn::Dense dense = randomDense(10, 5, Activation::Tanh, 6);
        auto q = nn::QuantizedDense::fromDense(dense, {0.0123f, 17});
        const nlohmann::json config = q->config();
        QCOMPARE(config["type"].get<std::string>(), std::string("dense_int8"));
        auto rebuilt = nn::makeLayer(nlohmann::json::parse(config.dump()));
        QCOMPARE(rebuilt->config(), config);
        auto* typed = dynamic_cast<nn::QuantizedDense*>(rebuilt.get());
        QVERIFY(typed);
        QCOMPARE(typed->inputQuantization().scale, 0.0123f);
        QCOMPARE(typed->inputQuantization().zeroPoint, 17);
        QCOMPARE(q->clone()->config(), config);

        nlohmann::json bad = config;
        bad["input_zero_point"] = 300;
        QVERIFY_THROWS_EXCEPTION(ModelError, nn::makeLayer(bad));
        bad = config;
        bad["input_scale"] = -1.0;
        QVERIFY_THROWS_EXCEPTION(ModelError, nn::makeLayer(bad));
        bad = config;
        bad.erase("input_scale");
        QVERIFY_THROWS_EXCEPTION(ModelError, nn::makeLayer(bad));
    }

    // The Structure view's summary: int8 weights count 1 byte each, FLOPs as Dense's.
    void summary() {
        nn::Model model;
        model.layers().push_back(
            nn::QuantizedDense::fromDense(randomDense(10, 6, Activation::ReLU, 8), {0.1f, 0}));
        const nn::ModelSummary summary = nn::summarizeModel(model);
        QCOMPARE(summary.layers.size(), size_t{1});
        const nn::LayerSummary& layer = summary.layers[0];
        QCOMPARE(layer.type, std::string("dense_int8"));
        QCOMPARE(layer.activation, std::string("relu"));
        QCOMPARE(layer.parameters, int64_t{10 * 6 + 6 + 6});
        QCOMPARE(layer.bytes, int64_t{10 * 6 + 4 * (6 + 6)});
        QCOMPARE(layer.flops, int64_t{2 * 10 * 6 + 6});

        // The int8 view of it: codes binned 5 to a bin over [-127.5, 127.5], the saturated
        // codes, the per-unit scales as stored.
        QVERIFY(layer.int8);
        const nn::Int8Summary& q = layer.int8Stats;
        QCOMPARE(q.inputScale, double(0.1f));
        QCOMPARE(q.inputZeroPoint, 0);
        QCOMPARE(q.codes.histogram.size(), size_t{51});
        QCOMPARE(q.codes.histMin, -127.5);
        QCOMPARE(q.codes.histMax, 127.5);
        const Matrix& codes = model.layers()[0]->parameters()[0].value;
        std::vector<int64_t> bins(51, 0);
        int64_t saturated = 0;
        for (int64_t i = 0; i < codes.size(); ++i) {
            const float c = codes.data()[i];
            ++bins[size_t((c + 127.5f) / 5.0f)];
            saturated += std::abs(c) == 127.0f;
        }
        QCOMPARE(q.codes.histogram, bins);
        QCOMPARE(q.saturated, saturated);
        QVERIFY(saturated >= 5);  // every unit but the all-zero one reaches +-127
        const Matrix& scales = model.layers()[0]->parameters()[1].value;
        QCOMPARE(q.unitScales.size(), size_t{6});
        for (int64_t c = 0; c < 6; ++c) QCOMPARE(q.unitScales[size_t(c)], double(scales(0, c)));
        QCOMPARE(q.scaleMax, double(scales.maxCoeff()));
        QCOMPARE(q.scaleMin, double(scales.minCoeff()));
        QVERIFY(!nn::summarizeModel(nn::Model::build({}, 3, 2, 1)).layers[0].int8);
    }

    void refusesTrainingAndBadCodes() {
        nn::Dense dense = randomDense(4, 4, Activation::Identity, 7);
        auto q = nn::QuantizedDense::fromDense(dense, {0.1f, 0});
        CpuDevice dev(1);
        nn::LayerState state = nn::makeLayerState(dev, *q, true);
        Tensor x = dev.allocate(2, 4), y = dev.allocate(2, 4), dy = dev.allocate(2, 4), dx;
        try {
            q->backward(dev, state, x, y, dy, &dx);
            QFAIL("backward did not throw");
        } catch (const ModelError& e) {
            QVERIFY(std::string(e.what()).find("fine-tune before quantizing") != std::string::npos);
        }
        q->parameters()[0].value(0, 0) = 0.5f;  // not an int8 code
        QVERIFY_THROWS_EXCEPTION(ModelError, q->int8Weights());
        q->parameters()[0].value(0, 0) = 200.0f;
        QVERIFY_THROWS_EXCEPTION(ModelError, q->int8Weights());
    }
};

QTEST_APPLESS_MAIN(TestQuantizedDense)
#include "test_quantized_dense.moc"
