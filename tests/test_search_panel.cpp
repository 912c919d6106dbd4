// The Train view's Search tab: the space JSON its rows build (what loupe-cli search --space
// reads), the leaderboard's order with trials reported out of order (pruned and failed ones
// too), and a real search through SearchJob on iris whose leaderboard's best is the
// SearchResult's, recorded in the run database, then Train best as a normal training request
// giving the trial's model; Stop (the tab's or the Train view's); the tab's settings as a
// project keeps them; and in the real window, Train best recorded as the project's run.

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <limits>

#include "app/gui/jobs/search_job.h"
#include "app/gui/jobs/training_job.h"
#include "app/gui/main_window.h"
#include "app/gui/project/project_file.h"
#include "app/gui/project/recovery_file.h"
#include "app/gui/project/run_recorder.h"
#include "app/gui/project/search_recording.h"
#include "app/gui/project/workbench_state.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "core/data/reader.h"
#include "core/error.h"
#include "core/search/search_space.h"
#include "core/search/trial_request.h"
#include "core/store/run_database.h"
#include "widgets/train/hyperparameter_form.h"
#include "widgets/train/model_builder.h"
#include "widgets/train/search_panel.h"
#include "widgets/train/search_space_editor.h"
#include "widgets/train/training_charts.h"
#include "widgets/train/training_panel.h"

using namespace loupe;
using widgets::SearchPanel;
using widgets::SearchSpaceEditor;

namespace {

std::shared_ptr<const data::Table> iris() {
    static const auto table = std::make_shared<const data::Table>(
        data::readTable(std::string(LOUPE_DATASETS) + "/iris.csv"));
    return table;
}

search::Trial trial(int64_t index, search::TrialStatus status, double value,
                    nlohmann::json params) {
    search::Trial t;
    t.index = index;
    t.status = status;
    t.value = value;
    t.epochs = status == search::TrialStatus::Pruned ? 4 : 10;
    t.seconds = 0.5 + static_cast<double>(index);
    t.params = std::move(params);
    if (status == search::TrialStatus::Failed) t.error = "hidden layer 1 has no units";
    return t;
}

QString cellText(QTableWidget* table, int row, int column) {
    QTableWidgetItem* item = table->item(row, column);
    return item ? item->text() : QString();
}

}  // namespace

class TestSearchPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("LoupeTest");
        QCoreApplication::setApplicationName("test_search_panel");
        QDir(gui::RecoveryFile::folder()).removeRecursively();
    }

    void spaceJsonFromTheRows() {
        SearchSpaceEditor editor;
        // The defaults search learning rate, hidden layers and dropout around the settings.
        train::ExperimentRequest request;
        request.train.learningRate = 0.01f;
        request.train.batchSize = 32;
        request.model.hidden = {64, 32};
        editor.setDefaults(request);
        QVERIFY(!editor.edited());
        const nlohmann::json defaults = editor.space();
        QCOMPARE(defaults.size(), size_t(3));
        QCOMPARE(defaults["learning_rate"]["log"][0].get<double>(), 0.001);
        QCOMPARE(defaults["learning_rate"]["log"][1].get<double>(), 0.1);
        QVERIFY(defaults["hidden"] ==
                nlohmann::json({{"choice", {"32,16", "64,32", "128,64", "64"}}}));
        QVERIFY(defaults["dropout"] == nlohmann::json({{"linear", {0.0, 0.5}}}));
        QVERIFY(search::SearchSpace::parse(defaults).dimensions.size() == 3);

        // Only the kinds a parameter allows.
        QVERIFY(!editor.setKind("hidden", "log"));
        QVERIFY(!editor.setKind("optimizer", "linear"));
        QVERIFY(editor.setKind("batch_size", "int"));

        editor.setRange("learning_rate", "1e-4", "0.1");
        editor.setChoices("hidden", " 32 | 64,32 ");
        editor.setSearched("dropout", false);
        editor.setRange("batch_size", "16", "64");
        editor.setSearched("batch_size", true);
        QVERIFY(editor.setKind("epochs", "choice"));
        editor.setChoices("epochs", "5 | 10");
        editor.setSearched("epochs", true);
        editor.setChoices("optimizer", "adam | sgd");
        editor.setSearched("optimizer", true);
        QVERIFY(editor.setKind("l2", "linear"));
        editor.setRange("l2", "0", "0.01");
        editor.setSearched("l2", true);
        QVERIFY(editor.edited());
        const nlohmann::json want = nlohmann::json::parse(R"({
            "learning_rate": {"log": [0.0001, 0.1]},
            "hidden": {"choice": ["32", "64,32"]},
            "batch_size": {"int": [16, 64]},
            "epochs": {"choice": [5, 10]},
            "optimizer": {"choice": ["adam", "sgd"]},
            "l2": {"linear": [0.0, 0.01]}})");
        QCOMPARE(QString::fromStdString(editor.space().dump()),
                 QString::fromStdString(want.dump()));
        const search::SearchSpace space = search::SearchSpace::parse(editor.space());
        QCOMPARE(space.dimensions.size(), size_t(6));

        // A bound that is not a number, or no choices, names the row.
        editor.setRange("learning_rate", "1e-4", "lots");
        QVERIFY_THROWS_EXCEPTION(InputError, editor.space());
        editor.setRange("learning_rate", "1e-4", "0.1");
        editor.setChoices("optimizer", " | ");
        try {
            (void)editor.space();
            QFAIL("no choices was accepted");
        } catch (const InputError& e) {
            QVERIFY(std::string(e.what()).find("optimizer") != std::string::npos);
        }
        editor.setChoices("optimizer", "adam");

        // The panel shows a bad space inline and emits nothing.
        SearchPanel panel;
        panel.setReady(true);
        QSignalSpy requested(&panel, &SearchPanel::searchRequested);
        panel.spaceEditor()->setRange("learning_rate", "0", "0.1");  // log needs a bound above 0
        panel.searchButton()->click();
        QCOMPARE(requested.count(), 0);
        QVERIFY(!panel.errorLabel()->isHidden());
        QVERIFY(!panel.isSearching());
    }

    void trialsOverrideTheBuildersPerLayerSettings() {
        // The model builder sets activation and dropout per layer; a trial's hidden layers,
        // dropout or activation must still apply (and another layer count must still build).
        widgets::TrainingPanel panel;
        nn::ModelSpec spec;
        spec.hidden = {16, 8};
        spec.activations = {device::Activation::Tanh, device::Activation::ReLU};
        spec.dropouts = {0.1f, 0.2f};
        panel.modelBuilder()->setSpec(spec);
        const train::ExperimentRequest base = panel.request();
        QCOMPARE(base.model.dropouts.size(), size_t(2));
        const train::ExperimentRequest wider = search::trialRequest(base, {{"hidden", "32,16,8"}});
        QVERIFY(wider.model.hidden == std::vector<int64_t>({32, 16, 8}));
        QVERIFY(wider.model.activations.empty() && wider.model.dropouts.empty());
        QVERIFY(wider.model.activation == device::Activation::Tanh);  // the first layer's
        QCOMPARE(wider.model.dropoutOf(2), 0.1f);
        const train::ExperimentRequest same =
            search::trialRequest(base, {{"hidden", "4,4"}, {"dropout", 0.3}});
        QVERIFY(same.model.activations == spec.activations);  // same layer count: kept
        QCOMPARE(same.model.dropoutOf(0), 0.3f);
        QCOMPARE(same.model.dropoutOf(1), 0.3f);
        QVERIFY(search::trialRequest(base, {{"activation", "gelu"}}).model.activationOf(1) ==
                device::Activation::GELU);
    }

    void leaderboardOrdersTrialsReportedOutOfOrder() {
        SearchPanel panel;
        QVERIFY(!panel.searchButton()->isEnabled());  // no dataset yet
        panel.setReady(true);
        QVERIFY(panel.searchButton()->isEnabled());
        QVERIFY(!panel.trainBestButton()->isEnabled());
        panel.strategyBox()->setCurrentText("random");
        panel.trialsBox()->setValue(5);
        panel.parallelBox()->setValue(2);
        panel.halvingBox()->setChecked(true);
        QSignalSpy requested(&panel, &SearchPanel::searchRequested);
        panel.searchButton()->click();
        QCOMPARE(requested.count(), 1);
        const auto options = requested[0][1].value<search::SearchOptions>();
        QVERIFY(options.strategy == search::Strategy::Random);
        QCOMPARE(options.trials, int64_t(5));
        QCOMPARE(options.concurrency, int64_t(2));
        QVERIFY(options.halving);
        QVERIFY(panel.isSearching());
        QVERIFY(!panel.searchButton()->isEnabled());
        QVERIFY(panel.stopButton()->isEnabled());

        using S = search::TrialStatus;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const auto params = [](double lr) {
            return nlohmann::json{{"learning_rate", lr}, {"hidden", "64"}, {"dropout", 0.25}};
        };
        panel.onTrialFinished(trial(3, S::Failed, nan, params(0.3)), 5, "val_accuracy");
        panel.onTrialFinished(trial(0, S::Completed, 0.8, params(0.01)), 5, "val_accuracy");
        panel.onTrialFinished(trial(4, S::Completed, 0.9, params(0.04)), 5, "val_accuracy");
        panel.onTrialFinished(trial(1, S::Pruned, 0.85, params(0.02)), 5, "val_accuracy");
        panel.onTrialFinished(trial(2, S::Completed, 0.9, params(0.03)), 5, "val_accuracy");
        QCOMPARE(panel.progressBar()->value(), 5);

        // Completed by value (a tie by index), then pruned, then failed.
        QTableWidget* board = panel.leaderboard();
        QCOMPARE(board->rowCount(), 5);
        const QStringList order{"2", "4", "0", "1", "3"};
        for (int r = 0; r < 5; ++r) {
            QCOMPARE(cellText(board, r, SearchPanel::Rank), QString::number(r + 1));
            QCOMPARE(cellText(board, r, SearchPanel::Trial), order[r]);
        }
        QCOMPARE(board->horizontalHeaderItem(SearchPanel::Value)->text(), QString("val_accuracy"));
        QCOMPARE(cellText(board, 0, SearchPanel::Status), QString("completed"));
        QCOMPARE(cellText(board, 0, SearchPanel::Value), QString("0.9000"));
        QCOMPARE(cellText(board, 3, SearchPanel::Status), QString("pruned"));
        QCOMPARE(cellText(board, 3, SearchPanel::Epochs), QString("4"));
        QCOMPARE(cellText(board, 4, SearchPanel::Status), QString("failed"));
        QCOMPARE(cellText(board, 4, SearchPanel::Value), QString("—"));
        QCOMPARE(cellText(board, 4, board->columnCount() - 1),
                 QString("hidden layer 1 has no units"));
        // The parameters' columns, in the space's order (a JSON object's: by name).
        QCOMPARE(board->horizontalHeaderItem(SearchPanel::FirstParameter)->text(),
                 QString("dropout"));
        QCOMPARE(cellText(board, 0, SearchPanel::FirstParameter + 1), QString("64"));
        QCOMPARE(cellText(board, 0, SearchPanel::FirstParameter + 2), QString("0.03"));
        // The best row is highlighted, the others not.
        QCOMPARE(panel.bestTrial(), int64_t(2));
        QVERIFY(board->item(0, SearchPanel::Value)->font().bold());
        QVERIFY(!board->item(1, SearchPanel::Value)->font().bold());
        QVERIFY(!panel.trainBestButton()->isEnabled());  // still searching

        search::SearchResult result;
        result.metric = "val_accuracy";
        result.trials = {
            trial(0, S::Completed, 0.8, params(0.01)), trial(1, S::Pruned, 0.85, params(0.02)),
            trial(2, S::Completed, 0.9, params(0.03)), trial(3, S::Failed, nan, params(0.3)),
            trial(4, S::Completed, 0.9, params(0.04))};
        result.best = 2;
        panel.onFinished(std::make_shared<const search::SearchResult>(result));
        QCOMPARE(board->rowCount(), 5);  // the final report replaces the live rows
        QVERIFY(!panel.isSearching());
        QVERIFY(panel.statusLabel()->text().contains("best: trial 2"));
        QVERIFY(panel.trainBestButton()->isEnabled());
        std::vector<nlohmann::json> best;
        connect(&panel, &SearchPanel::trainBestRequested, this,
                [&](const nlohmann::json& p) { best.push_back(p); });
        panel.trainBestButton()->click();
        QCOMPARE(best.size(), size_t(1));
        QVERIFY(best[0] == params(0.03));
    }

    void searchJobFillsTheLeaderboardAndTheRunDatabase() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString database = dir.filePath("project.runs/runs.sqlite");
        widgets::TrainingPanel panel;
        gui::SearchJob job;
        gui::RunRecorder recorder;
        recorder.setDatabase(database);
        gui::recordSearches(job, recorder);
        connect(&panel, &widgets::TrainingPanel::searchRequested, &job,
                [&](const train::ExperimentRequest& r, const QString& device,
                    const nlohmann::json& space, const search::SearchOptions& options) {
                    QVERIFY(job.start(panel.dataset(), r, space, options, device));
                });
        connect(&job, &gui::SearchJob::trialFinished, &panel,
                &widgets::TrainingPanel::onSearchTrial);
        connect(&job, &gui::SearchJob::finished, &panel, &widgets::TrainingPanel::onSearchFinished);
        connect(&job, &gui::Job::failed, &panel, &widgets::TrainingPanel::onFailed);
        QSignalSpy finished(&job, &gui::SearchJob::finished);
        QSignalSpy trials(&job, &gui::SearchJob::trialFinished);

        panel.setDataset(iris(), "species", {});
        train::TrainConfig config;
        config.epochs = 3;
        config.seed = 5;
        panel.hyperparameters()->setConfig(config);
        panel.hyperparameters()->setDevice("cpu");
        panel.tabs()->setCurrentWidget(panel.search());
        SearchPanel* search = panel.search();
        search->strategyBox()->setCurrentText("random");
        search->trialsBox()->setValue(4);
        search->spaceEditor()->setSearched("dropout", false);
        search->spaceEditor()->setRange("learning_rate", "0.001", "0.1");
        search->spaceEditor()->setChoices("hidden", "8 | 16,8");
        QVERIFY(search->searchButton()->isEnabled());
        search->searchButton()->click();
        QVERIFY(!panel.startButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(trials.count(), 4);
        QVERIFY(panel.runState() == widgets::TrainingPanel::RunState::Idle);

        // The leaderboard's best is the SearchResult's.
        const auto result = finished[0][0].value<std::shared_ptr<const search::SearchResult>>();
        QVERIFY(result);
        QCOMPARE(result->trials.size(), size_t(4));
        QVERIFY(result->best >= 0);
        const search::Trial& best = result->trials[static_cast<size_t>(result->best)];
        QCOMPARE(search->bestTrial(), result->best);
        QTableWidget* board = search->leaderboard();
        QCOMPARE(board->rowCount(), 4);
        QCOMPARE(cellText(board, 0, SearchPanel::Trial), QString::number(best.index));
        QCOMPARE(cellText(board, 0, SearchPanel::Value), QString::number(best.value, 'f', 4));
        QCOMPARE(board->horizontalHeaderItem(SearchPanel::Value)->text(), QString("val_accuracy"));
        for (int r = 1; r < 4; ++r)
            QVERIFY(cellText(board, r, SearchPanel::Value).toDouble() <= best.value + 1e-9 ||
                    cellText(board, r, SearchPanel::Status) != "completed");

        // The run database has the search and its four trials, as loupe-cli search records them.
        {
            recorder.waitForIdle();
            store::RunDatabase db(database.toStdString());
            store::RunQuery searches;
            searches.kind = "search";
            const auto found = db.runs(searches);
            QCOMPARE(found.size(), size_t(1));
            QVERIFY(found[0].status == store::RunStatus::Finished);
            QCOMPARE(found[0].config["strategy"].get<std::string>(), std::string("random"));
            QVERIFY(found[0].config["space"]["hidden"] ==
                    nlohmann::json({{"choice", {"8", "16,8"}}}));
            QCOMPARE(found[0].seed, uint64_t(5));
            QCOMPARE(found[0].metrics.at("val.best_metric"), best.value);
            store::RunQuery trialQuery;
            trialQuery.kind = "trial";
            const auto trialRuns = db.runs(trialQuery);
            QCOMPARE(trialRuns.size(), size_t(4));
            for (const store::RunRecord& run : trialRuns) QCOMPARE(run.parent, found[0].id);
        }

        // Train best: the best trial's settings become the Train view's and a normal run starts.
        QSignalSpy started(&panel, &widgets::TrainingPanel::startRequested);
        QVERIFY(search->trainBestButton()->isEnabled());
        search->trainBestButton()->click();
        QCOMPARE(started.count(), 1);
        const auto request = started[0][0].value<train::ExperimentRequest>();
        QCOMPARE(request.train.learningRate,
                 static_cast<float>(best.params["learning_rate"].get<double>()));
        const std::vector<int64_t> hidden =
            best.params["hidden"] == "8" ? std::vector<int64_t>{8} : std::vector<int64_t>{16, 8};
        QVERIFY(request.model.hidden == hidden);
        QCOMPARE(request.train.seed, uint64_t(5));
        QCOMPARE(request.train.epochs, int64_t(3));
        QVERIFY(panel.modelBuilder()->spec().hidden == hidden);
        QCOMPARE(panel.tabs()->currentWidget(), static_cast<QWidget*>(panel.charts()));

        // Trained as a normal run, it is the model the trial had: the same best validation metric.
        gui::TrainingJob training;
        QSignalSpy trained(&training, &gui::TrainingJob::finished);
        QVERIFY(training.start(panel.dataset(), request, "cpu"));
        QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 60000);
        const auto run = trained[0][0].value<std::shared_ptr<const train::ExperimentResult>>();
        QVERIFY(run);
        double bestMetric = -1.0;
        for (const train::EpochRecord& e : run->history.epochs)
            bestMetric = std::max(bestMetric, e.valMetric);
        QCOMPARE(bestMetric, best.value);
    }

    void aProjectKeepsTheTabsSettings() {
        widgets::TrainingPanel panel;
        gui::TrainingSettings want;
        want.config.learningRate = 0.01f;
        want.search.searched = {"learning_rate", "batch_size", "optimizer"};
        want.search.edited = nlohmann::json::parse(R"({
            "batch_size": {"int": [16, 128]},
            "optimizer": {"choice": ["adam", "sgd"]},
            "l2": {"log": [1e-06, 0.01]}})");
        want.search.strategy = "tpe";
        want.search.trials = 150;
        want.search.parallel = 4;
        want.search.halving = true;
        QVERIFY(gui::applyTrainingSettings(panel, want).isEmpty());
        const gui::TrainingSettings got = gui::trainingSettings(panel);
        QCOMPARE(QString::fromStdString(got.search.edited.dump()),
                 QString::fromStdString(want.search.edited.dump()));
        QCOMPARE(got.search.searched, want.search.searched);
        QVERIFY(got.search == want.search);
        SearchPanel* search = panel.search();
        QCOMPARE(search->strategyBox()->currentText(), QString("tpe"));
        QVERIFY(search->options().halving);
        QCOMPARE(search->options().concurrency, int64_t{4});
        // The row not edited follows the settings applied: around the learning rate 0.01.
        SearchSpaceEditor* editor = search->spaceEditor();
        const nlohmann::json space = editor->space();
        QCOMPARE(space.size(), size_t(3));
        QVERIFY(space["learning_rate"] == nlohmann::json({{"log", {0.001, 0.1}}}));
        QVERIFY(space["batch_size"] == want.search.edited["batch_size"]);

        // The user's edits mark the project changed; ...
        QSignalSpy changed(&panel, &widgets::TrainingPanel::changed);
        search->strategyBox()->setCurrentText("grid");
        QCOMPARE(changed.count(), 1);
        QTableWidget* rows = editor->table();
        rows->item(editor->rowOf("dropout"), SearchSpaceEditor::To)->setText("0.3");
        QCOMPARE(changed.count(), 2);
        QVERIFY(gui::trainingSettings(panel).search.edited.contains("dropout"));
        // ... a row not edited follows new settings when the tab is shown, an edited one stays.
        train::ExperimentRequest request = panel.request();
        request.train.learningRate = 0.1f;
        panel.setRequest(request);
        panel.tabs()->setCurrentWidget(panel.search());
        QVERIFY(editor->space()["learning_rate"] == nlohmann::json({{"log", {0.01, 1.0}}}));
        QVERIFY(editor->space()["batch_size"] == want.search.edited["batch_size"]);

        // Settings from a project this window cannot show are named, the rest applied.
        gui::TrainingSettings odd = want;
        odd.search.searched << "warp";
        odd.search.edited["hidden"] = {{"log", {1, 2}}};
        const QStringList problems = gui::applyTrainingSettings(panel, odd);
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems[0].contains("'warp'"), qPrintable(problems[0]));
        QVERIFY2(problems[1].contains("'hidden'"), qPrintable(problems[1]));
        QCOMPARE(editor->searched(), want.search.searched);
        // Projects before the tab: its defaults.
        gui::applyTrainingSettings(panel, gui::TrainingSettings{});
        QVERIFY(gui::trainingSettings(panel).search == gui::SearchSettings{});
    }

    void aProjectFileReopensTheTab() {
        QTemporaryDir dir;
        gui::Project p;
        p.dataset = QStringLiteral(LOUPE_DATASETS "/iris.csv");
        p.target = "species";
        p.training.search.searched = {"learning_rate", "l2"};
        p.training.search.edited = nlohmann::json::parse(R"({"l2": {"linear": [0, 0.01]}})");
        p.training.search.strategy = "random";
        p.training.search.trials = 7;
        const QString file = dir.filePath("flowers.loupe");
        gui::saveProject(p, file);

        gui::MainWindow window;
        gui::Workbench workbench(&window);
        gui::ProjectController* project = workbench.projectController();
        project->dialogs().askToSave = [](const QString&) { return gui::SaveAnswer::Discard; };
        project->dialogs().askToRecover = [](const QString&, const QDateTime&) { return false; };
        QSignalSpy opened(project, &gui::ProjectController::projectOpened);
        QVERIFY(project->openProject(file));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
        SearchPanel* search = workbench.trainingPanel()->search();
        QCOMPARE(search->strategyBox()->currentText(), QString("random"));
        QCOMPARE(search->trialsBox()->value(), 7);
        QVERIFY(search->spaceEditor()->space() ==
                nlohmann::json::parse(R"({"learning_rate": {"log": [0.0001, 0.01]},
                                          "l2": {"linear": [0, 0.01]}})"));
        QVERIFY(!project->isModified());
        // A change in the tab is a change of the project, saved with it.
        search->halvingBox()->setChecked(true);
        QVERIFY(project->isModified());
        QVERIFY(project->snapshot().training.search.halving);
        QVERIFY(project->save());
        QVERIFY(gui::loadProject(file).training.search.halving);
    }

    void stopEndsTheSearchWithTheTrialsSoFar_data() {
        QTest::addColumn<bool>("trainViewStop");
        QTest::newRow("the Search tab's Stop") << false;
        QTest::newRow("the Train view's Stop") << true;
    }

    void stopEndsTheSearchWithTheTrialsSoFar() {
        QFETCH(bool, trainViewStop);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString database = dir.filePath("runs.sqlite");
        widgets::TrainingPanel panel;
        gui::SearchJob job;
        gui::RunRecorder recorder;
        recorder.setDatabase(database);
        gui::recordSearches(job, recorder);
        connect(&panel, &widgets::TrainingPanel::searchRequested, &job,
                [&](const train::ExperimentRequest& r, const QString& device,
                    const nlohmann::json& space, const search::SearchOptions& options) {
                    QVERIFY(job.start(panel.dataset(), r, space, options, device));
                });
        connect(&panel, &widgets::TrainingPanel::stopRequested, &job, &gui::Job::stop);
        connect(&job, &gui::SearchJob::trialFinished, &panel,
                &widgets::TrainingPanel::onSearchTrial);
        connect(&job, &gui::SearchJob::finished, &panel, &widgets::TrainingPanel::onSearchFinished);
        QSignalSpy finished(&job, &gui::SearchJob::finished);
        QSignalSpy trials(&job, &gui::SearchJob::trialFinished);
        panel.setDataset(iris(), "species", {});
        train::TrainConfig config;
        config.epochs = 300;
        panel.hyperparameters()->setConfig(config);
        panel.hyperparameters()->setDevice("cpu");
        SearchPanel* search = panel.search();
        search->strategyBox()->setCurrentText("random");
        search->trialsBox()->setValue(200);
        search->searchButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(trials.count() >= 1, 60000);
        QVERIFY(search->stopButton()->isEnabled());
        QVERIFY(panel.stopButton()->isEnabled());
        (trainViewStop ? panel.stopButton() : search->stopButton())->click();
        // Either Stop tells the Search tab, which says so until the search ends (the job's end
        // reaches the panel through the event loop, not run yet).
        QVERIFY(search->isSearching());
        QCOMPARE(search->statusLabel()->text(),
                 QStringLiteral("Stopping after the trials that are training…"));
        QVERIFY(!search->stopButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        const auto result = finished[0][0].value<std::shared_ptr<const search::SearchResult>>();
        QVERIFY(result->cancelled);
        QVERIFY(result->trials.size() < 200);
        QCOMPARE(search->leaderboard()->rowCount(), int(result->trials.size()));
        QVERIFY(!search->isSearching());
        QVERIFY(search->searchButton()->isEnabled());
        QVERIFY(panel.runState() == widgets::TrainingPanel::RunState::Idle);
        QVERIFY(search->statusLabel()->text().startsWith("Stopped after"));
        recorder.waitForIdle();
        store::RunDatabase db(database.toStdString());
        store::RunQuery searches;
        searches.kind = "search";
        QVERIFY(db.runs(searches).at(0).status == store::RunStatus::Cancelled);
    }

    void trainBestInTheWindowBecomesTheProjectsModel() {
        gui::MainWindow window;
        gui::Workbench workbench(&window);
        gui::ProjectController* project = workbench.projectController();
        project->dialogs().askToSave = [](const QString&) { return gui::SaveAnswer::Discard; };
        project->dialogs().askToRecover = [](const QString&, const QDateTime&) { return false; };
        window.show();
        QSignalSpy opened(&window, &gui::MainWindow::datasetOpened);
        project->openDataset(QStringLiteral(LOUPE_DATASETS "/iris.csv"), "species");
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() > 0, 60000);
        widgets::TrainingPanel* panel = workbench.trainingPanel();
        QTRY_COMPARE_WITH_TIMEOUT(panel->request().target, std::string("species"), 60000);
        train::TrainConfig config;
        config.epochs = 4;
        config.seed = 2;
        panel->hyperparameters()->setConfig(config);
        panel->hyperparameters()->setDevice("cpu");

        window.showView(gui::View::Train);
        panel->tabs()->setCurrentWidget(panel->search());
        SearchPanel* search = panel->search();
        search->strategyBox()->setCurrentText("random");
        search->trialsBox()->setValue(3);
        search->spaceEditor()->setChoices("hidden", "8 | 16,8");
        QSignalSpy searched(workbench.searchJob(), &gui::SearchJob::finished);
        search->searchButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(searched.count(), 1, 60000);
        const auto result = searched[0][0].value<std::shared_ptr<const search::SearchResult>>();
        QVERIFY(result && result->best >= 0);
        const search::Trial& best = result->trials[static_cast<size_t>(result->best)];

        // Train best: a normal run of the project, shown in Evaluate and recorded.
        QSignalSpy shown(&workbench, &gui::Workbench::evaluationShown);
        QVERIFY(search->trainBestButton()->isEnabled());
        search->trainBestButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        QCOMPARE(window.currentView(), gui::View::Evaluate);
        QTRY_VERIFY_WITH_TIMEOUT(!project->currentRunFolder().isEmpty(), 60000);
        workbench.runRecorder()->waitForIdle();
        store::RunDatabase db(project->runDatabasePath().toStdString());
        store::RunQuery query;
        query.kind = "search";
        QCOMPARE(db.runs(query).size(), size_t(1));
        query.kind = "trial";
        QCOMPARE(db.runs(query).size(), size_t(3));
        query.kind = "train";
        const auto trained = db.runs(query);
        QCOMPARE(trained.size(), size_t(1));
        QVERIFY(trained[0].status == store::RunStatus::Finished);
        // The record writes the float setting as its shortest text (training_record.cpp).
        const double rate = best.params["learning_rate"].get<double>();
        QVERIFY(std::abs(trained[0].config["learning_rate"].get<double>() - rate) <= 1e-6 * rate);
        QCOMPARE(trained[0].seed, uint64_t(2));
    }

    // An untitled project records in its recovery's database; its first save copies the history
    // into the project's. A save while a search runs takes the search along: the trials that end
    // after it land beside their search in the project's database.
    void aSaveDuringASearchTakesItsLaterTrialsAlong() {
        QTemporaryDir dir;
        gui::MainWindow window;
        gui::Workbench workbench(&window);
        gui::ProjectController* project = workbench.projectController();
        project->dialogs().askToSave = [](const QString&) { return gui::SaveAnswer::Discard; };
        project->dialogs().askToRecover = [](const QString&, const QDateTime&) { return false; };
        const QString file = dir.filePath("iris.loupe");
        project->dialogs().chooseSaveFile = [&](const QString&) { return file; };
        QSignalSpy opened(&window, &gui::MainWindow::datasetOpened);
        project->openDataset(QStringLiteral(LOUPE_DATASETS "/iris.csv"), "species");
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() > 0, 60000);
        widgets::TrainingPanel* panel = workbench.trainingPanel();
        QTRY_COMPARE_WITH_TIMEOUT(panel->request().target, std::string("species"), 60000);
        train::TrainConfig config;
        config.epochs = 3;
        panel->hyperparameters()->setConfig(config);
        panel->hyperparameters()->setDevice("cpu");
        SearchPanel* search = panel->search();
        search->strategyBox()->setCurrentText("random");
        search->trialsBox()->setValue(4);
        // Saved as the first trial reaches the window: the later ones are still to be recorded.
        int seen = 0;
        connect(workbench.searchJob(), &gui::SearchJob::trialFinished, this, [&] {
            if (++seen == 1) project->saveAsAction()->trigger();
        });
        QSignalSpy searched(workbench.searchJob(), &gui::SearchJob::finished);
        search->searchButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(searched.count(), 1, 60000);
        QCOMPARE(project->runDatabasePath(), dir.filePath("iris.runs/runs.sqlite"));
        workbench.runRecorder()->waitForIdle();
        store::RunDatabase db(project->runDatabasePath().toStdString());
        store::RunQuery query;
        query.kind = "search";
        const auto searches = db.runs(query);
        QCOMPARE(searches.size(), size_t(1));
        QVERIFY(searches[0].status == store::RunStatus::Finished);
        query.kind = "trial";
        const auto trials = db.runs(query);
        QCOMPARE(trials.size(), size_t(4));
        for (const store::RunRecord& trial : trials) QCOMPARE(trial.parent, searches[0].id);
    }
};

QTEST_MAIN(TestSearchPanel)
#include "test_search_panel.moc"
