// TrainingPanel: builder and settings edits produce the right ExperimentRequest, Start emits it,
// the job's reports fill the charts, failures show inline. LOUPE_SCREENSHOT_DIR=DIR saves the
// panel mid-training and after training as DIR/train-running.png and DIR/train.png.

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include "app/gui/jobs/training_job.h"
#include "core/data/reader.h"
#include "widgets/charts/line_chart.h"
#include "widgets/train/class_balance_chart.h"
#include "widgets/train/hyperparameter_form.h"
#include "widgets/train/imbalance_settings.h"
#include "widgets/train/model_builder.h"
#include "widgets/train/training_charts.h"
#include "widgets/train/training_panel.h"

using namespace loupe;
using device::Activation;
using widgets::TrainingPanel;

namespace {

std::shared_ptr<const data::Table> breastCancer() {
    static const auto table = std::make_shared<const data::Table>(
        data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv"));
    return table;
}

template <typename T>
T* cell(widgets::ModelBuilder* builder, int row, int column) {
    return qobject_cast<T*>(builder->table()->cellWidget(row, column));
}

void saveShot(QWidget& widget, const char* name) {
    const QString dir = qEnvironmentVariable("LOUPE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QVERIFY(widget.grab().save(dir + "/" + name));
}

}  // namespace

class TestTrainingPanel : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreTheClis() {
        TrainingPanel panel;
        const train::ExperimentRequest r = panel.request();
        QCOMPARE(r.model.hidden, (std::vector<int64_t>{64, 32}));
        QVERIFY(r.model.activations ==
                (std::vector<Activation>{Activation::ReLU, Activation::ReLU}));
        QCOMPARE(r.model.dropouts, (std::vector<float>{0.0f, 0.0f}));
        const train::TrainConfig defaults;
        QCOMPARE(r.train.epochs, defaults.epochs);
        QCOMPARE(r.train.batchSize, defaults.batchSize);
        QCOMPARE(r.train.learningRate, defaults.learningRate);
        QVERIFY(r.train.optimizer == train::Optimizer::Adam);
        QCOMPARE(r.train.earlyStopPatience, int64_t(0));
        QCOMPARE(r.train.seed, uint64_t(0));
        QCOMPARE(r.valFraction, 0.15);
        QCOMPARE(r.testFraction, 0.15);
        QCOMPARE(panel.device(), QString("auto"));
        QVERIFY(!panel.startButton()->isEnabled());  // no dataset yet
    }

    void builderEditsShapeTheRequest() {
        TrainingPanel panel;
        widgets::ModelBuilder* b = panel.modelBuilder();
        b->selectLayer(0);
        b->addLayer();  // a copy of layer 1 after it: 64, 64, 32
        cell<QSpinBox>(b, 1, 0)->setValue(16);
        cell<QComboBox>(b, 1, 1)->setCurrentIndex(1);  // tanh
        cell<QDoubleSpinBox>(b, 2, 2)->setValue(0.25);
        b->selectLayer(2);
        b->moveLayer(-1);  // 64, 32 (dropout .25), 16 tanh
        train::ExperimentRequest r = panel.request();
        QCOMPARE(r.model.hidden, (std::vector<int64_t>{64, 32, 16}));
        QVERIFY(r.model.activations ==
                (std::vector<Activation>{Activation::ReLU, Activation::ReLU, Activation::Tanh}));
        QCOMPARE(r.model.dropouts, (std::vector<float>{0.0f, 0.25f, 0.0f}));
        b->selectLayer(0);
        b->removeLayer();
        QCOMPARE(panel.request().model.hidden, (std::vector<int64_t>{32, 16}));

        b->setMlp(false);
        QVERIFY(panel.request().model.hidden.empty());
        QVERIFY(!b->table()->isEnabled());
        b->setMlp(true);
        QCOMPARE(panel.request().model.hidden.size(), size_t(2));

        widgets::HyperparameterForm* form = panel.hyperparameters();
        train::TrainConfig config;
        config.optimizer = train::Optimizer::Sgd;
        config.epochs = 7;
        config.batchSize = 64;
        config.l2 = 0.01f;
        config.earlyStopPatience = 4;
        config.seed = 42;
        form->setConfig(config);
        form->setFractions(0.2, 0.1);
        r = panel.request();
        QVERIFY(r.train.optimizer == train::Optimizer::Sgd);
        QCOMPARE(r.train.epochs, int64_t(7));
        QCOMPARE(r.train.batchSize, int64_t(64));
        QCOMPARE(r.train.l2, 0.01f);
        QCOMPARE(r.train.earlyStopPatience, int64_t(4));
        QCOMPARE(r.train.seed, uint64_t(42));
        QCOMPARE(r.valFraction, 0.2);
        QCOMPARE(r.testFraction, 0.1);
    }

    void setRequestIsTheInverseOfRequest() {
        TrainingPanel panel;
        QSignalSpy changed(&panel, &TrainingPanel::changed);
        train::ExperimentRequest want;
        want.model.hidden = {8, 4, 2};
        want.model.activations = {Activation::GELU, Activation::Sigmoid, Activation::Tanh};
        want.model.dropouts = {0.5f, 0.0f, 0.1f};
        want.train.optimizer = train::Optimizer::AdamW;
        want.train.learningRate = 0.0025f;
        want.train.batchSize = 16;
        want.train.epochs = 12;
        want.train.l1 = 0.001f;
        want.train.earlyStopPatience = 3;
        want.train.seed = 99;
        want.valFraction = 0.25;
        want.testFraction = 0.05;
        panel.setRequest(want);
        QVERIFY(changed.count() > 0);
        const train::ExperimentRequest got = panel.request();
        QCOMPARE(got.model.hidden, want.model.hidden);
        QVERIFY(got.model.activations == want.model.activations);
        QCOMPARE(got.model.dropouts, want.model.dropouts);
        QVERIFY(got.train.optimizer == want.train.optimizer);
        QCOMPARE(got.train.learningRate, want.train.learningRate);
        QCOMPARE(got.train.batchSize, want.train.batchSize);
        QCOMPARE(got.train.epochs, want.train.epochs);
        QCOMPARE(got.train.l1, want.train.l1);
        QCOMPARE(got.train.earlyStopPatience, want.train.earlyStopPatience);
        QCOMPARE(got.train.seed, want.train.seed);
        QCOMPARE(got.valFraction, want.valFraction);
        QCOMPARE(got.testFraction, want.testFraction);

        // No hidden layers: logistic regression, the listed layers kept for a switch back.
        train::ExperimentRequest linear = want;
        linear.model = {};
        panel.setRequest(linear);
        QVERIFY(panel.request().model.hidden.empty());
        QCOMPARE(panel.modelBuilder()->layers().size(), size_t(3));
    }

    void imbalanceSettingsRoundTripAndChartCountsTrainingRows() {
        TrainingPanel panel;
        widgets::ImbalanceSettings* imbalance = panel.imbalance();
        QVERIFY(panel.request().resample == data::Resampling::None);
        QVERIFY(!panel.request().balancedClassWeights);
        QVERIFY(!imbalance->kBox()->isEnabled());

        train::ExperimentRequest want;
        want.resample = data::Resampling::Smote;
        want.smoteK = 3;
        want.balancedClassWeights = true;
        panel.setRequest(want);
        train::ExperimentRequest got = panel.request();
        QVERIFY(got.resample == data::Resampling::Smote);
        QCOMPARE(got.smoteK, int64_t{3});
        QVERIFY(got.balancedClassWeights);
        QVERIFY(imbalance->kBox()->isEnabled());
        for (auto method : {data::Resampling::None, data::Resampling::Oversample,
                            data::Resampling::Undersample}) {
            want.resample = method;
            want.balancedClassWeights = false;
            panel.setRequest(want);
            QVERIFY(panel.request().resample == method);
            QVERIFY(!panel.request().balancedClassWeights);
        }

        // The chart counts the training rows of the split Start would make, per class.
        imbalance->setMethod(data::Resampling::None);
        panel.setDataset(breastCancer(), QStringLiteral("diagnosis"), {});
        train::ExperimentRequest request = panel.request();
        const train::PreparedExperiment prepared = train::prepareExperiment(*breastCancer(), request);
        std::vector<int64_t> want2(prepared.target.classNames.size(), 0);
        for (int64_t row : prepared.split.train) {
            const auto at = std::lower_bound(prepared.target.rows.begin(),
                                             prepared.target.rows.end(), row);
            ++want2[size_t(prepared.target.values[size_t(at - prepared.target.rows.begin())])];
        }
        widgets::ClassBalanceChart* chart = imbalance->chart();
        QCOMPARE(chart->classes(), (QStringList{"benign", "malignant"}));
        QCOMPARE(chart->before(), want2);
        QCOMPARE(chart->after(), want2);  // no resampling
        imbalance->methodBox()->setCurrentIndex(
            imbalance->methodBox()->findData(int(data::Resampling::Smote)));
        QCOMPARE(chart->after(), (std::vector<int64_t>{want2[0], want2[0]}));
        imbalance->methodBox()->setCurrentIndex(
            imbalance->methodBox()->findData(int(data::Resampling::Undersample)));
        QCOMPARE(chart->after(), (std::vector<int64_t>{want2[1], want2[1]}));
        QVERIFY(want2[0] > want2[1]);

        panel.setWarnings({QStringLiteral("3 test rows repeat a training row")});
        QVERIFY(!panel.warningLabel()->isHidden());
        QVERIFY(panel.warningLabel()->text().contains("repeat a training row"));
        QVERIFY(panel.startButton()->isEnabled());  // a warning, not a block
        panel.setWarnings({});
        QVERIFY(panel.warningLabel()->isHidden());
    }

    void showHistoryDrawsAFinishedRun() {
        TrainingPanel panel;
        train::History history;
        history.valMetricName = "val_r2";
        history.epochs.push_back({1, 0.9, 0.8, 0.1, 0.001, 0.5});
        history.epochs.push_back({2, 0.7, std::nan(""), 0.3, 0.001, 1.0});
        history.bestEpoch = 2;
        panel.showHistory(history);
        widgets::TrainingCharts* charts = panel.charts();
        QCOMPARE(charts->lossChart()->points(0).size(), size_t(2));
        QCOMPARE(charts->lossChart()->points(1).size(), size_t(1));  // NaN skipped
        QCOMPARE(charts->metricChart()->points(0).size(), size_t(2));
        QCOMPARE(panel.progressBar()->value(), panel.progressBar()->maximum());
        panel.showHistory({});
        QVERIFY(charts->lossChart()->points(0).empty());
        QCOMPARE(panel.progressBar()->value(), 0);
    }

    void cudaEntryFollowsTheProbe() {
        widgets::HyperparameterForm form;
        device::CudaProbe none;
        none.reason = "no driver";
        form.setCudaProbe(none);
        QVERIFY(!form.setDevice("cuda"));
        QVERIFY(form.deviceBox()->itemText(2).contains("no driver"));
        device::CudaProbe one;
        one.built = true;
        one.devices.push_back({0, "Test GPU", int64_t(8) << 30, 8, 6});
        form.setCudaProbe(one);
        QVERIFY(form.deviceBox()->itemText(2).contains("Test GPU"));
        QVERIFY(form.deviceBox()->itemText(2).contains("8.0 GiB"));
        QVERIFY(form.setDevice("cuda:0"));
        QCOMPARE(form.device(), QString("cuda:0"));
    }

    void startEmitsTheRequestAndSlotsFillTheCharts() {
        TrainingPanel panel;
        QSignalSpy start(&panel, &TrainingPanel::startRequested);
        QSignalSpy stop(&panel, &TrainingPanel::stopRequested);
        panel.setDataset(breastCancer(), "diagnosis", {"mean_radius", "mean_area"});
        QVERIFY(panel.startButton()->isEnabled());
        panel.startButton()->click();
        QCOMPARE(start.count(), 1);
        const auto r = start[0][0].value<train::ExperimentRequest>();
        QCOMPARE(r.target, std::string("diagnosis"));
        QCOMPARE(r.features, (std::vector<std::string>{"mean_radius", "mean_area"}));
        QCOMPARE(start[0][1].toString(), QString("auto"));
        QVERIFY(!panel.startButton()->isEnabled());
        QVERIFY(!panel.modelBuilder()->isEnabled());

        train::EpochProgress epochs;
        epochs.epochs = 10;
        epochs.records = {{1, 0.7, 0.6, 0.8, 1e-3, 0.1}, {2, 0.5, 0.45, 0.9, 1e-3, 0.2}};
        panel.onEpoch(epochs);
        train::BatchProgress batch{2, 25, 130, 0.4, 0.45, 1.0, 4.0, {{24, 0.5}, {25, 0.45}}};
        panel.onBatch(batch);
        widgets::TrainingCharts* charts = panel.charts();
        QCOMPARE(charts->lossChart()->points(0).size(), size_t(2));
        QCOMPARE(charts->lossChart()->points(1).back(), QPointF(2, 0.45));
        QCOMPARE(charts->metricChart()->points(0).back(), QPointF(2, 0.9));
        QCOMPARE(charts->batchChart()->points(0).size(), size_t(2));
        QCOMPARE(charts->batchChart()->points(0).back(), QPointF(25, 0.45));
        QCOMPARE(panel.progressBar()->value(), 1000 * 25 / 130);

        charts->logScaleBox()->setChecked(true);
        QVERIFY(charts->lossChart()->logY());
        QVERIFY(charts->batchChart()->logY());

        panel.stopButton()->click();
        QCOMPARE(stop.count(), 1);
        panel.onFailed("data.csv: no column named 'x'");
        QCOMPARE(panel.errorLabel()->text(), QString("data.csv: no column named 'x'"));
        QVERIFY(!panel.errorLabel()->isHidden());
        QVERIFY(panel.startButton()->isEnabled());
        panel.start();  // a new run clears the error and the curves
        QVERIFY(panel.errorLabel()->isHidden());
        QVERIFY(charts->lossChart()->points(0).empty());
    }

    void drivenByARealJob() {
        TrainingPanel panel;
        panel.resize(1280, 800);
        panel.show();
        gui::TrainingJob job;
        connect(&panel, &TrainingPanel::startRequested, &job,
                [&](const train::ExperimentRequest& r, const QString& device) {
                    job.start(panel.dataset(), r, device);
                });
        connect(&panel, &TrainingPanel::pauseRequested, &job, &gui::Job::pause);
        connect(&panel, &TrainingPanel::resumeRequested, &job, &gui::Job::resume);
        connect(&job, &gui::TrainingJob::setupReady, &panel, &TrainingPanel::onSetup);
        connect(&job, &gui::TrainingJob::epochProgress, &panel, &TrainingPanel::onEpoch);
        connect(&job, &gui::TrainingJob::batchProgress, &panel, &TrainingPanel::onBatch);
        connect(&job, &gui::TrainingJob::finished, &panel, &TrainingPanel::onFinished);
        connect(&job, &gui::Job::failed, &panel, &TrainingPanel::onFailed);
        QSignalSpy finished(&job, &gui::TrainingJob::finished);

        // Pause as soon as 20 epochs are drawn: a run this small ends in well under a second.
        bool pausedOnce = false;
        connect(&job, &gui::TrainingJob::epochProgress, &panel, [&] {
            if (!pausedOnce && panel.charts()->lossChart()->points(0).size() >= 20) {
                pausedOnce = true;
                panel.pauseButton()->click();
            }
        });

        panel.setDataset(breastCancer(), "diagnosis", {});
        train::TrainConfig config;
        config.epochs = 300;
        config.batchSize = 8;
        config.seed = 1;
        panel.hyperparameters()->setConfig(config);
        panel.hyperparameters()->setDevice("cpu");
        panel.start();
        QTRY_VERIFY_WITH_TIMEOUT(panel.runState() == TrainingPanel::RunState::Paused, 30000);
        QTest::qWait(300);
        QCOMPARE(finished.count(), 0);
        saveShot(panel, "train-running.png");
        panel.resumeButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(panel.charts()->lossChart()->points(0).size(), size_t(300));
        QVERIFY(panel.runState() == TrainingPanel::RunState::Idle);
        QVERIFY(panel.startButton()->isEnabled());
        panel.charts()->logScaleBox()->setChecked(true);
        QTest::qWait(100);
        saveShot(panel, "train.png");
    }
};

QTEST_MAIN(TestTrainingPanel)
#include "test_training_panel.moc"
