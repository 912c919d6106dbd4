// Workbench, the Explain view's part: a finished training run goes to the ExplainPanel (from
// showResult, so it is there before evaluationShown()); its Run starts an ExplainJob; a row
// picked in the Data view is shown in Force/Waterfall, explained on its own by a second job (rows
// queued, one at a time) when the run's explanation lacks it.

#include <utility>

#include "app/gui/jobs/explain_job.h"
#include "app/gui/main_window.h"
#include "app/gui/workbench.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/explain/explain_panel.h"
#include "widgets/train/training_panel.h"

namespace loupe::gui {

void Workbench::setUpExplain() {
    m_explain = new widgets::ExplainPanel;
    m_explainJob = new ExplainJob(this);
    m_rowJob = new ExplainJob(this);
    m_window->setViewPage(View::Explain, m_explain);

    // The table a run learns from is the one shown when Start is pressed.
    connect(m_training, &widgets::TrainingPanel::startRequested, this, [this] {
        m_trainingTable = m_window->dataBrowser()->model()->typedTable();
        m_trainingSource = m_window->dataBrowser()->model()->table();
    });

    connect(m_explain, &widgets::ExplainPanel::runRequested, this, &Workbench::startExplain);
    connect(m_explain, &widgets::ExplainPanel::stopRequested, m_explainJob, &Job::stop);
    connect(m_explainJob, &ExplainJob::progress, m_explain, &widgets::ExplainPanel::onProgress);
    connect(m_explainJob, &ExplainJob::finished, m_explain, &widgets::ExplainPanel::onFinished);
    connect(m_explainJob, &ExplainJob::finished, this, &Workbench::explanationShown);
    connect(m_explainJob, &Job::failed, m_explain, &widgets::ExplainPanel::onFailed);
    connect(m_explainJob, &Job::cancelled, m_explain, &widgets::ExplainPanel::onCancelled);

    connect(m_explain, &widgets::ExplainPanel::rowExplainRequested, this, &Workbench::queueRow);
    connect(m_rowJob, &ExplainJob::finished, this,
            [this](std::shared_ptr<const explain::ShapExplanation> explanation) {
                if (m_rowGeneration == m_runGeneration)
                    m_explain->onRowExplained(std::move(explanation));
                startNextRow();
            });
    connect(m_rowJob, &Job::failed, this, [this](const QString& message) {
        if (m_rowGeneration == m_runGeneration) m_explain->onRowFailed(m_rowInFlight, message);
        startNextRow();
    });
    connect(m_rowJob, &Job::cancelled, this, &Workbench::startNextRow);

    connect(m_window->dataBrowser(), &widgets::DatasetBrowser::currentRowChanged, this,
            &Workbench::explainDataRow);
}

void Workbench::explainRun(std::shared_ptr<const train::ExperimentResult> result) {
    if (!result) return;
    // A new model: whatever is being explained belongs to the old one.
    ++m_runGeneration;
    m_rowQueue.clear();
    m_explainJob->stop();
    m_rowJob->stop();
    m_explainTable = m_trainingTable;
    m_explainSource = m_trainingSource;
    m_explain->setRun(std::move(result));
}

void Workbench::startExplain(const explain::ExplainRequest& request) {
    if (!m_explainTable || !m_explain->trainedRun())
        return m_explain->onFailed(tr("Train a model first."));
    if (!m_explainJob->start(m_explainTable, m_explain->trainedRun(), request,
                             m_training->device()))
        m_explain->onFailed(tr("An explanation is still running or stopping; try again."));
}

void Workbench::explainDataRow(int64_t dataRow) {
    // Row ids refer to the table trained on; another file (or none) has other rows.
    if (!m_explain->trainedRun() || !m_explainSource ||
        m_window->dataBrowser()->model()->table() != m_explainSource)
        return;
    m_explain->showRow(dataRow);
}

void Workbench::queueRow(int64_t dataRow) {
    m_rowQueue.push_back(dataRow);
    if (!m_rowJob->isActive()) startNextRow();
}

void Workbench::startNextRow() {
    m_rowInFlight = -1;
    if (m_rowQueue.empty() || m_rowJob->isActive() || !m_explainTable) return;
    const int64_t row = m_rowQueue.front();
    m_rowQueue.pop_front();
    m_rowGeneration = m_runGeneration;
    if (m_rowJob->start(m_explainTable, m_explain->trainedRun(), m_explain->rowRequest(row),
                        m_training->device()))
        m_rowInFlight = row;
}

}  // namespace loupe::gui
