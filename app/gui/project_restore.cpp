// ProjectController, the opening half: a project file (or the work a crashed session left
// behind) put back on screen. The Train view's settings at once, then the dataset and the shown
// run read off the UI thread, then the column roles, the run's views, the Compress view's
// comparison and the view it was on.

#include <QFileInfo>
#include <QStatusBar>
#include <algorithm>
#include <exception>

#include "app/gui/app_paths.h"
#include "app/gui/main_window.h"
#include "app/gui/message_banner.h"
#include "app/gui/project/project_file.h"
#include "app/gui/project/run_loader.h"
#include "app/gui/project/workbench_state.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/evaluate/evaluate_panel.h"
#include "widgets/evaluate/threshold_control.h"
#include "widgets/train/training_panel.h"

namespace loupe::gui {
namespace {

bool sameFile(const QString& a, const QString& b) {
    const QString ca = QFileInfo(a).canonicalFilePath();
    return !ca.isEmpty() && ca == QFileInfo(b).canonicalFilePath();
}

}  // namespace

bool ProjectController::openProject(const QString& path) {
    if (!maybeSave()) return false;
    Project project;
    try {
        project = loadProject(path);
    } catch (const std::exception& e) {
        const QString message = QString::fromStdString(e.what());
        m_window->banner()->showError(message);
        emit openFailed(message);
        return false;
    }
    // The bundled sample opens as an untitled copy: Save asks where, never over the original.
    const bool sample = sameFile(path, sampleProject());
    beginRestore(std::move(project), sample ? QString() : QFileInfo(path).absoluteFilePath(),
                 sample ? QFileInfo(path).completeBaseName() : QString(), false);
    if (!sample) addRecentFile(path);
    return true;
}

void ProjectController::beginRestore(Project project, const QString& file,
                                     const QString& templateName, bool modified) {
    m_loadingDataset = false;
    m_opening = Opening{};
    resetRuns();
    m_file = file;
    m_templateName = templateName;
    m_runs = project.runs;
    m_currentRun = project.currentRun;
    m_detached = {};
    m_datasetPath = project.dataset;
    m_opening->modified = modified;
    m_opening->problems = applyTrainingSettings(*m_workbench->trainingPanel(), project.training);
    updateTitle();
    if (!project.dataset.isEmpty() && !QFileInfo(project.dataset).isFile()) {
        const QString located = m_dialogs.locateDataset(project.dataset);
        if (located.isEmpty()) {
            m_opening->problems << tr("the dataset %1 was not found").arg(project.dataset);
        } else {
            project.dataset = m_datasetPath = QFileInfo(located).absoluteFilePath();
            m_opening->modified = true;
        }
    }
    m_opening->project = std::move(project);
    const Project& p = m_opening->project;
    if (!p.dataset.isEmpty() && QFileInfo(p.dataset).isFile()) {
        m_window->readDataset(p.dataset, p.target);  // continues in onDatasetOpened
        return;
    }
    m_detached.target = p.target;
    m_detached.columns = p.columns;
    m_window->clearDataset();
    loadShownRun();
}

void ProjectController::onDatasetOpened(const QString& path) {
    if (m_loadingDataset) {
        // A dataset the user opened: an untitled project on it, with the Train view's settings.
        resetRuns();
        m_file.clear();
        m_templateName.clear();
        m_detached = {};
        m_datasetPath = QFileInfo(path).absoluteFilePath();
        m_loadingDataset = false;
        m_recovery.remove();
        setModified(false);
        return;
    }
    if (!m_opening) return;
    const Project& p = m_opening->project;
    m_opening->problems << applyColumns(*m_window->dataBrowser()->model(), p.columns, p.target);
    loadShownRun();
}

void ProjectController::onDatasetFailed(const QString& message) {
    m_loadingDataset = false;
    if (!m_opening) return;
    m_opening->problems << message;
    m_detached.target = m_opening->project.target;
    m_detached.columns = m_opening->project.columns;
    loadShownRun();
}

void ProjectController::loadShownRun() {
    if (m_currentRun < 0 || m_currentRun >= static_cast<int>(m_runs.size())) return finishRestore();
    const ProjectRun& run = m_runs[static_cast<size_t>(m_currentRun)];
    m_runLoader->load(run.folder, run.id);  // continues in onRunLoaded
}

void ProjectController::onRunLoaded(const QString& id,
                                    std::shared_ptr<train::ExperimentResult> result) {
    if (!m_opening && !m_sourceLoad.isEmpty() && id == m_sourceLoad) {
        m_sourceLoad.clear();
        const auto run = std::find_if(m_runs.begin(), m_runs.end(),
                                      [&](const ProjectRun& r) { return r.id == id; });
        if (run != m_runs.end()) {
            restoreRunFlags(*run, result->history);
            m_workbench->restoreCompressSource(std::move(result), id, run->folder);
        }
        return;
    }
    if (!m_opening || m_currentRun < 0 || m_runs[static_cast<size_t>(m_currentRun)].id != id)
        return;
    restoreRunFlags(m_runs[static_cast<size_t>(m_currentRun)], result->history);
    m_current = std::move(result);
    m_workbench->restoreRun(m_current);
    m_workbench->evaluatePanel()->thresholdControl()->setThreshold(
        m_runs[static_cast<size_t>(m_currentRun)].threshold);
    finishRestore();
}

void ProjectController::finishRestore() {
    const Opening opening = std::move(*m_opening);
    // After the shown run, which set the Compress view's source and cleared its comparison.
    // The comparison's original, when it is not the run shown, is read back to be that source
    // (as in the session that compressed it), so new rows stay comparable.
    const CompressionComparison& comparison = opening.project.compression;
    m_workbench->restoreComparison(comparison);
    if (!comparison.models.empty() && comparison.models.front().run != currentRunId())
        for (const ProjectRun& run : m_runs)
            if (run.id == comparison.models.front().run) {
                m_sourceLoad = run.id;
                m_runLoader->load(run.folder, run.id);  // continues in onRunLoaded
            }
    View view = View::Data;
    if (viewFromName(opening.project.view, &view)) m_window->showView(view);
    if (!opening.problems.isEmpty())
        m_window->banner()->showError(
            tr("%1: %2").arg(displayName(), opening.problems.join(QStringLiteral("; "))));
    m_opening.reset();
    setModified(opening.modified);
    m_window->statusBar()->showMessage(tr("Opened %1").arg(displayName()));
    emit projectOpened(m_file);
}

bool ProjectController::offerRecovery() {
    const std::optional<RecoveredWork> work = m_recovery.findLeftBehind();
    if (!work) return false;
    const QString name =
        work->name.isEmpty() ? QFileInfo(work->projectFile).completeBaseName() : work->name;
    if (!m_dialogs.askToRecover(name, work->saved)) {
        m_recovery.discard(*work);
        return false;
    }
    Project project;
    try {
        project = RecoveryFile::read(*work);
    } catch (const std::exception& e) {
        m_window->banner()->showError(
            tr("The unsaved work could not be read: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    m_recovery.adopt(*work);
    beginRestore(std::move(project), work->projectFile,
                 work->projectFile.isEmpty() ? name : QString(), true);
    return true;
}

}  // namespace loupe::gui
