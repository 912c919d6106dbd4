// The experiment flow the CLI and the GUI share: it prepares, trains, predicts and reports on a
// bundled dataset, refuses bad requests with readable errors, and a stop keeps a usable model.

#include <QtTest>
#include <set>

#include "core/data/reader.h"
#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/train/experiment.h"
#include "core/train/training_progress.h"

using namespace loupe;
using train::ExperimentRequest;

namespace {

const data::Table& breastCancer() {
    static const data::Table table =
        data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv");
    return table;
}

ExperimentRequest quickRequest() {
    ExperimentRequest request;
    request.target = "diagnosis";
    request.train.epochs = 15;
    request.train.seed = 3;
    return request;
}

/// The message of the InputError `run` throws, or "" when it throws none.
template <typename F>
std::string inputErrorOf(F run) {
    try {
        run();
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestExperiment : public QObject {
    Q_OBJECT

private slots:
    void trainsPredictsAndReports() {
        device::CpuDevice dev;
        int epochs = 0;
        train::TrainCallbacks callbacks;
        callbacks.onEpoch = [&](const train::EpochRecord&) { ++epochs; };
        const train::ExperimentResult r =
            train::runExperiment(breastCancer(), quickRequest(), dev, callbacks);
        QCOMPARE(epochs, 15);
        QCOMPARE(r.history.epochs.size(), size_t(15));
        QVERIFY(r.model.task == data::Task::Classification);
        QCOMPARE(r.model.classNames.size(), size_t(2));
        QCOMPARE(r.model.targetName, std::string("diagnosis"));
        QCOMPARE(r.features.size(), size_t(30));
        QCOMPARE(r.model.inputs(), int64_t(30));

        // Every row is predicted once, tagged with the split it came from.
        const size_t rows = r.split.train.size() + r.split.val.size() + r.split.test.size();
        QCOMPARE(rows, size_t(breastCancer().rowCount()));
        QCOMPARE(r.predictions.rows.size(), rows);
        QCOMPARE(r.predictions.labels.size(), rows);
        QCOMPARE(size_t(r.predictions.outputs.rows()), rows);
        const std::multiset<std::string> tags(r.predictions.splits.begin(),
                                              r.predictions.splits.end());
        QCOMPARE(tags.count("val"), r.split.val.size());
        QCOMPARE(tags.count("test"), r.split.test.size());

        QCOMPARE(r.reports.size(), size_t(3));
        QCOMPARE(r.reports[0].first, std::string("train"));
        QCOMPARE(r.reports[2].first, std::string("test"));
        QVERIFY(r.reports[2].second["accuracy"].get<double>() >= 0.9);
        QCOMPARE(r.reports[2].second["support"].get<size_t>(), r.split.test.size());
    }

    void deterministicForASeed() {
        device::CpuDevice dev;
        const auto a = train::runExperiment(breastCancer(), quickRequest(), dev);
        const auto b = train::runExperiment(breastCancer(), quickRequest(), dev);
        QCOMPARE(a.split.test, b.split.test);
        QCOMPARE(a.history.epochs.back().trainLoss, b.history.epochs.back().trainLoss);
        QCOMPARE(a.predictions.outputs, b.predictions.outputs);
    }

    void chosenFeaturesAndPerLayerModel() {
        device::CpuDevice dev;
        ExperimentRequest request = quickRequest();
        request.features = {"mean_radius", "mean_texture", "mean_area"};
        request.model.hidden = {8, 4};
        request.model.activations = {device::Activation::Tanh, device::Activation::GELU};
        request.model.dropouts = {0.2f, 0.0f};
        request.valFraction = 0.0;
        request.train.earlyStopPatience = 5;  // ignored without a validation split
        const auto r = train::runExperiment(breastCancer(), request, dev);
        QCOMPARE(r.model.inputs(), int64_t(3));
        QCOMPARE(r.model.layers().size(), size_t(4));  // dense, dropout, dense, dense
        QVERIFY(r.split.val.empty());
        QVERIFY(!r.history.stoppedEarly);
        QCOMPARE(r.reports.size(), size_t(2));  // train, test
    }

    void regressionOnIris() {
        device::CpuDevice dev;
        const data::Table iris = data::readTable(std::string(LOUPE_DATASETS) + "/iris.csv");
        ExperimentRequest request;
        request.target = "petal_length";
        request.train.epochs = 30;
        request.train.learningRate = 0.01f;
        const auto r = train::runExperiment(iris, request, dev);
        QVERIFY(r.model.task == data::Task::Regression);
        QVERIFY(r.model.classNames.empty());
        // Labels are the column's exact values, not float32 roundings of them.
        const data::Column& column = iris.column("petal_length");
        QCOMPARE(r.predictions.labels[0], column.numeric[size_t(r.predictions.rows[0])]);
        QVERIFY(r.reports.back().second["r2"].get<double>() > 0.8);
    }

    void stopKeepsAUsableModel() {
        device::CpuDevice dev;
        std::stop_source stop;
        train::TrainCallbacks callbacks;
        callbacks.onEpoch = [&](const train::EpochRecord& e) {
            if (e.epoch == 3) stop.request_stop();
        };
        ExperimentRequest request = quickRequest();
        request.train.epochs = 100;
        const auto r =
            train::runExperiment(breastCancer(), request, dev, callbacks, stop.get_token());
        QVERIFY(r.history.cancelled);
        QVERIFY(r.history.epochs.size() <= 4);
        QCOMPARE(size_t(r.predictions.outputs.rows()), size_t(breastCancer().rowCount()));
        QVERIFY(r.predictions.outputs.allFinite());
    }

    void progressTrackerSmoothsAndCounts() {
        train::ProgressTracker tracker(10, 0.5);
        // Bias-corrected: a constant loss reads as itself from the first batch on.
        QCOMPARE(tracker.batch(1, 0, 4, 2.0).smoothedLoss, 2.0);
        QCOMPARE(tracker.batch(1, 1, 4, 2.0).smoothedLoss, 2.0);
        // Average 0.5 * 1.5 + 0.5 * 4 = 2.75, weight 1 - 0.5^3 = 0.875.
        const train::BatchProgress p = tracker.batch(1, 2, 4, 4.0);
        QCOMPARE(p.smoothedLoss, 2.75 / 0.875);
        QCOMPARE(p.step, int64_t(3));
        QCOMPARE(p.totalSteps, int64_t(40));
        QVERIFY(p.etaSeconds >= 0.0);
        QCOMPARE(tracker.batch(2, 0, 4, 1.0).step, int64_t(5));
        QCOMPARE(tracker.takeCurve().size(), size_t(4));  // every batch of a short run
        QVERIFY(tracker.takeCurve().empty());

        // A long run keeps about kCurvePoints points, the last batch included.
        train::ProgressTracker longRun(100, 0.9);
        for (int64_t e = 1; e <= 100; ++e)
            for (int64_t b = 0; b < 1000; ++b) longRun.batch(e, b, 1000, 1.0);
        const std::vector<train::CurvePoint> curve = longRun.takeCurve();
        QCOMPARE(curve.size(), size_t(train::ProgressTracker::kCurvePoints + 1));
        QCOMPARE(curve.back().step, int64_t(100000));

        QVERIFY(!tracker.hasEpochs());
        tracker.epoch({1, 0.5, 0.6, 0.9, 1e-3, 0.1});
        tracker.epoch({2, 0.4, 0.5, 0.92, 1e-3, 0.2});
        const train::EpochProgress e = tracker.takeEpochs();
        QCOMPARE(e.records.size(), size_t(2));
        QCOMPARE(e.epochs, int64_t(10));
        QVERIFY(!tracker.hasEpochs());
    }

    void badRequests_data() {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no target") << "target="
                                   << "no target column chosen";
        QTest::newRow("missing target") << "target=nope"
                                        << "no column named 'nope'";
        QTest::newRow("missing feature") << "feature=nope"
                                         << "no column named 'nope'";
        QTest::newRow("target as feature") << "feature=diagnosis"
                                           << "cannot also be a feature";
        QTest::newRow("fractions") << "val=0.5"
                                   << "at least 10% of the rows";
    }
    void badRequests() {
        QFETCH(QString, change);
        QFETCH(QString, expected);
        ExperimentRequest request = quickRequest();
        request.train.epochs = 1;
        const QString value = change.section('=', 1);
        if (change.startsWith("target=")) request.target = value.toStdString();
        if (change.startsWith("feature=")) request.features = {value.toStdString()};
        if (change.startsWith("val=")) {
            request.valFraction = value.toDouble();
            request.testFraction = 0.4;
        }
        device::CpuDevice dev;
        const std::string message =
            inputErrorOf([&] { train::runExperiment(breastCancer(), request, dev); });
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(
            message.find("breast_cancer.csv") != std::string::npos || change.startsWith("val="),
            message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestExperiment)
#include "test_experiment.moc"
