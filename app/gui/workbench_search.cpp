// Workbench, the Search tab's part: the Train view's Search runs a SearchJob on the table training
// uses; each finished trial goes to the tab's leaderboard as it comes, and the search and its
// trials are recorded through the window's RunRecorder (setUpRuns: search_recording.h), so the
// Runs view shows them. Train best is the Train view's own: a normal training run with the best trial's
// settings.

#include "app/gui/jobs/cross_validation_job.h"
#include "app/gui/jobs/search_job.h"
#include "app/gui/jobs/training_job.h"
#include "app/gui/main_window.h"
#include "app/gui/project/run_recorder.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "widgets/train/training_panel.h"

namespace loupe::gui {

void Workbench::setUpSearch() {
    m_searchJob = new SearchJob(this);
    connect(m_training, &widgets::TrainingPanel::stopRequested, m_searchJob, &Job::stop);
    connect(m_training, &widgets::TrainingPanel::searchRequested, this,
            [this](const train::ExperimentRequest& request, const QString& device,
                   const nlohmann::json& space, const search::SearchOptions& options) {
                const auto table = trainingTable();
                if (!table) return m_training->onFailed(tr("Open a dataset first."));
                m_recorder->setDatabase(m_project->runDatabasePath());
                if (m_job->isActive() || m_cvJob->isActive() ||
                    !m_searchJob->start(table, request, space, options, device))
                    m_training->onFailed(tr("A run is already active."));
            });
    connect(m_searchJob, &SearchJob::trialFinished, m_training,
            &widgets::TrainingPanel::onSearchTrial);
    connect(m_searchJob, &SearchJob::finished, m_training,
            &widgets::TrainingPanel::onSearchFinished);
    connect(m_searchJob, &Job::failed, m_training, &widgets::TrainingPanel::onFailed);
    connect(m_searchJob, &Job::cancelled, m_training, &widgets::TrainingPanel::onCancelled);
}

}  // namespace loupe::gui
