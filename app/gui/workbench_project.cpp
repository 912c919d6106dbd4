// Workbench, the project's part: the ProjectController behind the window, a run read back from a
// project shown in the views, and the status bar saying what training is doing (the last "Read …"
// would otherwise stay there through a run).

#include <QFileInfo>
#include <QStatusBar>

#include "app/gui/evaluation_input_builder.h"
#include "app/gui/jobs/training_job.h"
#include "app/gui/main_window.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/evaluate/evaluate_panel.h"
#include "widgets/train/training_panel.h"

namespace loupe::gui {
namespace {

/// "test accuracy 0.9767" or "test R² 0.8123" from the last report, or empty.
QString headline(const train::ExperimentResult& result) {
    if (result.reports.empty()) return {};
    const auto& [split, report] = result.reports.back();
    for (const auto& [key, label] :
         {std::pair{"accuracy", QObject::tr("accuracy")}, std::pair{"r2", QObject::tr("R²")}})
        if (report.contains(key) && report[key].is_number())
            return QStringLiteral("%1 %2 %3")
                .arg(QString::fromStdString(split), label)
                .arg(report[key].get<double>(), 0, 'f', 4);
    return {};
}

}  // namespace

void Workbench::setUpProjects() {
    m_project = new ProjectController(m_window, this);

    QStatusBar* status = m_window->statusBar();
    connect(m_training, &widgets::TrainingPanel::startRequested, this, [this, status] {
        const auto table = m_window->table();
        const QString name =
            table ? QFileInfo(QString::fromStdString(table->source())).fileName() : QString();
        status->showMessage(tr("Training on %1…").arg(name));
    });
    connect(m_job, &TrainingJob::finished, this,
            [status](std::shared_ptr<const train::ExperimentResult> result) {
                if (!result) return;
                const train::History& h = result->history;
                const double seconds = h.epochs.empty() ? 0.0 : h.epochs.back().seconds;
                const auto epochs = static_cast<qlonglong>(h.epochs.size());
                QString text = h.cancelled ? tr("Stopped after %1 epochs").arg(epochs)
                                           : tr("Trained %1 epochs in %2 s")
                                                 .arg(epochs)
                                                 .arg(seconds, 0, 'f', seconds < 1.0 ? 2 : 1);
                const QString best = headline(*result);
                if (!best.isEmpty()) text += QStringLiteral(" — ") + best;
                status->showMessage(text);
            });
    connect(m_job, &Job::failed, this, [status] { status->showMessage(tr("Training failed")); });
    connect(m_job, &Job::cancelled, this,
            [status] { status->showMessage(tr("Training stopped before it began")); });
}

void Workbench::restoreRun(std::shared_ptr<const train::ExperimentResult> result) {
    if (!result) return;
    m_training->showResult(*result);
    m_evaluate->setInput(evaluationInput(*result));
    structureRun(*result);
    // The Explain view explains the run against the table it learnt from: the Data view's now.
    m_trainingTable = m_window->dataBrowser()->model()->typedTable();
    m_trainingSource = m_window->dataBrowser()->model()->table();
    compressRun(result);
    explainRun(std::move(result));
}

}  // namespace loupe::gui
