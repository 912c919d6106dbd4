// CpuDevice ops against plain double-precision references on fresh random inputs (never zeros),
// compared by normalized error ||got - want|| / ||want||.

#include <QtTest>
#include <cmath>
#include <random>

#include "core/device/counter_rng.h"
#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/matrix.h"

using loupe::MatrixD;
using loupe::device::Activation;
using loupe::device::CpuDevice;
using loupe::device::Tensor;

Q_DECLARE_METATYPE(Activation)

namespace {

/// Uniform in [-2, -0.05] U [0.05, 2]: random, never zero, away from ReLU's kink.
MatrixD randomMatrix(int64_t rows, int64_t cols, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.05, 2.0);
    MatrixD m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = (rng() & 1 ? 1.0 : -1.0) * u(rng);
    return m;
}

Tensor upload(CpuDevice& dev, const MatrixD& m) {
    Tensor t = dev.allocate(m.rows(), m.cols());
    const loupe::Matrix f = m.cast<float>();
    dev.upload(f.data(), t);
    return t;
}

MatrixD download(CpuDevice& dev, const Tensor& t) {
    loupe::Matrix f(t.rows(), t.cols());
    dev.download(t, f.data());
    return f.cast<double>();
}

/// The float32 rounding of m, in double: references start from the same inputs the device sees.
MatrixD asFloat(const MatrixD& m) { return m.cast<float>().cast<double>(); }

double normalizedError(const MatrixD& got, const MatrixD& want) {
    return (got - want).norm() / std::max(want.norm(), 1e-30);
}

double act(Activation a, double z) {
    switch (a) {
        case Activation::Identity:
            return z;
        case Activation::ReLU:
            return z > 0 ? z : 0;
        case Activation::Tanh:
            return std::tanh(z);
        case Activation::Sigmoid:
            return 1.0 / (1.0 + std::exp(-z));
        case Activation::GELU:
            return 0.5 * z * (1.0 + std::erf(z / std::sqrt(2.0)));
    }
    return 0;
}

double actGrad(Activation a, double z) {
    switch (a) {
        case Activation::Identity:
            return 1;
        case Activation::ReLU:
            return z > 0 ? 1 : 0;
        case Activation::Tanh:
            return 1 - std::tanh(z) * std::tanh(z);
        case Activation::Sigmoid: {
            const double s = act(a, z);
            return s * (1 - s);
        }
        case Activation::GELU:
            return 0.5 * (1.0 + std::erf(z / std::sqrt(2.0))) +
                   z * std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
    }
    return 0;
}

constexpr double kTol = 2e-6;

}  // namespace

class TestCpuDevice : public QObject {
    Q_OBJECT

private slots:
    void gemm_data() {
        QTest::addColumn<int>("m");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("k");
        QTest::addColumn<bool>("transA");
        QTest::addColumn<bool>("transB");
        QTest::addColumn<float>("alpha");
        QTest::addColumn<float>("beta");
        for (const bool ta : {false, true})
            for (const bool tb : {false, true}) {
                const QByteArray tag = QByteArray(ta ? "T" : "N") + (tb ? "T" : "N");
                QTest::newRow(tag + " small") << 37 << 29 << 53 << ta << tb << 1.0f << 0.0f;
                QTest::newRow(tag + " scaled") << 17 << 40 << 9 << ta << tb << -0.5f << 0.75f;
                QTest::newRow(tag + " threaded") << 300 << 260 << 190 << ta << tb << 1.0f << 1.0f;
            }
    }
    void gemm() {
        QFETCH(int, m);
        QFETCH(int, n);
        QFETCH(int, k);
        QFETCH(bool, transA);
        QFETCH(bool, transB);
        QFETCH(float, alpha);
        QFETCH(float, beta);
        CpuDevice dev;
        const MatrixD a = asFloat(transA ? randomMatrix(k, m, 1) : randomMatrix(m, k, 1));
        const MatrixD b = asFloat(transB ? randomMatrix(n, k, 2) : randomMatrix(k, n, 2));
        const MatrixD c0 = asFloat(randomMatrix(m, n, 3));
        Tensor ta = upload(dev, a), tb = upload(dev, b), tc = upload(dev, c0);
        dev.gemm(ta, transA, tb, transB, tc, alpha, beta);
        const MatrixD opA = transA ? MatrixD(a.transpose()) : a;
        const MatrixD opB = transB ? MatrixD(b.transpose()) : b;
        const MatrixD want = double(alpha) * opA * opB + double(beta) * c0;
        QVERIFY2(normalizedError(download(dev, tc), want) < kTol, "gemm differs");
    }
    void gemmRejectsMismatch() {
        CpuDevice dev;
        Tensor a = dev.allocate(3, 4), b = dev.allocate(5, 2), c = dev.allocate(3, 2);
        QVERIFY_THROWS_EXCEPTION(loupe::DeviceError, dev.gemm(a, false, b, false, c));
    }

    void activations_data() {
        QTest::addColumn<Activation>("activation");
        QTest::addColumn<int>("rows");
        const std::pair<const char*, Activation> acts[] = {{"identity", Activation::Identity},
                                                           {"relu", Activation::ReLU},
                                                           {"tanh", Activation::Tanh},
                                                           {"sigmoid", Activation::Sigmoid},
                                                           {"gelu", Activation::GELU}};
        for (const auto& [name, a] : acts) {
            QTest::newRow(QByteArray(name) + " small") << a << 7;
            QTest::newRow(QByteArray(name) + " threaded") << a << 700;
        }
    }
    void activations() {
        QFETCH(Activation, activation);
        QFETCH(int, rows);
        const int cols = 131;
        CpuDevice dev;
        const MatrixD z = asFloat(randomMatrix(rows, cols, 4));
        const MatrixD bias = asFloat(randomMatrix(1, cols, 5));
        const MatrixD da = asFloat(randomMatrix(rows, cols, 6));
        MatrixD zb(rows, cols), a(rows, cols), dz(rows, cols), plain(rows, cols);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                zb(r, c) = z(r, c) + bias(0, c);
                a(r, c) = act(activation, zb(r, c));
                plain(r, c) = act(activation, z(r, c));
            }

        // biasActivation: z gets the bias added in place, a = act(z + b).
        Tensor tz = upload(dev, z), tb = upload(dev, bias), ta = dev.allocate(rows, cols);
        dev.biasActivation(tz, tb, activation, ta);
        QVERIFY(normalizedError(download(dev, tz), zb) < kTol);
        QVERIFY2(normalizedError(download(dev, ta), a) < 4 * kTol, "biasActivation");

        // activationBackward from the device's own z and a, against the exact derivative.
        const MatrixD zbf = download(dev, tz);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) dz(r, c) = da(r, c) * actGrad(activation, zbf(r, c));
        Tensor tda = upload(dev, da), tdz = dev.allocate(rows, cols);
        dev.activationBackward(tz, ta, tda, activation, tdz);
        QVERIFY2(normalizedError(download(dev, tdz), dz) < 4 * kTol, "activationBackward");

        Tensor plainIn = upload(dev, z), plainOut = dev.allocate(rows, cols);
        dev.activation(plainIn, activation, plainOut);
        QVERIFY2(normalizedError(download(dev, plainOut), plain) < 4 * kTol, "activation");
    }

    void columnSums_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::newRow("small") << 5 << 3;
        QTest::newRow("threaded") << 1000 << 257;
        QTest::newRow("tall narrow") << 70000 << 2;
    }
    void columnSums() {
        QFETCH(int, rows);
        QFETCH(int, cols);
        CpuDevice dev;
        const MatrixD x = asFloat(randomMatrix(rows, cols, 7));
        Tensor tx = upload(dev, x), out = dev.allocate(1, cols);
        dev.columnSums(tx, out);
        QVERIFY(normalizedError(download(dev, out), x.colwise().sum()) < 1e-5);
        CpuDevice single(1);
        Tensor out1 = single.allocate(1, cols);
        single.columnSums(tx, out1);
        QCOMPARE(download(dev, out1), download(dev, out));  // same bits for any thread count
    }

    void multiplyAndCopies() {
        CpuDevice dev;
        const MatrixD x = asFloat(randomMatrix(300, 250, 8)),
                      m = asFloat(randomMatrix(300, 250, 9));
        Tensor tx = upload(dev, x), tm = upload(dev, m), out = dev.allocate(300, 250);
        dev.multiply(tx, tm, out);
        QVERIFY(normalizedError(download(dev, out), x.cwiseProduct(m)) < kTol);
        Tensor copy = dev.allocate(300, 250);
        dev.copy(tx, copy);
        QCOMPARE(download(dev, copy), x);
        dev.fill(copy, 2.5f);
        QCOMPARE(download(dev, copy), MatrixD::Constant(300, 250, 2.5));
        const int64_t rows[] = {299, 0, 17, 17};
        Tensor gathered = dev.allocate(4, 250);
        dev.gatherRows(tx, rows, 4, gathered);
        const MatrixD g = download(dev, gathered);
        for (int i = 0; i < 4; ++i) QCOMPARE(MatrixD(g.row(i)), MatrixD(x.row(rows[i])));
        QVERIFY(reinterpret_cast<uintptr_t>(gathered.data()) % 64 == 0);
    }

    void dropoutMask_data() {
        QTest::addColumn<float>("p");
        QTest::newRow("p=0.1") << 0.1f;
        QTest::newRow("p=0.5") << 0.5f;
        QTest::newRow("p=0.9") << 0.9f;
    }
    void dropoutMask() {
        QFETCH(float, p);
        CpuDevice dev;
        Tensor mask = dev.allocate(400, 300), again = dev.allocate(400, 300);
        dev.dropoutMask(mask, p, 1234, 7ull << 32);
        dev.dropoutMask(again, p, 1234, 7ull << 32);
        const MatrixD m = download(dev, mask);
        QCOMPARE(download(dev, again), m);
        const uint64_t key = loupe::device::splitmix64(1234);
        int64_t kept = 0;
        for (int64_t i = 0; i < m.size(); ++i) {
            const bool keep = loupe::device::counterUniform(key, 7ull << 32, i) >= p;
            QCOMPARE(m.data()[i], keep ? double(1.0f / (1.0f - p)) : 0.0);
            kept += keep;
        }
        const double frac = double(kept) / double(m.size());
        QVERIFY(std::abs(frac - (1.0 - p)) < 0.01);
        dev.dropoutMask(again, p, 1234, 8ull << 32);
        QVERIFY(download(dev, again) != m);
    }

    void softmaxCrossEntropy_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("classes");
        QTest::addColumn<bool>("weighted");
        QTest::newRow("binary") << 33 << 2 << false;
        QTest::newRow("binary weighted") << 33 << 2 << true;
        QTest::newRow("5 classes weighted") << 600 << 5 << true;
        QTest::newRow("threaded") << 3000 << 40 << false;
    }
    void softmaxCrossEntropy() {
        QFETCH(int, rows);
        QFETCH(int, classes);
        QFETCH(bool, weighted);
        CpuDevice dev;
        const MatrixD z = asFloat(randomMatrix(rows, classes, 10) * 4.0);
        const MatrixD w = asFloat(randomMatrix(1, classes, 11).cwiseAbs());
        MatrixD labels(rows, 1);
        std::mt19937_64 rng(12);
        for (int r = 0; r < rows; ++r) labels(r, 0) = double(rng() % classes);
        MatrixD probs(rows, classes), grad(rows, classes);
        double loss = 0, total = 0;
        for (int r = 0; r < rows; ++r) {
            const auto y = int(labels(r, 0));
            const double wy = weighted ? w(0, y) : 1.0;
            const double mx = z.row(r).maxCoeff();
            const double s = (z.row(r).array() - mx).exp().sum();
            probs.row(r) = (z.row(r).array() - mx).exp() / s;
            loss += wy * (mx + std::log(s) - z(r, y));
            total += wy;
        }
        for (int r = 0; r < rows; ++r) {
            const auto y = int(labels(r, 0));
            const double wy = weighted ? w(0, y) : 1.0;
            grad.row(r) = probs.row(r) * wy / total;
            grad(r, y) -= wy / total;
        }
        Tensor tz = upload(dev, z), tl = upload(dev, labels);
        Tensor tw = weighted ? upload(dev, w) : Tensor();
        Tensor tp = dev.allocate(rows, classes), td = dev.allocate(rows, classes);
        Tensor tloss = dev.allocate(1, 1);
        dev.softmaxCrossEntropy(tz, tl, tw, tp, &td, tloss);
        QVERIFY(std::abs(download(dev, tloss)(0, 0) - loss / total) < 1e-6 * (loss / total));
        QVERIFY(normalizedError(download(dev, tp), probs) < 4 * kTol);
        QVERIFY(normalizedError(download(dev, td), grad) < 4 * kTol);
        Tensor sp = dev.allocate(rows, classes);
        dev.softmax(tz, sp);
        QVERIFY(normalizedError(download(dev, sp), probs) < 4 * kTol);

        MatrixD argmaxLabels(rows, 1);
        for (int r = 0; r < rows; ++r) {
            Eigen::Index best;
            z.row(r).maxCoeff(&best);
            argmaxLabels(r, 0) = r % 3 == 0 ? double((best + 1) % classes) : double(best);
        }
        Tensor count = dev.allocate(1, 1), am = upload(dev, argmaxLabels);
        dev.countCorrect(tz, am, count);
        QCOMPARE(download(dev, count)(0, 0), double(rows - (rows + 2) / 3));

        labels(0, 0) = classes;  // out of range
        Tensor bad = upload(dev, labels);
        QVERIFY_THROWS_EXCEPTION(loupe::DeviceError,
                                 dev.softmaxCrossEntropy(tz, bad, tw, tp, &td, tloss));
    }

    void meanSquaredError() {
        CpuDevice dev;
        const MatrixD p = asFloat(randomMatrix(500, 3, 13)), t = asFloat(randomMatrix(500, 3, 14));
        Tensor tp = upload(dev, p), tt = upload(dev, t), grad = dev.allocate(500, 3);
        Tensor loss = dev.allocate(1, 1);
        dev.meanSquaredError(tp, tt, &grad, loss);
        const double want = (p - t).squaredNorm() / double(p.size());
        QVERIFY(std::abs(download(dev, loss)(0, 0) - want) < 1e-6 * want);
        QVERIFY(normalizedError(download(dev, grad), 2.0 * (p - t) / double(p.size())) < kTol);
    }

    void adam_data() {
        QTest::addColumn<float>("l1");
        QTest::addColumn<float>("l2");
        QTest::addColumn<float>("decay");
        QTest::newRow("adam") << 0.0f << 0.0f << 0.0f;
        QTest::newRow("adam l1 l2") << 0.01f << 0.05f << 0.0f;
        QTest::newRow("adamw") << 0.0f << 0.0f << 0.1f;
    }
    void adam() {
        QFETCH(float, l1);
        QFETCH(float, l2);
        QFETCH(float, decay);
        CpuDevice dev;
        MatrixD w = asFloat(randomMatrix(70, 300, 15)), m = MatrixD::Zero(70, 300), v = m;
        Tensor tw = upload(dev, w), tm = upload(dev, m), tv = upload(dev, v);
        loupe::device::AdamStep s;
        s.lr = 0.01f;
        s.l1 = l1;
        s.l2 = l2;
        s.weightDecay = decay;
        for (int step = 1; step <= 3; ++step) {
            const MatrixD g = asFloat(randomMatrix(70, 300, 100 + step));
            Tensor tg = upload(dev, g);
            s.step = step;
            dev.adamUpdate(tw, tg, tm, tv, s);
            const MatrixD sign = w.unaryExpr([](double x) { return double((x > 0) - (x < 0)); });
            const MatrixD gr = g + double(l2) * w + double(l1) * sign;
            m = 0.9 * m + 0.1 * gr;
            v = 0.999 * v + 0.001 * gr.cwiseProduct(gr);
            w *= 1.0 - 0.01 * double(decay);
            const double bc1 = 1 - std::pow(0.9, step), bc2 = 1 - std::pow(0.999, step);
            w.array() -= 0.01 / bc1 * m.array() / ((v.array() / bc2).sqrt() + 1e-8);
        }
        QVERIFY(normalizedError(download(dev, tw), w) < 1e-6);
        QVERIFY(normalizedError(download(dev, tm), m) < 1e-6);
        QVERIFY(normalizedError(download(dev, tv), v) < 1e-6);
    }

    void sgd_data() {
        QTest::addColumn<float>("momentum");
        QTest::addColumn<bool>("nesterov");
        QTest::addColumn<float>("l2");
        QTest::newRow("plain") << 0.0f << false << 0.0f;
        QTest::newRow("momentum l2") << 0.9f << false << 0.01f;
        QTest::newRow("nesterov") << 0.9f << true << 0.0f;
    }
    void sgd() {
        QFETCH(float, momentum);
        QFETCH(bool, nesterov);
        QFETCH(float, l2);
        CpuDevice dev;
        MatrixD w = asFloat(randomMatrix(300, 250, 16)), buf = MatrixD::Zero(300, 250);
        Tensor tw = upload(dev, w), tv = upload(dev, buf);
        const loupe::device::SgdStep s{0.05f, momentum, nesterov, 0.002f, l2};
        for (int step = 1; step <= 3; ++step) {
            const MatrixD g = asFloat(randomMatrix(300, 250, 200 + step));
            Tensor tg = upload(dev, g);
            dev.sgdUpdate(tw, tg, tv, s);
            const MatrixD sign = w.unaryExpr([](double x) { return double((x > 0) - (x < 0)); });
            MatrixD d = g + double(l2) * w + 0.002 * sign;
            if (momentum != 0.0f) {
                buf = double(momentum) * buf + d;
                d = nesterov ? MatrixD(d + double(momentum) * buf) : buf;
            }
            w -= 0.05 * d;
        }
        QVERIFY(normalizedError(download(dev, tw), w) < 1e-5);
    }
};

QTEST_APPLESS_MAIN(TestCpuDevice)
#include "test_cpu_device.moc"
