#pragma once
// ExportController: File > Export Model… (ONNX or Loupe .h5) and Export Report… (HTML or PDF) of
// the run the Evaluate view shows. The model is written at once (a fraction of a second even for
// wide layers); a report runs as a ReportJob, since it may compute SHAP values first.

#include <QObject>
#include <QString>
#include <functional>

class QAction;

namespace loupe::gui {

class MainWindow;
class ProjectController;
class ReportJob;

/// See the file comment. Adds its actions to the window's File menu above Quit.
class ExportController : public QObject {
    Q_OBJECT
public:
    ExportController(MainWindow* window, ProjectController* project);

    /// Asks where to save (empty: cancelled), starting at `suggested`, offering `filters`; tests
    /// replace it.
    using ChooseFile = std::function<QString(const QString& title, const QString& suggested,
                                             const QString& filters)>;
    void setChooseFile(ChooseFile choose) { m_choose = std::move(choose); }

    QAction* exportModelAction() const { return m_exportModel; }
    QAction* exportReportAction() const { return m_exportReport; }
    /// The job that writes reports.
    ReportJob* reportJob() const { return m_job; }

    /// Writes the shown run's model to `path`: ONNX for .onnx, Loupe's model file for .h5. False
    /// (the banner says why) without a run, for another extension, or when it cannot be written.
    bool exportModel(const QString& path);
    /// Starts writing the shown run's report to `path` (.html or .pdf); reportWritten() or the
    /// banner tells how it ended. A run still being written is reported once it is.
    bool exportReport(const QString& path);

signals:
    /// The model is in `path`.
    void modelExported(const QString& path);
    /// The report is in `path`.
    void reportWritten(const QString& path);

private:
    void chooseModelFile();
    void chooseReportFile();
    void startReport(const QString& folder);
    void updateActions();
    QString suggestedPath(const QString& suffix) const;
    void fail(const QString& message);

    MainWindow* m_window;
    ProjectController* m_project;
    ReportJob* m_job;
    QAction *m_exportModel, *m_exportReport;
    ChooseFile m_choose;
    QString m_pendingReport;  // waits for the shown run's folder to be written
};

}  // namespace loupe::gui
