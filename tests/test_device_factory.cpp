// Choosing a device: "auto" falls back to the CPU and says why; explicit CUDA without a usable
// CUDA device, or an unknown name, is an InputError (exit code 2 in the CLI).
#include <QtTest>

#include "core/device/cuda_probe.h"
#include "core/device/device.h"
#include "core/error.h"

using loupe::InputError;
using loupe::device::makeDevice;

class TestDeviceFactory : public QObject {
    Q_OBJECT

private slots:
    void cpuIsAlwaysAvailable() {
        const auto choice = makeDevice("cpu");
        QVERIFY(choice.device);
        QVERIFY(!choice.device->isGpu());
        QVERIFY(choice.note.empty());
    }

    void autoFallsBackToCpuAndSaysWhy() {
        const auto probe = loupe::device::probeCuda();
        if (!probe.devices.empty()) QSKIP("a CUDA device answers here; the fallback is not taken");
        const auto choice = makeDevice("auto");
        QVERIFY(choice.device);
        QVERIFY(!choice.device->isGpu());
        QVERIFY(choice.note.find("using the CPU") != std::string::npos);
    }

    void explicitCudaWithoutDeviceIsInputError() {
        const auto probe = loupe::device::probeCuda();
        if (!probe.devices.empty()) QSKIP("a CUDA device answers here");
        QVERIFY_THROWS_EXCEPTION(InputError, makeDevice("cuda"));
        QVERIFY_THROWS_EXCEPTION(InputError, makeDevice("cuda:1"));
    }

    void unknownDeviceIsInputError_data() {
        QTest::addColumn<QString>("spec");
        QTest::newRow("empty") << "";
        QTest::newRow("typo") << "cpux";
        QTest::newRow("other vendor") << "metal";
    }
    void unknownDeviceIsInputError() {
        QFETCH(QString, spec);
        QVERIFY_THROWS_EXCEPTION(InputError, makeDevice(spec.toStdString()));
    }

    void inputErrorFormatsLocation() {
        const InputError full("ragged row", "data.csv", 12, 3);
        QCOMPARE(std::string(full.what()), std::string("data.csv:12:3: ragged row"));
        QCOMPARE(full.message(), std::string("ragged row"));
        const InputError fileOnly("empty file", "data.csv");
        QCOMPARE(std::string(fileOnly.what()), std::string("data.csv: empty file"));
        const InputError bare("bad option");
        QCOMPARE(std::string(bare.what()), std::string("bad option"));
    }
};

QTEST_APPLESS_MAIN(TestDeviceFactory)
#include "test_device_factory.moc"
