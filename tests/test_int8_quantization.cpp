// plugins/quantize_int8 (Qt-free): calibration ranges, and the yardstick on breast_cancer:
// a seeded 30-512-256-2 MLP trained on the CPU, quantized on 256 training rows, keeps its test
// accuracy within 1 point and ROC-AUC within 0.005, and its model file, with int8 weight datasets
// (checked with h5py), is at least 3.2x smaller and loads back predicting bit for bit the same.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "core/data/reader.h"
#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/io/model_file.h"
#include "core/nn/quantized_dense.h"
#include "core/train/experiment.h"
#include "plugins/quantize_int8/int8_quantization.h"

using namespace loupe;
using plugins::CalibrationMethod;
using plugins::Int8Options;

/// HDF5 1.10 leaks a few hundred bytes of its own; LeakSanitizer leaves that library out.
extern "C" const char* __lsan_default_suppressions() { return "leak:libhdf5_serial.so"; }

namespace {

double testScore(device::Device& dev, const nn::Model& model, const data::Table& table,
                 const train::PreparedExperiment& prepared, const char* key) {
    const train::PredictionSet predictions = train::predictAll(dev, model, table, prepared);
    for (const auto& [split, report] : train::splitReports(predictions, prepared.split))
        if (split == "test") return report.at(key).get<double>();
    throw Error("no test split");
}

}  // namespace

class TestInt8Quantization : public QObject {
    Q_OBJECT
private slots:
    void ranges() {
        auto q = plugins::rangeQuantization(-1.0f, 3.0f);
        QCOMPARE(q.scale, 4.0f / 255.0f);
        QCOMPARE(q.zeroPoint, 64);                   // round(255 / 4)
        q = plugins::rangeQuantization(0.5f, 2.0f);  // widened to hold 0 exactly
        QCOMPARE(q.scale, 2.0f / 255.0f);
        QCOMPARE(q.zeroPoint, 0);
        q = plugins::rangeQuantization(0.0f, 0.0f);
        QCOMPARE(q.scale, 1.0f);
        QVERIFY_THROWS_EXCEPTION(ModelError, plugins::rangeQuantization(0.0f, INFINITY));

        // 10001 values 0..10000 and one outlier: the 99th percentile range ignores it.
        std::vector<float> values;
        for (int i = 0; i <= 10000; ++i) values.push_back(static_cast<float>(i));
        values.push_back(1e6f);
        Int8Options options;
        QCOMPARE(plugins::calibrate(values, options).scale, 1e6f / 255.0f);
        options.method = CalibrationMethod::Percentile;
        options.percentile = 99.0;
        // nearest ranks round(0.01 * 10001) = 100 (widened to 0) and round(0.99 * 10001) = 9901
        QCOMPARE(plugins::calibrate(values, options).scale, 9901.0f / 255.0f);
        options.percentile = 40.0;
        QVERIFY_THROWS_EXCEPTION(ModelError, plugins::quantizeInt8(nn::Model(), Matrix(), options));
    }

    void breastCancer() {
        const data::Table table = data::readTable(LOUPE_DATASETS "/breast_cancer.csv");
        train::ExperimentRequest request;
        request.target = "diagnosis";
        request.model.hidden = {512, 256};
        request.train.epochs = 20;
        request.train.seed = 1;
        device::CpuDevice dev(2);
        const train::ExperimentResult run = train::runExperiment(table, request, dev);
        const train::PreparedExperiment prepared = train::prepareExperiment(table, request);
        const train::TrainingSets sets = train::trainingSets(table, prepared, request);
        QCOMPARE(run.model.parameterCount(),
                 int64_t{30 * 512 + 512 + 512 * 256 + 256 + 256 * 2 + 2});

        for (CalibrationMethod method :
             {CalibrationMethod::MinMax, CalibrationMethod::Percentile}) {
            Int8Options options;
            options.method = method;
            plugins::Int8Report report;
            const nn::Model quantized =
                plugins::quantizeInt8(run.model, sets.train.x, options, &report);
            QCOMPARE(report.samples, int64_t{256});
            QCOMPARE(report.inputs.size(), size_t{3});
            QCOMPARE(report.inputs[1].zeroPoint, 0);  // after a ReLU
            for (const auto& layer : quantized.layers()) QVERIFY(layer->type() != "dense");

            const double accuracy = testScore(dev, run.model, table, prepared, "accuracy");
            const double auc = testScore(dev, run.model, table, prepared, "roc_auc");
            const double accuracy8 = testScore(dev, quantized, table, prepared, "accuracy");
            const double auc8 = testScore(dev, quantized, table, prepared, "roc_auc");
            qInfo("method %d: accuracy %.4f -> %.4f, ROC-AUC %.5f -> %.5f", int(method), accuracy,
                  accuracy8, auc, auc8);
            QVERIFY(accuracy > 0.9);
            QVERIFY(std::abs(accuracy8 - accuracy) <= 0.01);
            QVERIFY(std::abs(auc8 - auc) <= 0.005);
        }

        // The file: int8 weights, >= 3.2x smaller, predictions identical after loading.
        const nn::Model quantized = plugins::quantizeInt8(run.model, sets.train.x, Int8Options{});
        QTemporaryDir dir;
        const std::string floatPath = dir.filePath("float.h5").toStdString();
        const std::string int8Path = dir.filePath("int8.h5").toStdString();
        io::saveModel(run.model, floatPath);
        io::saveModel(quantized, int8Path);
        const double ratio = static_cast<double>(std::filesystem::file_size(floatPath)) /
                             static_cast<double>(std::filesystem::file_size(int8Path));
        qInfo("model file: %lld bytes float, %lld bytes int8 (%.2fx smaller)",
              static_cast<long long>(std::filesystem::file_size(floatPath)),
              static_cast<long long>(std::filesystem::file_size(int8Path)), ratio);
        QVERIFY(ratio >= 3.2);
        const nn::Model loaded = io::loadModel(int8Path);
        QCOMPARE(loaded.architectureJson(), quantized.architectureJson());
        QCOMPARE(loaded.predict(dev, sets.train.x), quantized.predict(dev, sets.train.x));

        QProcess python;
        python.start("/usr/bin/python3",
                     {"-c",
                      "import sys, h5py\n"
                      "f = h5py.File(sys.argv[1], 'r')\n"
                      "g = f['layers']\n"
                      "names = sorted(g.keys())\n"
                      "assert [n.split('_', 1)[1] for n in names] == ['dense_int8'] * 3, names\n"
                      "for n in names:\n"
                      "    assert g[n]['weight'].dtype == 'int8', g[n]['weight'].dtype\n"
                      "    assert g[n]['weight_scale'].dtype == 'float32'\n"
                      "    assert g[n]['bias'].dtype == 'float32'\n"
                      "print('ok', [g[n]['weight'].shape for n in names])\n",
                      QString::fromStdString(int8Path)});
        QVERIFY(python.waitForFinished(60000));
        const QByteArray output = python.readAllStandardOutput() + python.readAllStandardError();
        QVERIFY2(python.exitCode() == 0, output.constData());
        QVERIFY2(output.startsWith("ok"), output.constData());
    }
};

QTEST_GUILESS_MAIN(TestInt8Quantization)
#include "test_int8_quantization.moc"
