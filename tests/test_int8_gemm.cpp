// The int8 GEMM (Device::gemmS8): the CPU device's oneDNN path and the host fallback every device
// inherits, both against the plain reference loop (int8_reference.h) on random inputs. The int32
// sums must agree exactly; with unit scales the float output is the sum itself.

#include <QtTest>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/device/cpu/cpu_device.h"
#include "core/device/int8_reference.h"
#include "core/error.h"

using namespace loupe::device;

namespace {

struct Case {
    std::vector<float> x;       // [rows, k]
    std::vector<int8_t> w;      // [k, n]
    std::vector<float> wScale;  // [n]
    InputQuantization q;
};

/// x spread over about the range q covers plus some values outside it (they saturate).
Case randomCase(int64_t rows, int64_t k, int64_t n, bool unitScales, uint64_t seed) {
    std::mt19937_64 rng(seed);
    Case c;
    c.q = {unitScales ? 1.0f : 0.037f, static_cast<int32_t>(rng() % 256)};
    std::uniform_real_distribution<float> u(-300.0f, 300.0f);
    for (int64_t i = 0; i < rows * k; ++i) c.x.push_back(u(rng) * c.q.scale);
    for (int64_t i = 0; i < k * n; ++i) c.w.push_back(static_cast<int8_t>(int(rng() % 255) - 127));
    std::uniform_real_distribution<float> s(0.001f, 0.05f);
    for (int64_t i = 0; i < n; ++i) c.wScale.push_back(unitScales ? 1.0f : s(rng));
    return c;
}

/// The reference: quantize, int32 sums, then acc * (q.scale * wScale[c]).
std::vector<float> reference(const Case& c, int64_t rows, int64_t k, int64_t n,
                             std::vector<int32_t>* sums = nullptr) {
    std::vector<uint8_t> xq(c.x.size());
    quantizeRows(c.x.data(), static_cast<int64_t>(c.x.size()), c.q, xq.data());
    std::vector<int32_t> acc(static_cast<size_t>(rows * n));
    gemmU8S8Reference(xq.data(), c.q.zeroPoint, c.w.data(), rows, k, n, acc.data());
    std::vector<float> y(acc.size());
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < n; ++j)
            y[r * n + j] = static_cast<float>(acc[r * n + j]) * (c.q.scale * c.wScale[j]);
    if (sums) *sums = acc;
    return y;
}

/// Runs gemmS8 on `dev`, through the CPU device's own op or the base class's fallback.
std::vector<float> run(CpuDevice& dev, const Case& c, int64_t rows, int64_t k, int64_t n,
                       bool fallback) {
    Tensor x = dev.allocate(rows, k), scale = dev.allocate(1, n), y = dev.allocate(rows, n);
    dev.upload(c.x.data(), x);
    dev.upload(c.wScale.data(), scale);
    if (fallback) {
        auto w = dev.Device::prepareInt8(c.w.data(), k, n);
        dev.Device::gemmS8(x, c.q, *w, scale, y);
    } else {
        auto w = dev.prepareInt8(c.w.data(), k, n);
        dev.gemmS8(x, c.q, *w, scale, y);
    }
    std::vector<float> out(static_cast<size_t>(rows * n));
    dev.download(y, out.data());
    return out;
}

}  // namespace

class TestInt8Gemm : public QObject {
    Q_OBJECT
private slots:
    void quantizeValue() {
        QCOMPARE(int(quantizeU8(0.0f, 10.0f, 128)), 128);
        QCOMPARE(int(quantizeU8(0.25f, 10.0f, 0)), 2);    // 2.5 rounds half to even
        QCOMPARE(int(quantizeU8(0.35f, 10.0f, 0)), 4);    // 3.5 rounds half to even
        QCOMPARE(int(quantizeU8(-1.0f, 10.0f, 5)), 0);    // saturates low
        QCOMPARE(int(quantizeU8(1e30f, 10.0f, 5)), 255);  // saturates high
        QCOMPARE(int(quantizeU8(std::numeric_limits<float>::quiet_NaN(), 1.0f, 7)), 0);
    }

    void exactSums_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("n");
        QTest::addColumn<bool>("fallback");
        for (bool fallback : {false, true}) {
            const char* how = fallback ? "fallback" : "cpu";
            QTest::addRow("%s 1x30x512", how) << 1 << 30 << 512 << fallback;
            QTest::addRow("%s 7x33x5", how) << 7 << 33 << 5 << fallback;
            QTest::addRow("%s 64x256x2", how) << 64 << 256 << 2 << fallback;
            QTest::addRow("%s 129x300x65", how) << 129 << 300 << 65 << fallback;
        }
    }
    // Unit scales: y is the int32 sum itself (|sum| <= 255 * 127 * 300 < 2^24, exact in float).
    void exactSums() {
        QFETCH(int, rows);
        QFETCH(int, k);
        QFETCH(int, n);
        QFETCH(bool, fallback);
        CpuDevice dev(2);
        Case c = randomCase(rows, k, n, true, 100 + rows + k + n);
        // Non-finite inputs take the same codes as in the scalar reference (NaN -> 0).
        c.x[1] = std::numeric_limits<float>::quiet_NaN();
        c.x[2] = std::numeric_limits<float>::infinity();
        c.x[3] = -std::numeric_limits<float>::infinity();
        std::vector<int32_t> sums;
        reference(c, rows, k, n, &sums);
        const std::vector<float> got = run(dev, c, rows, k, n, fallback);
        int64_t nonzero = 0;
        for (size_t i = 0; i < sums.size(); ++i) {
            QCOMPARE(got[i], static_cast<float>(sums[i]));
            nonzero += sums[i] != 0;
        }
        QVERIFY(nonzero > static_cast<int64_t>(sums.size()) / 2);
    }

    // Real scales: the same sums, scaled; oneDNN may round the scaling differently by an ulp.
    void scaledOutput() {
        CpuDevice dev(2);
        const int64_t rows = 50, k = 70, n = 40;
        const Case c = randomCase(rows, k, n, false, 9);
        const std::vector<float> want = reference(c, rows, k, n);
        for (bool fallback : {false, true}) {
            const std::vector<float> got = run(dev, c, rows, k, n, fallback);
            for (size_t i = 0; i < want.size(); ++i)
                QVERIFY2(
                    std::abs(got[i] - want[i]) <= 1e-6f * std::abs(want[i]) + 1e-30f,
                    qPrintable(QString("element %1: %2 vs %3").arg(i).arg(got[i]).arg(want[i])));
        }
    }

    void refusesWrongShapes() {
        CpuDevice dev(1);
        const std::vector<int8_t> w(6, 1);
        auto packed = dev.prepareInt8(w.data(), 3, 2);
        Tensor x = dev.allocate(4, 2), scale = dev.allocate(1, 2), y = dev.allocate(4, 2);
        QVERIFY_THROWS_EXCEPTION(loupe::DeviceError, dev.gemmS8(x, {}, *packed, scale, y));
        auto host = dev.Device::prepareInt8(w.data(), 3, 2);
        Tensor x3 = dev.allocate(4, 3);
        QVERIFY_THROWS_EXCEPTION(loupe::DeviceError, dev.gemmS8(x3, {}, *host, scale, y));
    }
};

QTEST_APPLESS_MAIN(TestInt8Gemm)
#include "test_int8_gemm.moc"
