// TrainingPanel: builder and settings edits produce the right ExperimentRequest, Start emits it,
// the job's reports fill the charts, failures show inline. LOUPE_SCREENSHOT_DIR=DIR saves the
// panel mid-training and after training as DIR/train-running.png and DIR/train.png.

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>

#include "app/gui/jobs/cross_validation_job.h"
#include "app/gui/jobs/training_job.h"
#include "core/data/reader.h"
#include "widgets/charts/line_chart.h"
#include "widgets/train/class_balance_chart.h"
#include "widgets/train/cross_validation_view.h"
#include "widgets/train/hyperparameter_form.h"
#include "widgets/train/imbalance_settings.h"
#include "widgets/train/model_builder.h"
#include "widgets/train/preprocessing_settings.h"
#include "widgets/train/schedule_settings.h"
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

    void newTrainingSettingsRoundTrip() {
        TrainingPanel panel;
        // Defaults are today's behaviour (the CLI's).
        const train::ExperimentRequest defaults = panel.request();
        QVERIFY(defaults.train.schedule.kind == nn::ScheduleKind::None);
        QCOMPARE(defaults.train.clipGradNorm, 0.0f);
        QCOMPARE(defaults.train.inputNoise, 0.0f);
        QCOMPARE(defaults.train.mixupAlpha, 0.0f);
        QCOMPARE(defaults.train.earlyStopMinDelta, 0.0f);
        QVERIFY(defaults.train.monitor == train::Monitor::ValLoss);
        QVERIFY(defaults.pipeline.numericImpute == data::NumericImpute::Mean);
        QVERIFY(defaults.pipeline.scaling == data::Scaling::Standard);
        QVERIFY(defaults.pipeline.encoding == data::Encoding::OneHot);
        QVERIFY(defaults.pipeline.logColumns.empty());
        QVERIFY(defaults.dropColumns.empty());
        QCOMPARE(panel.cvFolds(), 0);

        train::ExperimentRequest want;
        want.train.schedule.kind = nn::ScheduleKind::Cosine;
        want.train.schedule.warmupEpochs = 5;
        want.train.schedule.minLr = 1e-5;
        want.train.clipGradNorm = 2.5f;
        want.train.inputNoise = 0.1f;
        want.train.mixupAlpha = 0.4f;
        want.train.earlyStopPatience = 7;
        want.train.earlyStopMinDelta = 0.001f;
        want.train.monitor = train::Monitor::ValMetric;
        want.pipeline.numericImpute = data::NumericImpute::Median;
        want.pipeline.scaling = data::Scaling::Robust;
        want.pipeline.encoding = data::Encoding::Ordinal;
        want.pipeline.logColumns = {"mean_area"};
        want.dropColumns = {"mean_radius", "not_in_this_table"};
        panel.setRequest(want);
        panel.setCvFolds(4);
        train::ExperimentRequest got = panel.request();
        QVERIFY(got.train.schedule.kind == nn::ScheduleKind::Cosine);
        QCOMPARE(got.train.schedule.warmupEpochs, int64_t{5});
        QCOMPARE(got.train.schedule.minLr, 1e-5);
        QCOMPARE(got.train.clipGradNorm, 2.5f);
        QCOMPARE(got.train.inputNoise, 0.1f);
        QCOMPARE(got.train.mixupAlpha, 0.4f);
        QCOMPARE(got.train.earlyStopPatience, int64_t{7});
        QCOMPARE(got.train.earlyStopMinDelta, 0.001f);
        QVERIFY(got.train.monitor == train::Monitor::ValMetric);
        QVERIFY(got.pipeline.numericImpute == data::NumericImpute::Median);
        QVERIFY(got.pipeline.scaling == data::Scaling::Robust);
        QVERIFY(got.pipeline.encoding == data::Encoding::Ordinal);
        QCOMPARE(got.pipeline.logColumns, (std::vector<std::string>{"mean_area"}));
        // No dataset yet (a project being restored): every chosen name is kept.
        QCOMPARE(got.dropColumns, (std::vector<std::string>{"mean_radius", "not_in_this_table"}));
        QCOMPARE(panel.cvFolds(), 4);

        // Only the parameters of the chosen schedule are shown.
        widgets::ScheduleSettings* schedule = panel.hyperparameters()->schedule();
        QVERIFY(schedule->showsField("warmup") && schedule->showsField("min_lr"));
        QVERIFY(!schedule->showsField("gamma") && !schedule->showsField("max_lr"));
        schedule->kindBox()->setCurrentIndex(
            schedule->kindBox()->findData(int(nn::ScheduleKind::OneCycle)));
        QVERIFY(schedule->showsField("max_lr") && schedule->showsField("pct_start"));
        QVERIFY(!schedule->showsField("warmup"));
        QVERIFY(panel.request().train.schedule.kind == nn::ScheduleKind::OneCycle);

        // With a dataset the lists show its feature columns (numeric ones for log1p), keep the
        // choices they hold and write only those.
        panel.setDataset(breastCancer(), "diagnosis", {});
        widgets::PreprocessingSettings* pre = panel.preprocessing();
        QCOMPARE(pre->dropList()->count(), 30);
        QCOMPARE(pre->logList()->count(), 30);
        got = panel.request();
        QCOMPARE(got.dropColumns, (std::vector<std::string>{"mean_radius"}));
        QCOMPARE(got.pipeline.logColumns, (std::vector<std::string>{"mean_area"}));
        QListWidgetItem* texture = pre->dropList()->findItems("mean_texture", Qt::MatchExactly)[0];
        texture->setCheckState(Qt::Checked);
        QCOMPARE(panel.request().dropColumns,
                 (std::vector<std::string>{"mean_radius", "mean_texture"}));
        QVERIFY(panel.crossValidateButton()->isEnabled());
        panel.setCvFolds(0);
        QVERIFY(!panel.crossValidateButton()->isEnabled());
    }

    void learningRateIsDrawnPerEpoch() {
        TrainingPanel panel;
        panel.setDataset(breastCancer(), "diagnosis", {});
        panel.start();
        train::EpochProgress epochs;
        epochs.epochs = 10;
        epochs.records = {{1, 0.7, 0.6, 0.8, 1e-2, 0.1}, {2, 0.5, 0.45, 0.9, 1e-3, 0.2}};
        panel.onEpoch(epochs);
        widgets::LineChart* lr = panel.charts()->learningRateChart();
        QCOMPARE(lr->points(0).size(), size_t(2));
        QCOMPARE(lr->points(0).back(), QPointF(2, 1e-3));
        // A reopened run draws its rates too.
        train::History history;
        history.valMetricName = "val_accuracy";
        history.epochs = epochs.records;
        panel.onFailed("stopped");
        panel.showHistory(history);
        QCOMPARE(lr->points(0).size(), size_t(2));
        QCOMPARE(lr->points(0).front(), QPointF(1, 1e-2));
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
        config.schedule.kind = nn::ScheduleKind::Step;
        config.schedule.stepEvery = 100;
        config.schedule.gamma = 0.5;
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
        // The schedule's rates are drawn: a step decay of 0.5 every 100 epochs.
        const std::vector<QPointF>& rates = panel.charts()->learningRateChart()->points(0);
        QCOMPARE(rates.size(), size_t(300));
        QVERIFY(std::abs(rates.front().y() - double(config.learningRate)) < 1e-9);
        QVERIFY(std::abs(rates.back().y() - 0.25 * double(config.learningRate)) < 1e-9);
        panel.charts()->logScaleBox()->setChecked(true);
        QTest::qWait(100);
        saveShot(panel, "train.png");
    }

    void crossValidationJobFillsTheTab() {
        TrainingPanel panel;
        gui::CrossValidationJob job;
        connect(&panel, &TrainingPanel::crossValidationRequested, &job,
                [&](const train::ExperimentRequest& r, const QString& device, int folds) {
                    job.start(panel.dataset(), r, folds, device);
                });
        connect(&job, &gui::CrossValidationJob::progress, &panel,
                &TrainingPanel::onCrossValidationProgress);
        connect(&job, &gui::CrossValidationJob::finished, &panel,
                &TrainingPanel::onCrossValidationFinished);
        connect(&job, &gui::Job::failed, &panel, &TrainingPanel::onFailed);
        QSignalSpy finished(&job, &gui::CrossValidationJob::finished);

        panel.setDataset(breastCancer(), "diagnosis", {"mean_radius", "mean_texture", "mean_area"});
        train::TrainConfig config;
        config.epochs = 15;
        config.seed = 3;
        panel.hyperparameters()->setConfig(config);
        panel.hyperparameters()->setDevice("cpu");
        QVERIFY(!panel.crossValidateButton()->isEnabled());  // off by default
        panel.setCvFolds(3);
        QVERIFY(panel.crossValidateButton()->isEnabled());
        panel.crossValidateButton()->click();
        QVERIFY(!panel.startButton()->isEnabled());
        QCOMPARE(panel.tabs()->currentWidget(), static_cast<QWidget*>(panel.crossValidation()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QVERIFY(panel.runState() == TrainingPanel::RunState::Idle);
        QVERIFY(panel.startButton()->isEnabled());

        // The tab shows what core's crossValidationJson gives for the same request.
        const auto result = finished[0][0].value<std::shared_ptr<const train::CrossValidation>>();
        QVERIFY(result);
        QCOMPARE(result->folds.size(), size_t(3));
        const nlohmann::json want = train::crossValidationJson(*result);
        widgets::CrossValidationView* view = panel.crossValidation();
        QVERIFY(view->result() == want);
        QTableWidget* table = view->table();
        QCOMPARE(table->columnCount(), 2 + 3);
        QCOMPARE(table->horizontalHeaderItem(0)->text(), QString("mean"));
        QCOMPARE(table->horizontalHeaderItem(4)->text(), QString("fold 3"));
        QCOMPARE(table->rowCount(), int(want["metrics"].size()));
        int accuracyRow = -1;
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->verticalHeaderItem(r)->text() == "accuracy") accuracyRow = r;
        QVERIFY(accuracyRow >= 0);
        const auto shown = [&](int column) { return table->item(accuracyRow, column)->text(); };
        QCOMPARE(shown(0), QString::number(want["metrics"]["accuracy"]["mean"].get<double>(), 'f', 4));
        QCOMPARE(shown(1), QString::number(want["metrics"]["accuracy"]["std"].get<double>(), 'f', 4));
        for (int f = 0; f < 3; ++f)
            QCOMPARE(shown(2 + f),
                     QString::number(
                         want["per_fold"][f]["report"]["accuracy"].get<double>(), 'f', 4));
        // The mean and std are numpy's over the folds' accuracies.
        double mean = 0.0, squares = 0.0;
        for (const train::FoldResult& fold : result->folds)
            mean += fold.report["accuracy"].get<double>() / 3.0;
        for (const train::FoldResult& fold : result->folds)
            squares += std::pow(fold.report["accuracy"].get<double>() - mean, 2.0) / 3.0;
        QVERIFY(std::abs(want["metrics"]["accuracy"]["mean"].get<double>() - mean) < 1e-12);
        QVERIFY(std::abs(want["metrics"]["accuracy"]["std"].get<double>() - std::sqrt(squares)) <
                1e-12);
        // One validation curve per fold, each as long as its fold trained.
        QCOMPARE(view->chart()->seriesCount(), 3);
        for (int f = 0; f < 3; ++f)
            QCOMPARE(view->chart()->points(f).size(), result->folds[size_t(f)].history.epochs.size());
        view->curveBox()->setCurrentIndex(1);
        QCOMPARE(view->chart()->points(0).back().y(),
                 result->folds[0].history.epochs.back().valMetric);
        QVERIFY(panel.statusLabel()->text().contains("±"));
    }
};

QTEST_MAIN(TestTrainingPanel)
#include "test_training_panel.moc"
