// TrainingJob: a real run on the bundled breast-cancer sample reports throttled progress and a
// good model; stop keeps the best weights so far; pause holds the epochs; bad requests fail.

#include <QSignalSpy>
#include <QtTest>
#include <memory>

#include "app/gui/jobs/training_job.h"
#include "core/data/reader.h"

using namespace loupe;
using gui::Job;
using gui::TrainingJob;
using ResultPtr = std::shared_ptr<const train::ExperimentResult>;

namespace {

std::shared_ptr<const data::Table> breastCancer() {
    static const auto table = std::make_shared<const data::Table>(
        data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv"));
    return table;
}

train::ExperimentRequest request(int64_t epochs) {
    train::ExperimentRequest r;
    r.target = "diagnosis";
    r.train.epochs = epochs;
    r.train.seed = 1;
    return r;
}

/// Epochs reported by the epochProgress signals in `spy`.
int64_t epochsIn(const QSignalSpy& spy) {
    int64_t count = 0;
    for (const QList<QVariant>& args : spy)
        count += static_cast<int64_t>(args[0].value<train::EpochProgress>().records.size());
    return count;
}

}  // namespace

class TestTrainingJob : public QObject {
    Q_OBJECT

private slots:
    void trainsWithThrottledProgress() {
        TrainingJob job;
        QSignalSpy setup(&job, &TrainingJob::setupReady);
        QSignalSpy batches(&job, &TrainingJob::batchProgress);
        QSignalSpy epochs(&job, &TrainingJob::epochProgress);
        QSignalSpy finished(&job, &TrainingJob::finished);
        QSignalSpy failed(&job, &Job::failed);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(job.start(breastCancer(), request(200), "cpu"));
        QVERIFY(job.isActive());
        QVERIFY(!job.start(breastCancer(), request(5), "cpu"));  // one run at a time
        QVERIFY(finished.wait(60000));
        const double seconds = double(clock.elapsed()) / 1000.0;
        QCOMPARE(failed.count(), 0);
        QVERIFY(!job.isActive());
        QCOMPARE(setup.count(), 1);
        const auto s = setup[0][0].value<train::TrainingSetup>();
        QCOMPARE(s.trainRows + s.valRows + s.testRows, int64_t(569));
        QCOMPARE(s.epochs, int64_t(200));

        // Every epoch arrives (batched), the last one included; reports are throttled.
        QCOMPARE(epochsIn(epochs), int64_t(200));
        QCOMPARE(epochs.last()[0].value<train::EpochProgress>().records.back().epoch, int64_t(200));
        const double allowed = 20.0 * seconds + 3.0;
        QVERIFY2(batches.count() >= 1 && batches.count() <= allowed,
                 qPrintable(QString("%1 batch reports in %2 s").arg(batches.count()).arg(seconds)));
        QVERIFY(epochs.count() <= allowed + 1);
        const auto b = batches.last()[0].value<train::BatchProgress>();
        QCOMPARE(b.step, b.totalSteps);  // the last batch is always reported
        QVERIFY(std::isfinite(b.smoothedLoss) && b.smoothedLoss > 0.0);
        // Between them the reports carry the smoothed curve at every batch (a short run).
        int64_t points = 0;
        for (const QList<QVariant>& args : batches)
            points += static_cast<int64_t>(args[0].value<train::BatchProgress>().curve.size());
        QCOMPARE(points, b.totalSteps);

        const ResultPtr result = finished[0][0].value<ResultPtr>();
        QVERIFY(result);
        QVERIFY(!result->history.cancelled);
        QCOMPARE(result->reports.back().first, std::string("test"));
        QVERIFY(result->reports.back().second["accuracy"].get<double>() >= 0.9);
    }

    void stopKeepsTheBestWeights() {
        TrainingJob job;
        QSignalSpy epochs(&job, &TrainingJob::epochProgress);
        QSignalSpy finished(&job, &TrainingJob::finished);
        train::ExperimentRequest r = request(100000);
        r.train.batchSize = 8;
        QVERIFY(job.start(breastCancer(), r, "cpu"));
        QTRY_VERIFY_WITH_TIMEOUT(epochsIn(epochs) >= 3, 30000);
        job.stop();
        QCOMPARE(job.state(), Job::State::Stopping);
        QVERIFY(finished.wait(30000));
        const ResultPtr result = finished[0][0].value<ResultPtr>();
        QVERIFY(result->history.cancelled);
        const auto ran = static_cast<int64_t>(result->history.epochs.size());
        QVERIFY(ran >= 3 && ran < 100000);
        QVERIFY(result->history.bestEpoch >= 1 && result->history.bestEpoch <= ran);
        QVERIFY(result->predictions.outputs.allFinite());
        QVERIFY(result->reports.back().second["accuracy"].get<double>() >= 0.85);
    }

    void pauseHoldsAndResumeContinues() {
        TrainingJob job;
        QSignalSpy epochs(&job, &TrainingJob::epochProgress);
        QSignalSpy finished(&job, &TrainingJob::finished);
        train::ExperimentRequest r = request(100000);
        r.train.batchSize = 8;
        QVERIFY(job.start(breastCancer(), r, "cpu"));
        QTRY_VERIFY_WITH_TIMEOUT(epochsIn(epochs) >= 2, 30000);
        job.pause();
        QCOMPARE(job.state(), Job::State::Paused);
        QTest::qWait(300);  // reports already on their way arrive
        const int64_t held = epochsIn(epochs);
        QTest::qWait(500);
        QCOMPARE(epochsIn(epochs), held);
        job.resume();
        QCOMPARE(job.state(), Job::State::Running);
        QTRY_VERIFY_WITH_TIMEOUT(epochsIn(epochs) > held + 1, 30000);

        // Stop while paused ends the run too.
        job.pause();
        job.stop();
        QVERIFY(finished.wait(30000));
        QVERIFY(finished[0][0].value<ResultPtr>()->history.cancelled);
    }

    void badRequestFails_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("device");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing target") << "nope"
                                        << "cpu"
                                        << "no column named 'nope'";
        QTest::newRow("no target") << ""
                                   << "cpu"
                                   << "no target column chosen";
        QTest::newRow("bad device") << "diagnosis"
                                    << "tpu"
                                    << "tpu";
    }
    void badRequestFails() {
        QFETCH(QString, target);
        QFETCH(QString, device);
        QFETCH(QString, expected);
        TrainingJob job;
        QSignalSpy failed(&job, &Job::failed);
        QSignalSpy finished(&job, &TrainingJob::finished);
        train::ExperimentRequest r = request(3);
        r.target = target.toStdString();
        QVERIFY(job.start(breastCancer(), r, device));
        QVERIFY(failed.wait(30000));
        const QString message = failed[0][0].toString();
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(!message.startsWith("internal error"));
        QCOMPARE(finished.count(), 0);
        QVERIFY(!job.isActive());
    }

    void destroyingARunningJobDoesNotBlock() {
        QElapsedTimer clock;
        clock.start();
        {
            TrainingJob job;
            QSignalSpy epochs(&job, &TrainingJob::epochProgress);
            QVERIFY(job.start(breastCancer(), request(100000), "cpu"));
            QTRY_VERIFY_WITH_TIMEOUT(epochsIn(epochs) >= 1, 30000);
            job.pause();
        }
        QTest::qWait(100);  // nothing is delivered to the destroyed job
        QVERIFY(clock.elapsed() < 30000);
    }
};

QTEST_GUILESS_MAIN(TestTrainingJob)
#include "test_training_job.moc"
