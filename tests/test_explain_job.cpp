// ExplainJob: exact SHAP of a small iris model's test rows adds up to the model's own predictions;
// progress ends at the last row; one row explained alone matches its values among the test rows;
// stop cancels; a bad request fails with core's message.

#include <QSignalSpy>
#include <QtTest>
#include <algorithm>
#include <memory>

#include "app/gui/jobs/explain_job.h"
#include "core/data/reader.h"
#include "core/device/device.h"

using namespace loupe;
using gui::ExplainJob;
using gui::Job;
using ExplanationPtr = std::shared_ptr<const explain::ShapExplanation>;
using RunPtr = std::shared_ptr<const train::ExperimentResult>;

namespace {

std::shared_ptr<const data::Table> readSample(const char* name) {
    return std::make_shared<const data::Table>(
        data::readTable(std::string(LOUPE_DATASETS) + "/" + name));
}

std::shared_ptr<const data::Table> iris() {
    static const auto table = readSample("iris.csv");
    return table;
}

/// A small MLP trained briefly: enough for SHAP to have something to explain.
RunPtr trainRun(const data::Table& table, const std::string& target) {
    train::ExperimentRequest r;
    r.target = target;
    r.model.hidden = {8};
    r.train.epochs = 20;
    r.train.seed = 3;
    auto device = device::makeDevice("cpu").device;
    return std::make_shared<const train::ExperimentResult>(train::runExperiment(table, r, *device));
}

RunPtr irisRun() {
    static const RunPtr run = trainRun(*iris(), "species");
    return run;
}

std::shared_ptr<const data::Table> cancer() {
    static const auto table = readSample("breast_cancer.csv");
    return table;
}

RunPtr cancerRun() {
    static const RunPtr run = trainRun(*cancer(), "diagnosis");
    return run;
}

}  // namespace

class TestExplainJob : public QObject {
    Q_OBJECT

private slots:
    void exactValuesAddUpToThePredictions() {
        ExplainJob job;
        QSignalSpy progress(&job, &ExplainJob::progress);
        QSignalSpy finished(&job, &ExplainJob::finished);
        QSignalSpy failed(&job, &Job::failed);
        explain::ExplainRequest request;
        request.method = explain::ShapMethod::Exact;
        request.maxRows = 10;
        request.classIndex = 1;
        QVERIFY(job.start(iris(), irisRun(), request, "cpu"));
        QVERIFY(!job.start(iris(), irisRun(), request, "cpu"));  // one request at a time
        QVERIFY(finished.wait(30000));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!job.isActive());
        const ExplanationPtr e = finished[0][0].value<ExplanationPtr>();
        QVERIFY(e);
        const explain::ShapResult& shap = e->shap;
        QCOMPARE(shap.method, explain::ShapMethod::Exact);
        QCOMPARE(shap.rows.size(), size_t(10));
        QCOMPARE(shap.features.size(), size_t(4));
        QCOMPARE(shap.output, std::string("probability of ") + irisRun()->model.classNames[1]);

        // The rows are test rows, and the values explain the model's own probabilities.
        const std::vector<int64_t>& test = irisRun()->split.test;
        for (int64_t row : shap.rows) QVERIFY(std::binary_search(test.begin(), test.end(), row));
        auto device = device::makeDevice("cpu").device;
        const Matrix p = irisRun()->model.predictTable(*device, *iris(), shap.rows);
        for (size_t i = 0; i < shap.rows.size(); ++i) {
            const double sum = shap.baseValue[i] + shap.values.row(i).sum();
            QVERIFY2(
                std::abs(sum - shap.prediction[i]) < 1e-6,
                qPrintable(QString("row %1: %2 vs %3").arg(i).arg(sum).arg(shap.prediction[i])));
            QVERIFY(std::abs(shap.prediction[i] - p(i, 1)) < 1e-5);
        }
        // The plots' data came along: raw values of the explained rows and a feature order.
        QCOMPARE(e->values.numeric.rows(), Eigen::Index(10));
        QCOMPARE(e->summary.order.size(), size_t(4));

        QVERIFY(progress.count() >= 1);
        QCOMPARE(progress.last()[0].toLongLong(), 10LL);
        QCOMPARE(progress.last()[1].toLongLong(), 10LL);
    }

    void explainsOneGivenRow() {
        ExplainJob job;
        QSignalSpy finished(&job, &ExplainJob::finished);
        explain::ExplainRequest request;
        request.rows = explain::ExplainRows::Given;
        request.givenRows = {irisRun()->split.train.front()};
        request.background = explain::BackgroundKind::KMeans;
        request.backgroundSize = 10;
        QVERIFY(job.start(iris(), irisRun(), request, "cpu"));
        QVERIFY(finished.wait(30000));
        const ExplanationPtr e = finished[0][0].value<ExplanationPtr>();
        QCOMPARE(e->shap.rows, request.givenRows);
        QCOMPARE(e->shap.method, explain::ShapMethod::Exact);  // auto, 4 features
        QCOMPARE(e->shap.output, std::string("probability of ") +
                                     irisRun()->model.classNames.back());  // the last class

        // The test rows with the same settings share its background, so its base value, and a
        // test row's values do not depend on the rows explained with it.
        request.rows = explain::ExplainRows::Test;
        QVERIFY(job.start(iris(), irisRun(), request, "cpu"));
        QVERIFY(finished.wait(30000));
        const ExplanationPtr test = finished[1][0].value<ExplanationPtr>();
        QCOMPARE(test->shap.baseValue.front(), e->shap.baseValue.front());
        request.rows = explain::ExplainRows::Given;
        request.givenRows = {test->shap.rows[3]};
        QVERIFY(job.start(iris(), irisRun(), request, "cpu"));
        QVERIFY(finished.wait(30000));
        const ExplanationPtr one = finished[2][0].value<ExplanationPtr>();
        for (int j = 0; j < 4; ++j) QCOMPARE(one->shap.values(0, j), test->shap.values(3, j));
    }

    void stopCancels() {
        ExplainJob job;
        QSignalSpy progress(&job, &ExplainJob::progress);
        QSignalSpy finished(&job, &ExplainJob::finished);
        QSignalSpy cancelled(&job, &Job::cancelled);
        explain::ExplainRequest request;
        request.method = explain::ShapMethod::Kernel;
        request.rows = explain::ExplainRows::All;
        request.maxRows = 1000;
        request.samples = 4000;  // seconds for all rows: the stop comes after the first
        QVERIFY(job.start(cancer(), cancerRun(), request, "cpu"));
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 1, 60000);
        job.stop();
        QCOMPARE(job.state(), Job::State::Stopping);
        QVERIFY(cancelled.wait(30000));
        QCOMPARE(finished.count(), 0);
        QVERIFY(!job.isActive());
        QVERIFY(progress.last()[0].toLongLong() < 569);
    }

    void badRequestsFail_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("classIndex");
        QTest::addColumn<qlonglong>("row");
        QTest::addColumn<QString>("message");
        QTest::newRow("class out of range")
            << int(explain::ShapMethod::Exact) << 7 << -1LL << "class number 7 is out of range";
        QTest::newRow("linear with a hidden layer")
            << int(explain::ShapMethod::Linear) << -1 << -1LL << "linear SHAP needs a model";
        QTest::newRow("row out of range")
            << int(explain::ShapMethod::Auto) << -1 << 150LL << "row 150 is out of range";
    }
    void badRequestsFail() {
        QFETCH(int, method);
        QFETCH(int, classIndex);
        QFETCH(qlonglong, row);
        QFETCH(QString, message);
        ExplainJob job;
        QSignalSpy finished(&job, &ExplainJob::finished);
        QSignalSpy failed(&job, &Job::failed);
        explain::ExplainRequest request;
        request.method = static_cast<explain::ShapMethod>(method);
        request.classIndex = classIndex;
        if (row >= 0) {
            request.rows = explain::ExplainRows::Given;
            request.givenRows = {row};
        }
        QVERIFY(job.start(iris(), irisRun(), request, "cpu"));
        QVERIFY(failed.wait(30000));
        QCOMPARE(finished.count(), 0);
        const QString text = failed[0][0].toString();
        QVERIFY2(text.contains(message), qPrintable(text));
        QVERIFY(!text.startsWith("internal error"));
    }

    void tooManyFeaturesForExact() {
        ExplainJob job;
        QSignalSpy failed(&job, &Job::failed);
        explain::ExplainRequest request;
        request.method = explain::ShapMethod::Exact;
        QVERIFY(job.start(cancer(), cancerRun(), request, "cpu"));
        QVERIFY(failed.wait(30000));
        QVERIFY2(failed[0][0].toString().contains("exact SHAP over 30 features"),
                 qPrintable(failed[0][0].toString()));
    }

    void refusesWithoutARun() {
        ExplainJob job;
        QVERIFY(!job.start(iris(), nullptr, {}, "cpu"));
        QVERIFY(!job.start(nullptr, irisRun(), {}, "cpu"));
        QVERIFY(!job.isActive());
    }
};

QTEST_MAIN(TestExplainJob)
#include "test_explain_job.moc"
