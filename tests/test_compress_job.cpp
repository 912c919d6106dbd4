// CompressJob: quantize-int8 from the build tree's plugins (<build>/lib/loupe/plugins, found by
// the real PluginManager) compresses a breast-cancer run into a smaller run on the same splits,
// measured beside the original; a plugin that throws (tests/plugins) becomes a failed() message
// and the job carries on.

#include <QSignalSpy>
#include <QtTest>
#include <memory>

#include "app/gui/jobs/compress_job.h"
#include "core/data/reader.h"
#include "core/device/cpu/cpu_device.h"

using namespace loupe;
using gui::CompressJob;
using gui::CompressOutcome;
using gui::Job;
using OutcomePtr = std::shared_ptr<const CompressOutcome>;

namespace {

const std::string kBroken = LOUPE_BROKEN_PLUGINS;

std::shared_ptr<const data::Table> breastCancer() {
    static const auto table = std::make_shared<const data::Table>(
        data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv"));
    return table;
}

/// A small run (30-64-32-2, a few epochs): what the Compress view gets from the Train view.
std::shared_ptr<const train::ExperimentResult> trainedRun() {
    static const auto run = [] {
        train::ExperimentRequest r;
        r.target = "diagnosis";
        r.train.epochs = 15;
        r.train.seed = 3;
        device::CpuDevice cpu;
        return std::make_shared<const train::ExperimentResult>(
            train::runExperiment(*breastCancer(), r, cpu));
    }();
    return run;
}

std::shared_ptr<const plugins::PluginManager> scanned(std::vector<std::string> folders) {
    auto manager = std::make_shared<plugins::PluginManager>();
    manager->scan(folders);
    return manager;
}

}  // namespace

class TestCompressJob : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<OutcomePtr>(); }

    void quantizesARunIntoASmallerRun() {
        CompressJob job(scanned(plugins::PluginManager::defaultFolders()));
        QSignalSpy finished(&job, &CompressJob::finished);
        QSignalSpy failed(&job, &Job::failed);
        QVERIFY(job.start(trainedRun(), breastCancer(), "quantize-int8", {{"samples", 128}},
                          std::nullopt, "cpu"));
        QVERIFY(!job.start(trainedRun(), breastCancer(), "quantize-int8", {}, {}, "cpu"));
        QVERIFY(finished.wait(60000));
        QCOMPARE(failed.count(), 0);
        const auto outcome = finished[0][0].value<OutcomePtr>();
        QVERIFY(outcome && outcome->result);
        QCOMPARE(outcome->runName, QString("quantize-int8 (method=minmax, percentile=99.99, "
                                           "samples=128)"));
        QCOMPARE(outcome->split, std::string("test"));
        QCOMPARE(outcome->original.name, std::string("original"));
        QCOMPARE(outcome->compressed.plugin, std::string("quantize-int8"));
        // int8 weights are a quarter of float32; on a model this small the file's fixed part
        // (architecture, pipeline, scales) keeps the whole file above half.
        QVERIFY2(double(outcome->compressed.sizeBytes) < 0.6 * double(outcome->original.sizeBytes),
                 qPrintable(QString("%1 vs %2 bytes")
                                .arg(outcome->compressed.sizeBytes)
                                .arg(outcome->original.sizeBytes)));
        // Every weight is kept (as int8), plus one scale per unit.
        QVERIFY(outcome->compressed.parameters >= outcome->original.parameters);
        const double before = outcome->original.metrics["accuracy"].get<double>();
        const double after = outcome->compressed.metrics["accuracy"].get<double>();
        QVERIFY2(before > 0.9 && std::abs(after - before) <= 0.03,
                 qPrintable(QString("accuracy %1 -> %2").arg(before).arg(after)));
        QVERIFY(outcome->compressed.latencyBatch1 > 0.0);

        // The compressed run predicts every row the source did, on the same splits.
        const train::ExperimentResult& run = *outcome->result;
        QCOMPARE(run.predictions.rows, trainedRun()->predictions.rows);
        QCOMPARE(run.predictions.splits, trainedRun()->predictions.splits);
        QCOMPARE(run.split.test, trainedRun()->split.test);
        QCOMPARE(run.reports.size(), trainedRun()->reports.size());
        QCOMPARE(run.reports.back().second["accuracy"].get<double>(), after);

        // A second run reuses the measured original.
        QVERIFY(
            job.start(trainedRun(), breastCancer(), "quantize-int8", {}, outcome->original, "cpu"));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished[1][0].value<OutcomePtr>()->original.latencyBatch1,
                 outcome->original.latencyBatch1);
    }

    void stopReachesThePlugin() {
        // A long prune (20 steps of 1000 fine-tuning epochs) stopped at its first report.
        CompressJob job(scanned(plugins::PluginManager::defaultFolders()));
        QSignalSpy progress(&job, &CompressJob::progress);
        QSignalSpy cancelled(&job, &Job::cancelled);
        QSignalSpy finished(&job, &CompressJob::finished);
        QSignalSpy failed(&job, &Job::failed);
        QVERIFY(job.start(trainedRun(), breastCancer(), "prune-magnitude",
                          {{"steps", 20}, {"finetune_epochs", 1000}}, {}, "cpu"));
        // The first report from the plugin itself (the job's own "Preparing the rows" comes first).
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, 60000);
        QVERIFY(!progress.last()[2].toString().startsWith("Preparing"));
        job.stop();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 60000);
        QCOMPARE(finished.count(), 0);
        QCOMPARE(failed.count(), 0);
        QVERIFY(!job.isActive());
    }

    void aThrowingPluginIsAMessageNotACrash() {
        CompressJob job(scanned({kBroken}));
        QSignalSpy finished(&job, &CompressJob::finished);
        QSignalSpy failed(&job, &Job::failed);
        QVERIFY(
            job.start(trainedRun(), breastCancer(), "test-throws", {{"mode", "throw"}}, {}, "cpu"));
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed[0][0].toString().contains("deliberate failure in a test plugin"),
                 qPrintable(failed[0][0].toString()));
        QCOMPARE(finished.count(), 0);

        // Bad parameters and unknown plugins are refused as messages too.
        QVERIFY(job.start(trainedRun(), breastCancer(), "test-throws", {{"mode", "sideways"}}, {},
                          "cpu"));
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed[1][0].toString().contains("mode"), qPrintable(failed[1][0].toString()));
        QVERIFY(job.start(trainedRun(), breastCancer(), "nope", {}, {}, "cpu"));
        QVERIFY(failed.wait(60000));
        QVERIFY(failed[2][0].toString().contains("nope"));

        // The job carries on: an identity run finishes.
        QVERIFY(job.start(trainedRun(), breastCancer(), "test-throws", {{"mode", "identity"}}, {},
                          "cpu"));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished[0][0].value<OutcomePtr>()->compressed.parameters,
                 trainedRun()->model.parameterCount());
    }
};

QTEST_MAIN(TestCompressJob)
#include "test_compress_job.moc"
