#include "app/gui/project_controller.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <algorithm>
#include <exception>

#include "app/gui/app_paths.h"
#include "app/gui/jobs/training_job.h"
#include "app/gui/main_window.h"
#include "app/gui/message_banner.h"
#include "app/gui/project/project_file.h"
#include "app/gui/project/run_loader.h"
#include "app/gui/project/run_store.h"
#include "app/gui/project/run_recorder.h"
#include "app/gui/project/run_writer.h"
#include "app/gui/project/workbench_state.h"
#include "app/gui/workbench.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/evaluate/evaluate_panel.h"
#include "widgets/evaluate/threshold_control.h"
#include "widgets/train/training_panel.h"

namespace loupe::gui {
namespace {

constexpr int kAutosaveMs = 60 * 1000;

}  // namespace

ProjectController::ProjectController(MainWindow* window, Workbench* workbench)
    : QObject(workbench),
      m_window(window),
      m_workbench(workbench),
      m_dialogs(ProjectDialogs::standard(window)),
      m_autosave(new QTimer(this)),
      m_runLoader(new RunLoader(this)),
      m_runWriter(new RunWriter(this)) {
    m_new = new QAction(tr("&New Project"), this);
    m_new->setShortcut(QKeySequence::New);
    m_open = new QAction(tr("Open &Project…"), this);
    m_open->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    m_save = new QAction(tr("&Save"), this);
    m_save->setShortcut(QKeySequence::Save);
    m_saveAs = new QAction(tr("Save &As…"), this);
    m_saveAs->setShortcut(QKeySequence::SaveAs);
    connect(m_new, &QAction::triggered, this, &ProjectController::newProject);
    connect(m_open, &QAction::triggered, this, [this] {
        const QString folder =
            m_file.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                             : QFileInfo(m_file).absolutePath();
        const QString path = m_dialogs.chooseProjectToOpen(folder);
        if (!path.isEmpty()) openProject(path);
    });
    connect(m_save, &QAction::triggered, this, &ProjectController::save);
    connect(m_saveAs, &QAction::triggered, this, &ProjectController::saveAs);

    m_autosave->setInterval(kAutosaveMs);
    connect(m_autosave, &QTimer::timeout, this, &ProjectController::autosave);
    connect(m_runLoader, &RunLoader::loaded, this, &ProjectController::onRunLoaded);
    connect(m_runWriter, &RunWriter::written, this, &ProjectController::onRunWritten);
    connect(m_runLoader, &RunLoader::failed, this, [this](const QString&, const QString& message) {
        if (!m_opening) {
            // The comparison's original: Run then compresses the run shown, in a new comparison.
            if (!m_sourceLoad.isEmpty())
                m_window->statusBar()->showMessage(
                    tr("The compressed model's original could not be read: %1").arg(message));
            m_sourceLoad.clear();
            return;
        }
        m_opening->problems << tr("the run could not be read: %1").arg(message);
        finishRestore();
    });
    connect(m_window, &MainWindow::datasetOpened, this, &ProjectController::onDatasetOpened);
    connect(m_window, &MainWindow::openFailed, this, &ProjectController::onDatasetFailed);
    connect(m_window->dataBrowser(), &widgets::DatasetBrowser::datasetChanged, this,
            &ProjectController::markModified);
    connect(m_workbench->trainingPanel(), &widgets::TrainingPanel::changed, this,
            &ProjectController::markModified);
    connect(m_workbench->trainingJob(), &TrainingJob::finished, this, &ProjectController::addRun);
    // The Evaluate view's threshold belongs to the run it shows, and is saved with it.
    connect(m_workbench->evaluatePanel()->thresholdControl(),
            &widgets::ThresholdControl::thresholdChanged, this, [this](double threshold) {
                if (m_opening || m_currentRun < 0 || m_currentRun >= static_cast<int>(m_runs.size()))
                    return;
                ProjectRun& run = m_runs[static_cast<size_t>(m_currentRun)];
                if (run.threshold == threshold) return;
                run.threshold = threshold;
                setModified(true);
            });
    m_window->setProjectController(this);
    updateTitle();
}

ProjectController::~ProjectController() = default;

QList<QAction*> ProjectController::fileActions() const { return {m_new, m_open, m_save, m_saveAs}; }

QString ProjectController::displayName() const {
    if (!m_file.isEmpty()) return QFileInfo(m_file).completeBaseName();
    if (!m_templateName.isEmpty()) return m_templateName;
    if (!m_datasetPath.isEmpty()) return QFileInfo(m_datasetPath).fileName();
    return tr("Untitled");
}

Project ProjectController::snapshot() const {
    Project p;
    p.dataset = m_datasetPath;
    const widgets::DatasetModel* model = m_window->dataBrowser()->model();
    if (model->table()) {
        p.target = model->targetName();
        p.columns = columnOverrides(*model);
    } else {
        p.target = m_detached.target;
        p.columns = m_detached.columns;
    }
    p.training = trainingSettings(*m_workbench->trainingPanel());
    p.runs = m_runs;
    p.currentRun = m_currentRun;
    p.compression = m_workbench->compressionComparison();
    p.view = viewName(m_window->currentView());
    return p;
}

void ProjectController::setAutosaveInterval(int milliseconds) {
    m_autosave->setInterval(milliseconds);
}

void ProjectController::markModified() {
    // Changes made while a project or dataset is being put on screen are not the user's.
    if (m_opening || m_loadingDataset) return;
    setModified(true);
}

void ProjectController::setModified(bool modified) {
    const bool changed = modified != m_modified;
    m_modified = modified;
    if (modified && !m_autosave->isActive()) m_autosave->start();
    if (!modified) m_autosave->stop();
    updateTitle();
    if (changed) emit modifiedChanged(modified);
}

void ProjectController::updateTitle() {
    m_window->setWindowTitle(tr("%1[*] — Loupe").arg(displayName()));
    m_window->setWindowModified(m_modified);
}

bool ProjectController::maybeSave() {
    if (!m_modified) return true;
    switch (m_dialogs.askToSave(displayName())) {
        case SaveAnswer::Save:
            return save();
        case SaveAnswer::Discard:
            m_recovery.remove();
            return true;
        case SaveAnswer::Cancel:
            break;
    }
    return false;
}

void ProjectController::resetRuns() {
    m_runLoader->cancel();
    m_sourceLoad.clear();
    m_runs.clear();
    // A run of the old project still being written lands where it was going; with the runs
    // cleared first, its report no longer touches this project (whose ids may repeat).
    m_runWriter->waitForAll();
    m_unwritten.clear();
    m_current.reset();
    m_currentRun = -1;
    m_workbench->evaluatePanel()->clear();
    m_workbench->restoreComparison({});  // its rows name the runs cleared
    m_workbench->trainingPanel()->showHistory({});
}

void ProjectController::newProject() {
    if (!maybeSave()) return;
    m_opening.reset();
    resetRuns();
    m_file.clear();
    m_templateName.clear();
    m_datasetPath.clear();
    m_detached = {};
    m_loadingDataset = true;  // the defaults below are no user change
    m_window->clearDataset();
    applyTrainingSettings(*m_workbench->trainingPanel(), TrainingSettings{});
    m_loadingDataset = false;
    m_recovery.remove();
    setModified(false);
}

void ProjectController::openDataset(const QString& path, const QString& target) {
    if (!maybeSave()) return;
    m_opening.reset();
    m_loadingDataset = true;
    m_window->readDataset(path, target);
}

bool ProjectController::save() { return m_file.isEmpty() ? saveAs() : saveTo(m_file); }

bool ProjectController::saveAs() {
    QString suggested = m_file;
    if (suggested.isEmpty()) {
        const QString name =
            m_templateName.isEmpty() ? QFileInfo(m_datasetPath).completeBaseName() : m_templateName;
        suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                        .filePath((name.isEmpty() ? tr("Untitled") : name) + ".loupe");
    }
    const QString path = m_dialogs.chooseSaveFile(suggested);
    return !path.isEmpty() && saveTo(path);
}

bool ProjectController::saveTo(const QString& path) {
    m_runWriter->waitForAll();  // so every run has its folder before the file names it
    const QString file = QFileInfo(path).absoluteFilePath();
    Project project = snapshot();
    UnwrittenRuns unwritten = m_unwritten;
    try {
        storeRuns(project.runs, unwritten, runsFolderOf(file));
        saveProject(project, file);
    } catch (const std::exception& e) {
        m_window->banner()->showError(
            tr("The project was not saved: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    // The runs recorded so far go with the project (an untitled one's lie beside the recovery
    // file, removed next): copied into its database before the UI goes on.
    RunRecorder* recorder = m_workbench->runRecorder();
    recorder->setDatabase(runDatabasePath());
    recorder->copyRunsTo(
        QString::fromStdString(store::RunDatabase::pathFor(file.toStdString()).string()),
        m_file.isEmpty() ? m_recovery.runsFolder() : runsFolderOf(m_file), runsFolderOf(file));
    recorder->waitForIdle();
    m_runs = std::move(project.runs);
    m_unwritten = std::move(unwritten);
    m_file = file;
    m_templateName.clear();
    m_recovery.remove();
    setModified(false);
    addRecentFile(file);
    m_window->statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(file)));
    emit projectSaved(file);
    return true;
}

QString ProjectController::nextRunId() const {
    int last = 0;
    for (const ProjectRun& run : m_runs)
        if (run.id.startsWith(QLatin1String("run-"))) last = std::max(last, run.id.mid(4).toInt());
    // A folder left by runs that were never saved in the project is not reused.
    const QString folder = m_file.isEmpty() ? QString() : runsFolderOf(m_file);
    QString id;
    do id = QStringLiteral("run-%1").arg(++last);
    while (!folder.isEmpty() && QFileInfo::exists(QDir(folder).filePath(id)));
    return id;
}

void ProjectController::addRun(std::shared_ptr<const train::ExperimentResult> result) {
    addNamedRun(std::move(result), QString());
}

void ProjectController::addNamedRun(std::shared_ptr<const train::ExperimentResult> result,
                                    const QString& name) {
    if (!result) return;
    const QString id = nextRunId();
    m_runs.push_back(runRecord(*result, id, name.isEmpty() ? tr("Run %1").arg(id.mid(4)) : name,
                               QString()));
    m_unwritten[id] = result;
    m_currentRun = static_cast<int>(m_runs.size()) - 1;
    m_current = result;
    setModified(true);
    // Beside the project file when there is one, else beside the recovery file; written off the
    // UI thread, then autosaved (onRunWritten).
    const QString folder = m_file.isEmpty() ? m_recovery.runsFolder() : runsFolderOf(m_file);
    m_runWriter->write(id, std::move(result), QDir(folder).filePath(id));
}

QString ProjectController::runDatabasePath() {
    if (m_file.isEmpty()) return QDir(m_recovery.runsFolder()).filePath(QStringLiteral("runs.sqlite"));
    return QString::fromStdString(store::RunDatabase::pathFor(m_file.toStdString()).string());
}

QString ProjectController::currentRunId() const {
    if (m_currentRun < 0 || m_currentRun >= static_cast<int>(m_runs.size())) return {};
    return m_runs[static_cast<size_t>(m_currentRun)].id;
}

QString ProjectController::currentRunFolder() const {
    if (m_currentRun < 0 || m_currentRun >= static_cast<int>(m_runs.size())) return {};
    const ProjectRun& run = m_runs[static_cast<size_t>(m_currentRun)];
    return m_unwritten.count(run.id) > 0 ? QString() : run.folder;
}

void ProjectController::onRunWritten(const QString& id, const QString& folder,
                                     const QString& error) {
    const auto run =
        std::find_if(m_runs.begin(), m_runs.end(), [&](const ProjectRun& r) { return r.id == id; });
    if (run == m_runs.end()) return;  // the project was closed meanwhile
    if (!error.isEmpty()) {
        // It stays in memory: the next save or autosave tries again.
        m_window->banner()->showError(tr("The run could not be written: %1").arg(error));
        return;
    }
    run->folder = folder;
    m_unwritten.erase(id);
    emit runWritten(folder);
    autosave();
}

void ProjectController::autosave() {
    // A run still being written has no folder to name yet; its end autosaves.
    if (!m_modified || m_opening || m_runWriter->busy()) return;
    try {
        storeUnwrittenRuns(m_runs, m_unwritten, m_recovery.runsFolder());
        m_recovery.write(snapshot(), m_file, displayName());
    } catch (const std::exception& e) {
        m_window->statusBar()->showMessage(
            tr("Autosave failed: %1").arg(QString::fromUtf8(e.what())));
    }
}

void ProjectController::windowClosed() {
    m_runLoader->cancel();
    m_autosave->stop();
    m_runWriter->waitForAll();
    m_recovery.remove();
}

}  // namespace loupe::gui
