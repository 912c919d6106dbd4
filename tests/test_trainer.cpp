// Trainer: it learns, it is deterministic, early stopping and cancel leave the right weights, and
// a seeded run reproduces the committed golden loss curve (checked against PyTorch by
// tests/golden_train_curve.py). LOUPE_UPDATE_GOLDEN=1 rewrites the golden files.

#include <QtTest>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "core/device/cpu/cpu_device.h"
#include "core/nn/model.h"
#include "core/train/trainer.h"

using loupe::Matrix;
using loupe::device::Activation;
using loupe::device::CpuDevice;
using namespace loupe::train;
using loupe::nn::Model;
using loupe::nn::ModelSpec;

namespace {

const std::string kGoldenDir = std::string(LOUPE_TEST_DATA) + "/golden/";

/// Three Gaussian blobs in `dims` dimensions, centres 3 apart.
TrainData blobs(int64_t rows, int64_t dims, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    TrainData d{Matrix(rows, dims), std::vector<float>(static_cast<size_t>(rows))};
    for (int64_t r = 0; r < rows; ++r) {
        const auto c = static_cast<int64_t>(rng() % 3);
        for (int64_t j = 0; j < dims; ++j) d.x(r, j) = (j % 3 == c ? 3.0f : 0.0f) + noise(rng);
        d.y[static_cast<size_t>(r)] = float(c);
    }
    return d;
}

/// XOR of the signs of two uniform coordinates.
TrainData xorData(int64_t rows, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    TrainData d{Matrix(rows, 2), std::vector<float>(static_cast<size_t>(rows))};
    for (int64_t r = 0; r < rows; ++r) {
        d.x(r, 0) = u(rng);
        d.x(r, 1) = u(rng);
        d.y[static_cast<size_t>(r)] = (d.x(r, 0) > 0) != (d.x(r, 1) > 0) ? 1.0f : 0.0f;
    }
    return d;
}

/// The golden problem, also built by tests/golden_train_curve.py: closed-form features, 3 classes.
TrainData goldenData(int64_t first, int64_t rows) {
    TrainData d{Matrix(rows, 4), std::vector<float>(static_cast<size_t>(rows))};
    for (int64_t i = 0; i < rows; ++i) {
        const double r = double(first + i);
        for (int c = 0; c < 4; ++c)
            d.x(i, c) = static_cast<float>(std::sin(0.37 * r + 1.1 * c + 0.5) * (1.0 + 0.5 * c));
        const double s[3] = {double(d.x(i, 0)) + d.x(i, 1), double(d.x(i, 2)) - d.x(i, 1),
                             0.5 * d.x(i, 3)};
        d.y[static_cast<size_t>(i)] =
            float(s[1] > s[0] ? (s[2] > s[1] ? 2 : 1) : (s[2] > s[0] ? 2 : 0));
    }
    return d;
}

double accuracy(const Model& model, const TrainData& d) {
    CpuDevice dev;
    const Matrix p = model.predict(dev, d.x);
    int correct = 0;
    for (int64_t r = 0; r < p.rows(); ++r) {
        Eigen::Index best;
        p.row(r).maxCoeff(&best);
        correct += float(best) == d.y[static_cast<size_t>(r)];
    }
    return double(correct) / double(p.rows());
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private slots:
    void learnsBlobs() {
        CpuDevice dev;
        const TrainData train = blobs(600, 6, 1), val = blobs(300, 6, 2);
        Model model = Model::build({{32}, Activation::ReLU, 0.1f}, 6, 3, 3);
        TrainConfig config;
        config.epochs = 15;
        config.learningRate = 0.01f;
        const History h = fit(model, dev, train, val, config);
        QCOMPARE(h.valMetricName, std::string("val_accuracy"));
        QCOMPARE(h.epochs.size(), size_t(15));
        QVERIFY(h.epochs.back().trainLoss < h.epochs.front().trainLoss);
        QVERIFY(h.epochs.back().valMetric > 0.95);
        QVERIFY(std::abs(accuracy(model, val) - h.epochs.back().valMetric) < 1e-9);
    }

    void learnsXor_data() {
        QTest::addColumn<int>("optimizer");
        QTest::newRow("adam") << int(Optimizer::Adam);
        QTest::newRow("adamw") << int(Optimizer::AdamW);
        QTest::newRow("sgd momentum") << int(Optimizer::Sgd);
    }
    void learnsXor() {
        QFETCH(int, optimizer);
        CpuDevice dev;
        const TrainData train = xorData(1000, 4), val = xorData(400, 5);
        Model model = Model::build({{16, 16}, Activation::Tanh, 0.0f}, 2, 2, 6);
        TrainConfig config;
        config.epochs = 60;
        config.optimizer = Optimizer(optimizer);
        config.learningRate = config.optimizer == Optimizer::Sgd ? 0.05f : 0.01f;
        config.l2 = 1e-4f;
        const History h = fit(model, dev, train, val, config);
        QVERIFY2(h.epochs.back().valMetric > 0.93,
                 qPrintable(QString::number(h.epochs.back().valMetric)));
    }

    void learnsRegression() {
        CpuDevice dev;
        std::mt19937_64 rng(7);
        std::normal_distribution<float> n(0.0f, 1.0f);
        auto make = [&](int64_t rows) {
            TrainData d{Matrix(rows, 3), std::vector<float>(static_cast<size_t>(rows))};
            for (int64_t r = 0; r < rows; ++r) {
                for (int c = 0; c < 3; ++c) d.x(r, c) = n(rng);
                d.y[size_t(r)] = 2 * d.x(r, 0) - d.x(r, 1) * d.x(r, 2) + 0.1f * n(rng);
            }
            return d;
        };
        const TrainData train = make(800), val = make(200);
        Model model = Model::build({{32, 32}, Activation::GELU, 0.0f}, 3, 1, 8);
        model.task = loupe::data::Task::Regression;
        TrainConfig config;
        config.epochs = 40;
        config.learningRate = 0.005f;
        const History h = fit(model, dev, train, val, config);
        QCOMPARE(h.valMetricName, std::string("val_r2"));
        QVERIFY2(h.epochs.back().valMetric > 0.9,
                 qPrintable(QString::number(h.epochs.back().valMetric)));
    }

    void deterministic() {
        CpuDevice dev;
        const TrainData train = blobs(500, 5, 9), val = blobs(100, 5, 10);
        TrainConfig config;
        config.epochs = 5;
        config.batchSize = 48;  // leaves a smaller last batch
        config.seed = 11;
        config.classWeights = {1.0f, 2.0f, 0.5f};
        Model a = Model::build({{24, 12}, Activation::ReLU, 0.3f}, 5, 3, 12);
        Model b = a.clone();
        const History ha = fit(a, dev, train, val, config);
        const History hb = fit(b, dev, train, val, config);
        for (size_t e = 0; e < ha.epochs.size(); ++e) {
            QCOMPARE(ha.epochs[e].trainLoss, hb.epochs[e].trainLoss);
            QCOMPARE(ha.epochs[e].valLoss, hb.epochs[e].valLoss);
        }
        for (size_t l = 0; l < a.layers().size(); ++l)
            for (size_t p = 0; p < a.layers()[l]->parameters().size(); ++p)
                QCOMPARE(a.layers()[l]->parameters()[p].value,
                         b.layers()[l]->parameters()[p].value);
        Model c = Model::build({{24, 12}, Activation::ReLU, 0.3f}, 5, 3, 12);
        config.seed = 12;
        QVERIFY(fit(c, dev, train, val, config).epochs[0].trainLoss != ha.epochs[0].trainLoss);
    }

    void earlyStoppingRestoresBest() {
        CpuDevice dev;
        // Few rows with random labels: the model overfits and the validation loss turns up.
        TrainData train = blobs(40, 4, 13), val = blobs(200, 4, 14);
        std::mt19937_64 rng(15);
        for (float& y : train.y) y = float(rng() % 3);
        Model model = Model::build({{64, 64}, Activation::ReLU, 0.0f}, 4, 3, 16);
        TrainConfig config;
        config.epochs = 300;
        config.batchSize = 8;
        config.learningRate = 0.01f;
        config.earlyStopPatience = 3;
        const History h = fit(model, dev, train, val, config);
        QVERIFY(h.stoppedEarly);
        QCOMPARE(int64_t(h.epochs.size()), h.bestEpoch + config.earlyStopPatience);
        double bestLoss = 1e30;
        int64_t bestEpoch = 0;
        for (const EpochRecord& e : h.epochs)
            if (e.valLoss < bestLoss) bestLoss = e.valLoss, bestEpoch = e.epoch;
        QCOMPARE(h.bestEpoch, bestEpoch);
        // The model holds the best epoch's weights: its validation loss is that epoch's.
        const Matrix p = model.predict(dev, val.x);
        double loss = 0;
        for (int64_t r = 0; r < p.rows(); ++r)
            loss -= std::log(double(p(r, int(val.y[size_t(r)]))));
        QVERIFY2(std::abs(loss / double(p.rows()) - bestLoss) < 1e-5 * bestLoss,
                 qPrintable(QString("%1 vs %2").arg(loss / double(p.rows())).arg(bestLoss)));
    }

    /// One SGD step (lr 1, no momentum) of a linear regression on two rows, where the gradient is
    /// known by hand: w -= clip(g), g = 2/n X^T (Xw + b - y), clipped as clip_grad_norm_ does.
    void clipsGradientNorm_data() {
        QTest::addColumn<float>("maxNorm");
        QTest::newRow("off") << 0.0f;
        QTest::newRow("clipped") << 0.5f;
        QTest::newRow("above the norm") << 1000.0f;
    }
    void clipsGradientNorm() {
        QFETCH(float, maxNorm);
        CpuDevice dev;
        TrainData d{Matrix(2, 2), {1.0f, -2.0f}};
        d.x << 1.0f, 2.0f, -3.0f, 0.5f;
        Model model = Model::build({{}, Activation::ReLU, 0.0f}, 2, 1, 5);
        model.task = loupe::data::Task::Regression;
        const Matrix w0 = model.layers()[0]->parameters()[0].value;  // [2, 1]
        const Matrix b0 = model.layers()[0]->parameters()[1].value;  // [1, 1]
        double gw[2] = {0, 0}, gb = 0;
        for (int r = 0; r < 2; ++r) {
            const double p = double(d.x(r, 0)) * w0(0, 0) + double(d.x(r, 1)) * w0(1, 0) + b0(0, 0);
            const double e = 2.0 / 2.0 * (p - d.y[size_t(r)]);
            gw[0] += e * d.x(r, 0);
            gw[1] += e * d.x(r, 1);
            gb += e;
        }
        const double norm = std::sqrt(gw[0] * gw[0] + gw[1] * gw[1] + gb * gb);
        const double coef = maxNorm > 0 ? std::min(1.0, maxNorm / (norm + 1e-6)) : 1.0;
        QVERIFY(maxNorm != 0.5f || coef < 0.2);  // the case does clip
        TrainConfig config;
        config.epochs = 1;
        config.batchSize = 2;
        config.optimizer = Optimizer::Sgd;
        config.momentum = 0.0f;
        config.learningRate = 1.0f;
        config.clipGradNorm = maxNorm;
        fit(model, dev, d, {}, config);
        const Matrix& w1 = model.layers()[0]->parameters()[0].value;
        const Matrix& b1 = model.layers()[0]->parameters()[1].value;
        for (int i = 0; i < 2; ++i)
            QVERIFY(std::abs(double(w1(i, 0)) - (w0(i, 0) - coef * gw[i])) < 1e-5);
        QVERIFY(std::abs(double(b1(0, 0)) - (b0(0, 0) - coef * gb)) < 1e-5);
    }

    void schedulesTheRate() {
        CpuDevice dev;
        const TrainData train = blobs(200, 4, 31), val = blobs(100, 4, 32);
        Model model = Model::build({{8}, Activation::ReLU, 0.0f}, 4, 3, 33);
        TrainConfig config;
        config.epochs = 7;
        config.learningRate = 0.01f;
        config.schedule.kind = loupe::nn::ScheduleKind::Step;
        config.schedule.stepEvery = 3;
        config.schedule.gamma = 0.5;
        const History h = fit(model, dev, train, val, config);
        const double want[] = {0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.0025};
        for (size_t e = 0; e < 7; ++e) QVERIFY(std::abs(h.epochs[e].learningRate - want[e]) < 1e-8);

        // One-cycle changes every batch; the record holds the epoch's last batch's rate.
        Model cycled = Model::build({{8}, Activation::ReLU, 0.0f}, 4, 3, 33);
        config.schedule = {};
        config.schedule.kind = loupe::nn::ScheduleKind::OneCycle;
        config.schedule.maxLr = 0.05;
        config.batchSize = 50;  // 4 batches an epoch
        const History c = fit(cycled, dev, train, val, config);
        for (int64_t e = 0; e < 7; ++e)
            QVERIFY(std::abs(c.epochs[size_t(e)].learningRate -
                             float(loupe::nn::scheduledRate(config.schedule, 0.01, e, 3, 7, 4))) <
                    1e-9);
        QVERIFY(c.epochs.back().learningRate < 1e-4);
    }

    /// Early stopping on the validation accuracy (mode max) keeps the epoch with the best one.
    void earlyStoppingOnValMetric() {
        CpuDevice dev;
        const TrainData train = blobs(120, 4, 41), val = blobs(60, 4, 42);
        Model model = Model::build({{32}, Activation::ReLU, 0.0f}, 4, 3, 43);
        TrainConfig config;
        config.epochs = 200;
        config.learningRate = 0.05f;
        config.earlyStopPatience = 5;
        config.monitor = Monitor::ValMetric;
        const History h = fit(model, dev, train, val, config);
        QVERIFY(h.stoppedEarly);
        double best = -1.0;
        int64_t bestEpoch = 0;
        for (const EpochRecord& e : h.epochs)
            if (e.valMetric > best) {
                best = e.valMetric;
                bestEpoch = e.epoch;
            }
        QCOMPARE(h.bestEpoch, bestEpoch);
        QCOMPARE(int64_t(h.epochs.size()), bestEpoch + 5);
        QVERIFY(std::abs(accuracy(model, val) - best) < 1e-9);
    }

    /// With a learning rate of 0, a linear model's training loss on noised inputs has the known
    /// expectation mean((x w + b - y)^2) + sum_j w_j^2 (share * std_j)^2; the noise is seeded.
    void inputNoiseHasItsVariance() {
        CpuDevice dev;
        std::mt19937_64 rng(51);
        std::normal_distribution<float> n(0.0f, 1.0f);
        TrainData d{Matrix(20000, 2), std::vector<float>(20000, 0.0f)};
        for (int64_t r = 0; r < d.x.rows(); ++r) {
            d.x(r, 0) = 2.0f * n(rng);
            d.x(r, 1) = 0.5f * n(rng) + 1.0f;
        }
        Model model = Model::build({{}, Activation::ReLU, 0.0f}, 2, 1, 52);
        model.task = loupe::data::Task::Regression;
        const Matrix w = model.layers()[0]->parameters()[0].value;
        const float b = model.layers()[0]->parameters()[1].value(0, 0);
        double clean = 0.0, var0 = 0.0, var1 = 0.0, m0 = 0.0, m1 = 0.0;
        for (int64_t r = 0; r < d.x.rows(); ++r) {
            const double p = double(d.x(r, 0)) * w(0, 0) + double(d.x(r, 1)) * w(1, 0) + b;
            clean += p * p;
            m0 += d.x(r, 0);
            m1 += d.x(r, 1);
        }
        const double rows = double(d.x.rows());
        clean /= rows;
        m0 /= rows;
        m1 /= rows;
        for (int64_t r = 0; r < d.x.rows(); ++r) {
            var0 += (d.x(r, 0) - m0) * (d.x(r, 0) - m0) / rows;
            var1 += (d.x(r, 1) - m1) * (d.x(r, 1) - m1) / rows;
        }
        TrainConfig config;
        config.epochs = 1;
        config.batchSize = 1000;
        config.optimizer = Optimizer::Sgd;
        config.momentum = 0.0f;
        config.learningRate = 0.0f;
        config.inputNoise = 0.5f;
        const double want = clean + 0.25 * (w(0, 0) * w(0, 0) * var0 + w(1, 0) * w(1, 0) * var1);
        Model copy = model.clone();
        const History h = fit(model, dev, d, {}, config);
        QVERIFY2(std::abs(h.epochs[0].trainLoss - want) < 0.03 * want,
                 qPrintable(QString("%1 vs %2").arg(h.epochs[0].trainLoss).arg(want)));
        QCOMPARE(fit(copy, dev, d, {}, config).epochs[0].trainLoss, h.epochs[0].trainLoss);
        config.inputNoise = 0.0f;
        QVERIFY(std::abs(fit(copy, dev, d, {}, config).epochs[0].trainLoss - clean) < 1e-4 * clean);
    }

    /// mixup (alpha 0.2) still learns the blobs, deterministically for a seed.
    void mixupLearns() {
        CpuDevice dev;
        const TrainData train = blobs(600, 6, 61), val = blobs(300, 6, 62);
        Model a = Model::build({{32}, Activation::ReLU, 0.0f}, 6, 3, 63);
        Model b = a.clone();
        TrainConfig config;
        config.epochs = 15;
        config.learningRate = 0.01f;
        config.mixupAlpha = 0.2f;
        config.classWeights = {1.0f, 2.0f, 1.0f};
        const History ha = fit(a, dev, train, val, config);
        const History hb = fit(b, dev, train, val, config);
        QVERIFY2(ha.epochs.back().valMetric > 0.95,
                 qPrintable(QString::number(ha.epochs.back().valMetric)));
        for (size_t e = 0; e < ha.epochs.size(); ++e)
            QCOMPARE(ha.epochs[e].trainLoss, hb.epochs[e].trainLoss);
    }

    void cancelKeepsUsableModel() {
        CpuDevice dev;
        const TrainData train = blobs(600, 6, 17), val = blobs(100, 6, 18);
        Model model = Model::build({{16}, Activation::ReLU, 0.0f}, 6, 3, 19);
        TrainConfig config;
        config.epochs = 50;
        config.learningRate = 0.01f;
        config.earlyStopPatience = 10;
        std::stop_source stop;
        int64_t batchesSeen = 0;
        TrainCallbacks callbacks;
        callbacks.onBatch = [&](int64_t epoch, int64_t batch, int64_t, double) {
            ++batchesSeen;
            if (epoch == 3 && batch == 4) stop.request_stop();
        };
        const History h = fit(model, dev, train, val, config, callbacks, stop.get_token());
        QVERIFY(h.cancelled);
        QCOMPARE(h.epochs.size(), size_t(2));
        QCOMPARE(batchesSeen, int64_t(2 * 19 + 5));
        QVERIFY(h.bestEpoch >= 1 && h.bestEpoch <= 2);
        const Matrix p = model.predict(dev, val.x);
        QVERIFY(p.allFinite());
        QVERIFY(accuracy(model, val) > 0.8);
    }

    void goldenCurve() {
        CpuDevice dev;
        const TrainData train = goldenData(0, 96), val = goldenData(96, 32);
        Model model = Model::build({{8, 8}, Activation::GELU, 0.0f}, 4, 3, 2024);
        TrainConfig config;
        config.epochs = 20;
        config.batchSize = 16;
        config.learningRate = 0.01f;
        config.seed = 77;
        const bool update = qEnvironmentVariableIsSet("LOUPE_UPDATE_GOLDEN");
        if (update) {
            // The initial weights, for the PyTorch check to start from the same point.
            std::ofstream init(kGoldenDir + "train_init.csv");
            init << "layer,parameter,rows,cols,values\n";
            init.precision(9);
            for (size_t l = 0; l < model.layers().size(); ++l)
                for (const auto& p : model.layers()[l]->parameters()) {
                    init << l << ',' << p.name << ',' << p.value.rows() << ',' << p.value.cols()
                         << ',';
                    for (int64_t i = 0; i < p.value.size(); ++i)
                        init << (i ? " " : "") << p.value.data()[i];
                    init << '\n';
                }
        }
        const History h = fit(model, dev, train, val, config);
        if (update) {
            std::ofstream out(kGoldenDir + "train_curve.csv");
            out << "epoch,train_loss,val_loss\n";
            out.precision(9);
            for (const EpochRecord& e : h.epochs)
                out << e.epoch << ',' << e.trainLoss << ',' << e.valLoss << '\n';
        }
        std::ifstream golden(kGoldenDir + "train_curve.csv");
        QVERIFY2(golden.good(), "tests/data/golden/train_curve.csv is missing");
        std::string line;
        std::getline(golden, line);
        size_t e = 0;
        while (std::getline(golden, line)) {
            std::istringstream row(line);
            std::string epoch, trainLoss, valLoss;
            std::getline(row, epoch, ',');
            std::getline(row, trainLoss, ',');
            std::getline(row, valLoss, ',');
            QVERIFY(e < h.epochs.size());
            QVERIFY2(std::abs(h.epochs[e].trainLoss - std::stod(trainLoss)) <=
                         1e-4 * std::stod(trainLoss),
                     qPrintable(QString("epoch %1 train loss %2, golden %3")
                                    .arg(e + 1)
                                    .arg(h.epochs[e].trainLoss)
                                    .arg(QString::fromStdString(trainLoss))));
            QVERIFY(std::abs(h.epochs[e].valLoss - std::stod(valLoss)) <=
                    1e-4 * std::stod(valLoss));
            ++e;
        }
        QCOMPARE(e, size_t(20));
    }
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
