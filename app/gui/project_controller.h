#pragma once
// ProjectController: the project behind the window. File > New Project, Open Project…, Save and
// Save As… (*.loupe, project_file.h); the title shows the project's name with * while there are
// unsaved changes; Save / Discard / Cancel before they would be lost; each finished run kept as a
// run folder in "<project>.runs/"; autosave to a recovery file and, after a crash, the offer to
// restore it. Restoring reads the dataset and the shown run off the UI thread.

#include <QObject>
#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "app/gui/project/project.h"
#include "app/gui/project/project_dialogs.h"
#include "app/gui/project/recovery_file.h"

class QAction;
class QTimer;

namespace loupe::gui {

class MainWindow;
class RunLoader;
class RunWriter;
class Workbench;

/// See the file comment. Created by the Workbench; the window asks it before closing. Opening
/// and restoring live in project_restore.cpp.
class ProjectController : public QObject {
    Q_OBJECT
public:
    /// Takes over `window`'s title and adds New/Open/Save/Save As to its File menu.
    ProjectController(MainWindow* window, Workbench* workbench);
    ~ProjectController() override;

    /// Replaces the questions asked (tests answer them in code).
    void setDialogs(ProjectDialogs dialogs) { m_dialogs = std::move(dialogs); }
    /// The questions asked.
    ProjectDialogs& dialogs() { return m_dialogs; }
    /// New Project, Open Project…, Save, Save As…
    QList<QAction*> fileActions() const;
    QAction* saveAction() const { return m_save; }
    QAction* saveAsAction() const { return m_saveAs; }

    /// The project file; empty while the project is untitled.
    QString file() const { return m_file; }
    /// The name the title shows: the project file's, the sample's, the dataset's, or Untitled.
    QString displayName() const;
    /// True while there are unsaved changes.
    bool isModified() const { return m_modified; }
    /// True while a project is being opened (its dataset or run still being read).
    bool isOpening() const { return m_opening.has_value(); }
    /// The project as the views hold it now.
    Project snapshot() const;
    /// The run the Evaluate view shows, or null.
    std::shared_ptr<const train::ExperimentResult> currentResult() const { return m_current; }
    /// The id of the run the Evaluate view shows; empty without a run.
    QString currentRunId() const;
    /// The folder of the run the Evaluate view shows; empty without a run or while it is still
    /// being written (runWritten() follows).
    QString currentRunFolder() const;
    /// This window's recovery file (empty until the first autosave).
    QString recoveryPath() const { return m_recovery.path(); }
    /// The run database runs are recorded in: RunDatabase::pathFor(the project file), or while
    /// untitled "runs.sqlite" in the recovery file's runs folder (it goes with the unsaved work;
    /// the first save copies its runs into the project's).
    QString runDatabasePath();
    /// Writes finished runs' folders off the UI thread.
    RunWriter* runWriter() const { return m_runWriter; }
    /// Autosave period while there are unsaved changes (60 s by default).
    void setAutosaveInterval(int milliseconds);

    /// Asks about unsaved changes, then an empty project.
    void newProject();
    /// Asks about unsaved changes, then opens `path` (the bundled sample opens as an untitled
    /// copy). False when cancelled or unreadable (the banner says why).
    bool openProject(const QString& path);
    /// Asks about unsaved changes, then starts an untitled project on the dataset `path`.
    void openDataset(const QString& path, const QString& target = {});
    /// Save (Save As while untitled); false when cancelled or it failed (the banner says why).
    bool save();
    /// Asks where, then saves there.
    bool saveAs();
    /// Saves as `path`: runs written or copied into its runs folder, then the file. False (and
    /// the banner says why) when anything cannot be written; the old file is then untouched.
    bool saveTo(const QString& path);
    /// With unsaved changes asks Save / Discard / Cancel; true when the caller may go on.
    bool maybeSave();
    /// Offers to restore work a crashed session left behind; true when it is being restored.
    bool offerRecovery();
    /// Writes the recovery file now when there are unsaved changes (once no run is being written).
    void autosave();
    /// The window closes (after maybeSave): the recovery file goes.
    void windowClosed();
    /// Adds a finished run that was not trained here (a compressed model) under `name`, as a
    /// trained run is added: written off the UI thread, then autosaved; it becomes the current run.
    void addNamedRun(std::shared_ptr<const train::ExperimentResult> result, const QString& name);

signals:
    /// A project was opened and everything in it is shown (dataset, settings, run).
    void projectOpened(const QString& file);
    /// The project was saved as `file`.
    void projectSaved(const QString& file);
    /// A project could not be opened; the banner shows `message`.
    void openFailed(const QString& message);
    /// A finished run's folder was written.
    void runWritten(const QString& folder);
    /// Unsaved changes appeared or were saved or discarded.
    void modifiedChanged(bool modified);

private:
    struct Opening {
        Project project;
        bool modified = false;
        QStringList problems;
    };

    void markModified();
    void setModified(bool modified);
    void updateTitle();
    void resetRuns();
    void beginRestore(Project project, const QString& file, const QString& templateName,
                      bool modified);
    void onDatasetOpened(const QString& path);
    void onDatasetFailed(const QString& message);
    void loadShownRun();
    void onRunLoaded(const QString& id, std::shared_ptr<train::ExperimentResult> result);
    void finishRestore();
    void addRun(std::shared_ptr<const train::ExperimentResult> result);
    void onRunWritten(const QString& id, const QString& folder, const QString& error);
    QString nextRunId() const;

    MainWindow* m_window;
    Workbench* m_workbench;
    ProjectDialogs m_dialogs;
    QAction *m_new, *m_open, *m_save, *m_saveAs;
    QTimer* m_autosave;
    RunLoader* m_runLoader;
    RunWriter* m_runWriter;
    RecoveryFile m_recovery;

    QString m_file;          // the project file, empty while untitled
    QString m_templateName;  // the sample's name while it is an untitled copy
    QString m_datasetPath;   // the dataset the project names (shown, or missing)
    Project m_detached;      // target and columns of a dataset that could not be read
    std::vector<ProjectRun> m_runs;
    int m_currentRun = -1;
    std::map<QString, std::shared_ptr<const train::ExperimentResult>> m_unwritten;
    std::shared_ptr<const train::ExperimentResult> m_current;
    bool m_modified = false;
    bool m_loadingDataset = false;  // a dataset opened by the user is being read
    std::optional<Opening> m_opening;
    QString m_sourceLoad;  // the run read back as the restored comparison's original
};

}  // namespace loupe::gui
