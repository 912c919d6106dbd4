// Batch augmentation: mixup mixes each row with its partner by the returned weight, the partners
// are a shuffle of the batch, Beta(alpha, alpha) draws have the right mean and variance, and noise
// has the requested share of each column's spread.

#include <QtTest>
#include <algorithm>
#include <cmath>

#include "core/device/cpu/cpu_device.h"
#include "core/train/batch_augment.h"

using loupe::Matrix;
using loupe::device::CpuDevice;
using loupe::train::BatchAugment;

class TestBatchAugment : public QObject {
    Q_OBJECT

private slots:
    void mixesRowsWithAShuffle() {
        CpuDevice dev;
        Matrix x(6, 2);
        for (int r = 0; r < 6; ++r) x.row(r) << float(r), float(10 * r);
        BatchAugment augment(x, 0.0f, 0.4f, 9);
        const int64_t idx[] = {5, 0, 3, 2};
        std::vector<int64_t> partner;
        auto dst = dev.allocate(4, 2);
        const double lambda = augment.batch(dev, idx, 4, dst, partner);
        QVERIFY(lambda > 0.0 && lambda < 1.0);
        std::vector<int64_t> sorted = partner, rows(idx, idx + 4);
        std::sort(sorted.begin(), sorted.end());
        std::sort(rows.begin(), rows.end());
        QCOMPARE(sorted, rows);
        Matrix got(4, 2);
        dev.download(dst, got.data());
        for (int i = 0; i < 4; ++i)
            for (int c = 0; c < 2; ++c) {
                const double want = lambda * x(idx[i], c) + (1 - lambda) * x(partner[size_t(i)], c);
                QVERIFY(std::abs(got(i, c) - want) < 1e-5 * (1 + std::abs(want)));
            }
    }

    void betaMoments() {
        const Matrix x = Matrix::Zero(1, 1);
        for (const double alpha : {0.2, 1.0, 2.0}) {
            BatchAugment augment(x, 0.0f, float(alpha), 3);
            const int n = 200000;
            double sum = 0, squares = 0;
            for (int i = 0; i < n; ++i) {
                const double b = augment.beta(alpha);
                QVERIFY(b >= 0.0 && b <= 1.0);
                sum += b;
                squares += b * b;
            }
            const double mean = sum / n, var = squares / n - mean * mean;
            QVERIFY2(std::abs(mean - 0.5) < 0.005, qPrintable(QString::number(mean)));
            const double want = 1.0 / (4.0 * (2.0 * alpha + 1.0));  // Var of Beta(a, a)
            QVERIFY2(std::abs(var - want) < 0.02 * want,
                     qPrintable(QString("%1 vs %2").arg(var).arg(want)));
        }
    }

    void noiseShare() {
        CpuDevice dev;
        Matrix x(4000, 1);
        for (int r = 0; r < 4000; ++r) x(r, 0) = float(r % 2 == 0 ? 3.0 : -3.0);  // std 3
        BatchAugment augment(x, 0.5f, 0.0f, 4);
        std::vector<int64_t> idx(4000), partner;
        for (int r = 0; r < 4000; ++r) idx[size_t(r)] = r;
        auto dst = dev.allocate(4000, 1);
        QCOMPARE(augment.batch(dev, idx.data(), 4000, dst, partner), 1.0);
        Matrix got(4000, 1);
        dev.download(dst, got.data());
        double squares = 0;
        for (int r = 0; r < 4000; ++r) squares += std::pow(got(r, 0) - x(r, 0), 2);
        QVERIFY(std::abs(std::sqrt(squares / 4000) - 1.5) < 0.05);  // 0.5 x std 3
    }
};

QTEST_APPLESS_MAIN(TestBatchAugment)
#include "test_batch_augment.moc"
