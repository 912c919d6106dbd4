#include "app/gui/export_controller.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>
#include <exception>
#include <filesystem>
#include <utility>

#include "app/gui/jobs/report_job.h"
#include "app/gui/main_window.h"
#include "app/gui/message_banner.h"
#include "app/gui/project_controller.h"
#include "core/io/model_file.h"
#include "core/io/onnx_export.h"

namespace loupe::gui {

namespace {

QString withSuffix(const QString& path, const QString& filter) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (!suffix.isEmpty()) return path;
    // "ONNX model (*.onnx)" -> ".onnx": a name typed without one gets the chosen filter's.
    const qsizetype star = filter.indexOf(QLatin1String("*."));
    if (star < 0) return path;
    return path + filter.mid(star + 1, filter.indexOf(QLatin1Char(')'), star) - star - 1);
}

}  // namespace

ExportController::ExportController(MainWindow* window, ProjectController* project)
    : QObject(window), m_window(window), m_project(project), m_job(new ReportJob(this)) {
    m_exportModel = new QAction(tr("Export &Model…"), this);
    m_exportModel->setToolTip(tr("Write the shown run's model as ONNX or as a Loupe model file"));
    m_exportReport = new QAction(tr("Export &Report…"), this);
    m_exportReport->setToolTip(tr("Write an HTML or PDF report of the shown run"));
    connect(m_exportModel, &QAction::triggered, this, &ExportController::chooseModelFile);
    connect(m_exportReport, &QAction::triggered, this, &ExportController::chooseReportFile);

    // Above Quit and its separator.
    QMenu* file = window->fileMenu();
    const QList<QAction*> actions = file->actions();
    QAction* before = actions.size() >= 2 ? actions[actions.size() - 2] : nullptr;
    file->insertActions(before, {m_exportModel, m_exportReport});
    file->insertSeparator(m_exportModel);
    connect(file, &QMenu::aboutToShow, this, &ExportController::updateActions);
    updateActions();

    m_choose = [window](const QString& title, const QString& suggested, const QString& filters) {
        QString selected;
        const QString path =
            QFileDialog::getSaveFileName(window, title, suggested, filters, &selected);
        return path.isEmpty() ? path : withSuffix(path, selected);
    };

    connect(project, &ProjectController::runWritten, this, [this](const QString& folder) {
        if (!m_pendingReport.isEmpty() && folder == m_project->currentRunFolder()) startReport(folder);
    });
    connect(m_job, &ReportJob::finished, this, [this](const QString& path) {
        m_window->statusBar()->showMessage(tr("Report written to %1").arg(path));
        emit reportWritten(path);
        updateActions();
    });
    connect(m_job, &Job::failed, this, [this](const QString& message) {
        fail(tr("The report could not be written: %1").arg(message));
        updateActions();
    });
    connect(m_job, &Job::cancelled, this, [this] {
        m_window->statusBar()->showMessage(tr("Report cancelled"));
        updateActions();
    });
}

void ExportController::updateActions() {
    const bool run = m_project->currentResult() != nullptr;
    m_exportModel->setEnabled(run);
    m_exportReport->setEnabled(run && !m_job->isActive() && m_pendingReport.isEmpty());
}

QString ExportController::suggestedPath(const QString& suffix) const {
    const QString project = m_project->file();
    const auto table = m_window->table();
    const QString data = table ? QString::fromStdString(table->source()) : QString();
    const QString base = !project.isEmpty() ? project : data;
    if (base.isEmpty()) return QDir::home().filePath(QStringLiteral("model") + suffix);
    const QFileInfo info(base);
    return info.dir().filePath(info.completeBaseName() + suffix);
}

void ExportController::fail(const QString& message) {
    m_window->banner()->showError(message);
}

void ExportController::chooseModelFile() {
    const QString onnx = tr("ONNX model (*.onnx)"), h5 = tr("Loupe model (*.h5)");
    const QString filters = io::onnxExportAvailable() ? onnx + QStringLiteral(";;") + h5 : h5;
    const QString path = m_choose(tr("Export model"),
                                  suggestedPath(io::onnxExportAvailable() ? QStringLiteral(".onnx")
                                                                 : QStringLiteral(".h5")),
                                  filters);
    if (!path.isEmpty()) exportModel(path);
}

void ExportController::chooseReportFile() {
    const QString path =
        m_choose(tr("Export report"), suggestedPath(QStringLiteral("_report.html")),
                 tr("HTML report (*.html);;PDF report (*.pdf)"));
    if (!path.isEmpty()) exportReport(path);
}

bool ExportController::exportModel(const QString& path) {
    const auto result = m_project->currentResult();
    if (!result) {
        fail(tr("Train a model first: there is no model to export."));
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("onnx") && suffix != QLatin1String("h5")) {
        fail(tr("%1: a model is exported as .onnx or .h5").arg(path));
        return false;
    }
    try {
        const std::filesystem::path file(path.toStdString());
        if (suffix == QLatin1String("onnx"))
            io::exportOnnx(result->model, file);
        else
            io::saveModel(result->model, file);
    } catch (const std::exception& e) {
        fail(tr("The model could not be exported: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    m_window->statusBar()->showMessage(tr("Model exported to %1").arg(path));
    emit modelExported(path);
    return true;
}

bool ExportController::exportReport(const QString& path) {
    if (!m_project->currentResult()) {
        fail(tr("Train a model first: there is no run to report."));
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("html") && suffix != QLatin1String("htm") &&
        suffix != QLatin1String("pdf")) {
        fail(tr("%1: a report is written as .html or .pdf").arg(path));
        return false;
    }
    if (m_job->isActive()) {
        fail(tr("A report is still being written."));
        return false;
    }
    m_pendingReport = path;
    const QString folder = m_project->currentRunFolder();
    if (folder.isEmpty())
        m_window->statusBar()->showMessage(tr("Waiting for the run to be written…"));
    else
        startReport(folder);
    updateActions();
    return true;
}

void ExportController::startReport(const QString& folder) {
    const QString path = std::exchange(m_pendingReport, QString());
    if (!m_job->start(folder, path)) {
        fail(tr("%1: the report could not be started").arg(path));
        return;
    }
    m_window->statusBar()->showMessage(tr("Writing the report to %1…").arg(path));
}

}  // namespace loupe::gui
