// Stratified K-fold cross-validation: every row is held out once with the class balance kept, the
// summary is the mean and population std of the folds' reports, resampling touches only training
// rows, regression works, and a stop throws Cancelled.

#include <QtTest>
#include <cmath>
#include <map>

#include "core/data/reader.h"
#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/io/cross_validation_files.h"
#include "core/train/cross_validation.h"

using namespace loupe;

namespace {

const data::Table& iris() {
    static const data::Table table = data::readTable(std::string(LOUPE_DATASETS) + "/iris.csv");
    return table;
}

train::ExperimentRequest request(const std::string& target = "species") {
    train::ExperimentRequest r;
    r.target = target;
    r.train.epochs = 8;
    r.train.seed = 5;
    r.train.learningRate = 0.01f;
    return r;
}

}  // namespace

class TestCrossValidation : public QObject {
    Q_OBJECT

private slots:
    void foldsHoldOutEveryRowOnce() {
        device::CpuDevice dev;
        int64_t reports = 0;
        const train::CrossValidation cv = train::crossValidate(
            iris(), request(), dev, 5, [&](const ProgressInfo&) { ++reports; });
        QCOMPARE(cv.folds.size(), size_t(5));
        QCOMPARE(reports, int64_t(5 * 8));
        int64_t heldOut = 0;
        for (const train::FoldResult& f : cv.folds) {
            QCOMPARE(f.heldOutRows, int64_t(30));  // 150 rows, 50 a class: 10 a class a fold
            QCOMPARE(f.trainRows + f.valRows, int64_t(120));
            QVERIFY(f.valRows > 0);
            QCOMPARE(f.history.epochs.size(), size_t(8));
            QCOMPARE(f.report.at("support").get<int64_t>(), int64_t(30));
            const auto perClass = f.report.at("per_class");
            for (const auto& c : perClass) QCOMPARE(c.at("support").get<int64_t>(), int64_t(10));
            heldOut += f.heldOutRows;
        }
        QCOMPARE(heldOut, int64_t(150));
        // Mean and population std, recomputed from the folds' reports.
        for (const std::string name : {"accuracy", "f1_macro", "log_loss"}) {
            double sum = 0, squares = 0;
            for (const auto& f : cv.folds) sum += f.report.at(name).get<double>();
            const double mean = sum / 5;
            for (const auto& f : cv.folds)
                squares += std::pow(f.report.at(name).get<double>() - mean, 2);
            QVERIFY(std::abs(cv.mean.at(name).get<double>() - mean) < 1e-12);
            QVERIFY(std::abs(cv.std.at(name).get<double>() - std::sqrt(squares / 5)) < 1e-12);
        }
        QVERIFY(cv.mean.at("accuracy").get<double>() > 0.6);
        const nlohmann::json json = train::crossValidationJson(cv);
        QCOMPARE(json.at("folds").get<int64_t>(), int64_t(5));
        QCOMPARE(json.at("per_fold").size(), size_t(5));
        QVERIFY(json.at("metrics").at("accuracy").contains("std"));
        const std::string csv = io::crossValidationHistoryCsv(cv);
        QVERIFY(csv.starts_with("fold,epoch,train_loss,val_loss,val_metric,lr\n1,1,"));
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), std::ptrdiff_t(1 + 5 * 8));
    }

    void deterministic() {
        device::CpuDevice dev;
        const auto a = train::crossValidate(iris(), request(), dev, 3);
        const auto b = train::crossValidate(iris(), request(), dev, 3);
        QCOMPARE(train::crossValidationJson(a).dump(), train::crossValidationJson(b).dump());
    }

    /// Oversampling grows the training rows of a fold only; the held-out rows stay as they are.
    void resamplesTrainingRowsOnly() {
        const data::Table table =
            data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv");
        device::CpuDevice dev;
        train::ExperimentRequest r = request("diagnosis");
        r.train.epochs = 2;
        r.resample = data::Resampling::Oversample;
        const auto cv = train::crossValidate(table, r, dev, 4);
        int64_t heldOut = 0;
        for (const auto& f : cv.folds) {
            heldOut += f.heldOutRows;
            QCOMPARE(f.report.at("support").get<int64_t>(), f.heldOutRows);
        }
        QCOMPARE(heldOut, table.rowCount());
    }

    void regression() {
        device::CpuDevice dev;
        const auto cv = train::crossValidate(iris(), request("sepal_length"), dev, 3);
        QVERIFY(cv.mean.contains("r2"));
        QVERIFY(cv.std.at("rmse").get<double>() >= 0.0);
    }

    void refusesBadFoldCounts() {
        device::CpuDevice dev;
        QVERIFY_THROWS_EXCEPTION(InputError, train::crossValidate(iris(), request(), dev, 1));
        QVERIFY_THROWS_EXCEPTION(InputError, train::crossValidate(iris(), request(), dev, 151));
    }

    void stopThrowsCancelled() {
        device::CpuDevice dev;
        std::stop_source stop;
        stop.request_stop();
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, train::crossValidate(iris(), request(), dev, 3, {}, stop.get_token()));
    }
};

QTEST_APPLESS_MAIN(TestCrossValidation)
#include "test_cross_validation.moc"
