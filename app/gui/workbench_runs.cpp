// Workbench, the Runs view's part: every training and explanation run the window starts is
// recorded in the project's run database (RunRecorder: begin at the start, epochs as they come,
// finish with the metrics, the folder once RunWriter has written it); the Runs view lists, filters,
// sorts, compares, archives, deletes and exports them, each query on the recorder's worker.

#include <QDateTime>
#include <QFileInfo>
#include <QStatusBar>
#include <chrono>

#include "app/gui/jobs/explain_job.h"
#include "app/gui/jobs/training_job.h"
#include "app/gui/main_window.h"
#include "app/gui/navigation_strip.h"
#include "app/gui/project/run_recorder.h"
#include "app/gui/project/run_writer.h"
#include "app/gui/project/search_recording.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "core/explain/shap.h"
#include "core/train/training_record.h"
#include "widgets/explain/explain_panel.h"
#include "widgets/runs/runs_panel.h"

namespace loupe::gui {
namespace {

double nowSeconds() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::vector<store::EpochRow> epochRows(const std::vector<train::EpochRecord>& records) {
    std::vector<store::EpochRow> rows;
    rows.reserve(records.size());
    for (const train::EpochRecord& r : records)
        rows.push_back({r.epoch, r.trainLoss, r.valLoss, r.valMetric, r.learningRate, r.seconds});
    return rows;
}

/// "<split>.<metric>" of every split's report.
std::map<std::string, double> resultMetrics(const train::ExperimentResult& result) {
    nlohmann::json splits = nlohmann::json::object();
    for (const auto& [split, report] : result.reports) splits[split] = report;
    return store::flattenMetrics({{"splits", splits}});
}

}  // namespace

void Workbench::setUpRuns() {
    m_recorder = new RunRecorder(this);
    recordSearches(*m_searchJob, *m_recorder);
    m_runs = new widgets::RunsPanel;
    m_window->setViewPage(View::Runs, m_runs);

    // Training: Start keeps the run (recordTrainingStart); it begins once the job has prepared
    // the data and names the device "auto" chose, so the history says where it ran.
    connect(m_job, &TrainingJob::setupReady, this, [this](const train::TrainingSetup& setup) {
        if (!m_startingRun) return;
        m_startingRun->device = setup.device;
        m_trainingHandle = m_recorder->begin(std::move(*m_startingRun));
        m_startingRun.reset();
    });
    connect(m_job, &TrainingJob::epochProgress, this, [this](const train::EpochProgress& p) {
        m_recorder->appendEpochs(m_trainingHandle, epochRows(p.records));
    });
    connect(m_job, &TrainingJob::finished, this,
            [this](std::shared_ptr<const train::ExperimentResult> result) {
                if (!result || m_trainingHandle == 0) return;
                const auto status = result->history.cancelled ? store::RunStatus::Cancelled
                                                              : store::RunStatus::Finished;
                auto metrics = resultMetrics(*result);
                m_recorder->finish(m_trainingHandle, status, metrics);
                m_recordedResults[result.get()] = {m_trainingHandle, status, std::move(metrics)};
                m_trainingHandle = 0;
            });
    connect(m_job, &Job::failed, this, [this](const QString& message) {
        endTrainingEarly(store::RunStatus::Failed, message);
    });
    connect(m_job, &Job::cancelled, this,
            [this] { endTrainingEarly(store::RunStatus::Cancelled, {}); });
    // The folder is known once RunWriter has written it: the run's end is told again with it.
    connect(m_project->runWriter(), &RunWriter::resultWritten, this,
            [this](const train::ExperimentResult* result, const QString& folder) {
                const auto it = m_recordedResults.find(result);
                if (it == m_recordedResults.end()) return;
                m_recorder->finish(it->second.handle, it->second.status, it->second.metrics,
                                   folder);
                m_recordedResults.erase(it);
            });

    // Explanations: begun when the Explain view's Run starts the job.
    connect(m_explain, &widgets::ExplainPanel::runRequested, this,
            [this](const explain::ExplainRequest& request) {
                if (!m_explainJob->isActive() || !m_explainTable) return;
                store::RunRecord run;
                run.kind = "explain";
                run.config = {{"method", explain::shapMethodName(request.method)},
                              {"rows", static_cast<int>(request.rows)},
                              {"max_rows", request.maxRows},
                              {"background_size", request.backgroundSize},
                              {"samples", request.samples}};
                run.seed = request.seed;
                run.datasetPath = m_explainTable->source();
                run.device = "cpu";
                m_recorder->setDatabase(m_project->runDatabasePath());
                m_explainHandle = m_recorder->begin(std::move(run));
            });
    connect(m_explainJob, &ExplainJob::finished, this, [this] {
        m_recorder->finish(m_explainHandle, store::RunStatus::Finished, {});
        m_explainHandle = 0;
    });
    connect(m_explainJob, &Job::failed, this, [this](const QString& message) {
        m_recorder->finish(m_explainHandle, store::RunStatus::Failed, {}, {}, message);
        m_explainHandle = 0;
    });
    connect(m_explainJob, &Job::cancelled, this, [this] {
        m_recorder->finish(m_explainHandle, store::RunStatus::Cancelled, {});
        m_explainHandle = 0;
    });

    // The view.
    connect(m_runs, &widgets::RunsPanel::queryChanged, this, [this](const store::RunQuery& query) {
        m_recorder->setDatabase(m_project->runDatabasePath());
        m_recorder->query(query, [this](RunsPage page) {
            m_recorder->dispose(
                m_runs->setPage(std::move(page.runs), page.metricNames, page.total));
        });
    });
    connect(m_runs, &widgets::RunsPanel::detailsRequested, this,
            [this](const std::vector<int64_t>& ids) {
                const int generation = ++m_detailsGeneration;
                m_recorder->loadRuns(ids, [this, generation](auto runs, auto histories) {
                    if (generation == m_detailsGeneration)
                        m_runs->setDetails(std::move(runs), std::move(histories));
                });
            });
    connect(m_runs, &widgets::RunsPanel::archiveRequested, m_recorder,
            [this](const std::vector<int64_t>& ids, bool archived) {
                m_recorder->setArchived(ids, archived);
            });
    connect(m_runs, &widgets::RunsPanel::deleteRequested, m_recorder,
            [this](const std::vector<int64_t>& ids, bool withFolders) {
                m_recorder->remove(ids, withFolders);
            });
    connect(m_runs, &widgets::RunsPanel::notesEdited, m_recorder,
            [this](qint64 id, const QString& notes) { m_recorder->setNotes(id, notes); });
    connect(m_runs, &widgets::RunsPanel::tagsEdited, m_recorder,
            [this](qint64 id, const QStringList& tags) { m_recorder->setTags(id, tags); });
    connect(m_runs, &widgets::RunsPanel::exportRequested, this,
            [this](const store::RunQuery& query, const QString& file) {
                m_recorder->exportCsv(query, file, [this, file](const QString& error) {
                    m_window->statusBar()->showMessage(
                        error.isEmpty() ? tr("Exported runs to %1").arg(file) : error);
                    emit runsExported(file, error);
                });
            });
    // A change shows in the list when it is looked at: a query per epoch of a run would be waste.
    connect(m_recorder, &RunRecorder::changed, this, [this] {
        if (m_window->currentView() == View::Runs) m_runs->refresh();
    });
    connect(m_window->navigation(), &NavigationStrip::viewRequested, this, [this](View view) {
        if (view == View::Runs) m_runs->refresh();
    });
    connect(m_recorder, &RunRecorder::failed, this, [this](const QString& message) {
        m_window->statusBar()->showMessage(tr("Run history: %1").arg(message));
    });
}

void Workbench::recordTrainingStart(const train::ExperimentRequest& request,
                                    const QString& device) {
    const auto table = m_window->table();
    store::RunRecord run;
    run.kind = "train";
    run.datasetPath = table ? table->source() : std::string();
    run.config = train::trainingRecord(request, run.datasetPath, device.toStdString(), {});
    // What the run did is recorded at its end, not among its settings.
    for (const char* key : {"epochs_run", "best_epoch", "stopped_early", "seconds"})
        run.config.erase(key);
    run.seed = request.train.seed;
    run.device = device.toStdString();
    run.startedAt = nowSeconds();
    m_recorder->setDatabase(m_project->runDatabasePath());
    m_trainingHandle = 0;
    m_startingRun = std::move(run);
}

void Workbench::endTrainingEarly(store::RunStatus status, const QString& error) {
    if (m_trainingHandle != 0) {
        m_recorder->finish(m_trainingHandle, status, {}, {}, error);
    } else if (m_startingRun) {  // it ended before training began (bad input, an early stop)
        m_startingRun->status = status;
        m_startingRun->finishedAt = nowSeconds();
        m_startingRun->error = error.toStdString();
        m_recorder->record(std::move(*m_startingRun));
    }
    m_startingRun.reset();
    m_trainingHandle = 0;
}

void Workbench::recordRun(store::RunRecord run, std::vector<store::EpochRow> epochs) {
    m_recorder->setDatabase(m_project->runDatabasePath());
    m_recorder->record(std::move(run), std::move(epochs));
}

}  // namespace loupe::gui
