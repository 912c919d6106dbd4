#include "app/gui/workbench.h"

#include <QStringList>

#include "app/gui/evaluation_input_builder.h"
#include "app/gui/export_controller.h"
#include "app/gui/jobs/cross_validation_job.h"
#include "app/gui/jobs/search_job.h"
#include "app/gui/jobs/training_job.h"
#include "app/gui/main_window.h"
#include "app/gui/message_banner.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/evaluate/evaluate_panel.h"
#include "widgets/train/training_panel.h"

namespace loupe::gui {

Workbench::Workbench(MainWindow* window)
    : QObject(window),
      m_window(window),
      m_training(new widgets::TrainingPanel),
      m_evaluate(new widgets::EvaluatePanel),
      m_job(new TrainingJob(this)) {
    window->setViewPage(View::Train, m_training);
    window->setViewPage(View::Evaluate, m_evaluate);

    widgets::DatasetBrowser* browser = window->dataBrowser();
    connect(browser, &widgets::DatasetBrowser::datasetChanged, this, &Workbench::sendDataset);
    connect(m_training, &widgets::TrainingPanel::startRequested, this, &Workbench::startTraining);
    connect(m_training, &widgets::TrainingPanel::pauseRequested, m_job, &Job::pause);
    connect(m_training, &widgets::TrainingPanel::resumeRequested, m_job, &Job::resume);
    connect(m_training, &widgets::TrainingPanel::stopRequested, m_job, &Job::stop);
    connect(m_job, &TrainingJob::setupReady, m_training, &widgets::TrainingPanel::onSetup);
    connect(m_job, &TrainingJob::epochProgress, m_training, &widgets::TrainingPanel::onEpoch);
    connect(m_job, &TrainingJob::batchProgress, m_training, &widgets::TrainingPanel::onBatch);
    connect(m_job, &TrainingJob::finished, m_training, &widgets::TrainingPanel::onFinished);
    connect(m_job, &Job::failed, m_training, &widgets::TrainingPanel::onFailed);
    connect(m_job, &Job::cancelled, m_training, &widgets::TrainingPanel::onCancelled);
    connect(m_job, &TrainingJob::finished, this, &Workbench::showResult);
    connect(m_evaluate, &widgets::EvaluatePanel::rowsRequested, this,
            [this](std::vector<int64_t> rows, const QString& description) {
                m_window->dataBrowser()->showRows(std::move(rows), description);
                m_window->showView(View::Data);
            });
    setUpCrossValidation();
    setUpSearch();
    setUpQuality();
    setUpExplain();
    setUpStructure();
    setUpCompress();
    setUpProjects();
    setUpRuns();  // after the projects: runs go into the project's database
    m_export = new ExportController(m_window, m_project);
    sendDataset();
}

void Workbench::sendDataset() {
    const widgets::DatasetModel* model = m_window->dataBrowser()->model();
    if (!m_edits.empty() && model->table() != m_editsSource) return editRows({});  // another table
    QStringList features;
    for (const std::string& name : model->featureNames()) features << QString::fromStdString(name);
    m_training->setDataset(trainingTable(), model->targetName(), features);
    checkLeakageLater();
}

void Workbench::startTraining(const train::ExperimentRequest& request, const QString& device) {
    const auto table = trainingTable();  // with the Quality view's exclusions and relabels
    if (!table) return m_training->onFailed(tr("Open a dataset first."));
    if (m_cvJob->isActive() || m_searchJob->isActive() || !m_job->start(table, request, device))
        return m_training->onFailed(tr("A run is already active."));
    recordTrainingStart(request, device);
}

void Workbench::setUpCrossValidation() {
    m_cvJob = new CrossValidationJob(this);
    // Pause, resume and stop reach whichever job runs: the other one is idle and ignores them.
    connect(m_training, &widgets::TrainingPanel::pauseRequested, m_cvJob, &Job::pause);
    connect(m_training, &widgets::TrainingPanel::resumeRequested, m_cvJob, &Job::resume);
    connect(m_training, &widgets::TrainingPanel::stopRequested, m_cvJob, &Job::stop);
    connect(m_training, &widgets::TrainingPanel::crossValidationRequested, this,
            [this](const train::ExperimentRequest& request, const QString& device, int folds) {
                const auto table = trainingTable();
                if (!table) return m_training->onFailed(tr("Open a dataset first."));
                if (m_job->isActive() || m_searchJob->isActive() ||
                    !m_cvJob->start(table, request, folds, device))
                    m_training->onFailed(tr("A run is already active."));
            });
    connect(m_cvJob, &CrossValidationJob::progress, m_training,
            &widgets::TrainingPanel::onCrossValidationProgress);
    connect(m_cvJob, &CrossValidationJob::finished, m_training,
            &widgets::TrainingPanel::onCrossValidationFinished);
    connect(m_cvJob, &Job::failed, m_training, &widgets::TrainingPanel::onFailed);
    connect(m_cvJob, &Job::cancelled, m_training, &widgets::TrainingPanel::onCancelled);
}

void Workbench::showResult(std::shared_ptr<const train::ExperimentResult> result) {
    if (!result) return;
    explainRun(result);  // first, so the Explain view has the run when evaluationShown() is out
    structureRun(*result);
    compressRun(result);
    m_evaluate->setInput(evaluationInput(*result));
    m_window->showView(View::Evaluate);
    emit evaluationShown();
}

}  // namespace loupe::gui
