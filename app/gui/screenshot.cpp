#include "app/gui/screenshot.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QPixmap>
#include <QScrollArea>
#include <QSpinBox>
#include <QItemSelectionModel>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/gui/jobs/cross_validation_job.h"
#include "app/gui/jobs/explain_job.h"
#include "app/gui/jobs/quality_job.h"
#include "app/gui/jobs/search_job.h"
#include "app/gui/jobs/training_job.h"
#include "app/gui/main_window.h"
#include "app/gui/message_banner.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "core/eval/threshold_tuning.h"
#include "widgets/compress/compress_panel.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/data/row_proxy_model.h"
#include "widgets/evaluate/evaluate_panel.h"
#include "widgets/evaluate/threshold_tuner.h"
#include "widgets/explain/explain_panel.h"
#include "widgets/quality/quality_panel.h"
#include "widgets/runs/runs_panel.h"
#include "widgets/runs/runs_table_model.h"
#include "widgets/structure/structure_panel.h"
#include "widgets/structure/structure_view.h"
#include "widgets/train/hyperparameter_form.h"
#include "widgets/train/imbalance_settings.h"
#include "widgets/train/schedule_settings.h"
#include "widgets/train/search_panel.h"
#include "widgets/train/training_panel.h"

namespace loupe::gui {
namespace {

constexpr int kSettleMs = 300;  // lets layouts and the first paint settle
constexpr int kGiveUpMs =
    5 * 60 * 1000;  // a read or a training that never ends must not hang a script

void fail(const QString& message) {
    std::fprintf(stderr, "loupe: %s\n", qPrintable(message));
    QCoreApplication::exit(2);
}

void grabLater(MainWindow& window, const ScreenshotRequest& request) {
    QTimer::singleShot(kSettleMs, &window, [&window, request] {
        if (!window.grab().save(request.output, "PNG"))
            return fail(QStringLiteral("%1: cannot write the screenshot").arg(request.output));
        std::printf("wrote %s\n", qPrintable(request.output));
        QCoreApplication::exit(0);
    });
}

/// The Structure view with the first dense layer of the compared model (else of the trained
/// one) selected, so the side panel shows its statistics.
void grabStructure(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    widgets::StructureView* view = workbench.structurePanel()->view();
    const int side = view->graph().comparing() ? 1 : 0;
    if (const nn::ModelSummary* summary = view->graph().summary(side))
        for (const nn::LayerSummary& layer : summary->layers)
            if (!layer.params.empty()) {
                view->selectNode(view->graph().layerNode(side, layer.index));
                break;
            }
    grabLater(window, request);
}

/// Shows the Structure view of the trained model, first reading `request.compare` beside it.
void renderStructure(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    window.showView(View::Structure);
    if (request.compare.isEmpty()) return grabStructure(window, workbench, request);
    QObject::connect(&workbench, &Workbench::comparisonShown, &window,
                     [&window, &workbench, request] { grabStructure(window, workbench, request); });
    QObject::connect(&workbench, &Workbench::comparisonFailed, &window,
                     [](const QString& message) { fail(message); });
    workbench.compareWithModelFile(request.compare);
}

/// Runs quantize-int8, then prune-magnitude, each with its defaults, in the Compress view, then
/// grabs it with both rows in the comparison.
void renderCompress(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    window.showView(View::Compress);
    widgets::CompressPanel* panel = workbench.compressPanel();
    const QStringList plugins = {QStringLiteral("quantize-int8"),
                                 QStringLiteral("prune-magnitude")};
    auto next = std::make_shared<int>(0);
    const auto runNext = [&window, panel, request, plugins, next] {
        if (*next == plugins.size()) return grabLater(window, request);
        const QString id = plugins[(*next)++];
        if (!panel->selectPlugin(id))
            return fail(QStringLiteral("no plugin '%1' was found").arg(id));
        panel->run();
    };
    QObject::connect(&workbench, &Workbench::compressionShown, &window, runNext);
    QObject::connect(&workbench, &Workbench::compressionFailed, &window,
                     [](const QString& message) { fail(message); });
    runNext();
}

/// Tunes the Evaluate view's threshold for `goal` ("precision:0.9", as loupe-cli takes it), as
/// its Tune button does; false (and the reason on stderr, exit 2) when the goal is malformed.
bool tuneThreshold(Workbench& workbench, const QString& goal) {
    try {
        const eval::ThresholdTarget target = eval::parseThresholdTarget(goal.toStdString());
        workbench.evaluatePanel()->thresholdTuner()->setTarget(target);
        workbench.evaluatePanel()->tuneThreshold(target);
        return true;
    } catch (const std::exception& e) {
        fail(QStringLiteral("--tune-threshold: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

/// Trains (unless a project's run is shown already), then shows the Evaluate or Structure view or
/// explains the run in the Explain view, then grabs.
void renderTrained(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    const bool explain = request.view == QLatin1String("explain");
    const auto shown = [&window, &workbench, request, explain] {
        if (request.view == QLatin1String("structure"))
            return renderStructure(window, workbench, request);
        if (request.view == QLatin1String("compress"))
            return renderCompress(window, workbench, request);
        if (!explain) {
            window.showView(View::Evaluate);
            if (!request.tune.isEmpty() && !tuneThreshold(workbench, request.tune)) return;
            return grabLater(window, request);
        }
        window.showView(View::Explain);
        workbench.explainPanel()->run();
    };
    if (explain) {
        QObject::connect(&workbench, &Workbench::explanationShown, &window,
                         [&window, request] { grabLater(window, request); });
        QObject::connect(workbench.explainJob(), &Job::failed, &window,
                         [](const QString& message) { fail(message); });
    }
    if (workbench.projectController()->currentResult()) return shown();  // a project's run
    // Train one with the Train view's settings.
    if (!window.table())
        return fail(
            QStringLiteral("--view %1 needs --project, or --open and --target").arg(request.view));
    QObject::connect(&workbench, &Workbench::evaluationShown, &window, shown);
    QObject::connect(workbench.trainingJob(), &Job::failed, &window,
                     [](const QString& message) { fail(message); });
    workbench.trainingPanel()->start();
    if (workbench.trainingPanel()->runState() == widgets::TrainingPanel::RunState::Idle)
        return fail(QStringLiteral("--view %1 needs a target column (--target)").arg(request.view));
}

/// Scrolls the Train view's settings down to the Class imbalance group when a resampling is
/// chosen, so the shot shows it and its before/after chart.
void revealImbalance(Workbench& workbench) {
    widgets::ImbalanceSettings* imbalance = workbench.trainingPanel()->imbalance();
    if (imbalance->method() == data::Resampling::None) return;
    for (QWidget* w = imbalance->parentWidget(); w; w = w->parentWidget())
        if (auto* scroll = qobject_cast<QScrollArea*>(w)) {
            scroll->ensureWidgetVisible(imbalance->parentWidget(), 0, 0);
            return;
        }
}

/// Scrolls the Train view's settings to `widget`.
void revealSetting(QWidget* widget) {
    for (QWidget* w = widget->parentWidget(); w; w = w->parentWidget())
        if (auto* scroll = qobject_cast<QScrollArea*>(w)) {
            scroll->ensureWidgetVisible(widget, 0, 0);
            return;
        }
}

/// "train-run": trains with the Train view's settings and grabs the Train view with its curves
/// (the learning rate among them) and the settings scrolled to the schedule. "cross-validation":
/// cross-validates with the settings' folds (5 when they are off) and grabs the Train view's
/// Cross-validation tab.
void renderTrainView(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    widgets::TrainingPanel* panel = workbench.trainingPanel();
    if (!window.table() || window.dataBrowser()->model()->targetName().isEmpty())
        return fail(
            QStringLiteral("--view %1 needs --project, or --open and --target").arg(request.view));
    window.showView(View::Train);
    const auto grab = [&window, panel, request] {
        window.showView(View::Train);
        revealSetting(panel->hyperparameters()->schedule());
        grabLater(window, request);
    };
    const auto failed = [](const QString& message) { fail(message); };
    if (request.view == QLatin1String("cross-validation")) {
        QObject::connect(workbench.crossValidationJob(), &CrossValidationJob::finished, &window,
                         grab);
        QObject::connect(workbench.crossValidationJob(), &Job::failed, &window, failed);
        if (panel->cvFolds() < 2) panel->setCvFolds(5);
        return panel->crossValidate();
    }
    QObject::connect(&workbench, &Workbench::evaluationShown, &window, grab);
    QObject::connect(workbench.trainingJob(), &Job::failed, &window, failed);
    panel->start();
}

/// "search": a short real search (bayes, 12 trials, 2 at a time, the sample's settings) from the
/// Train view's Search tab; grabs the tab with its leaderboard once it ends.
void renderSearch(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    widgets::TrainingPanel* panel = workbench.trainingPanel();
    if (!window.table() || window.dataBrowser()->model()->targetName().isEmpty())
        return fail(QStringLiteral("--view search needs --project, or --open and --target"));
    window.showView(View::Train);
    widgets::SearchPanel* search = panel->search();
    panel->tabs()->setCurrentWidget(search);
    QObject::connect(workbench.searchJob(), &SearchJob::finished, &window,
                     [&window, panel, search, request] {
                         window.showView(View::Train);
                         panel->tabs()->setCurrentWidget(search);
                         grabLater(window, request);
                     });
    QObject::connect(workbench.searchJob(), &Job::failed, &window,
                     [](const QString& message) { fail(message); });
    search->strategyBox()->setCurrentText(QStringLiteral("bayes"));
    search->trialsBox()->setValue(12);
    search->parallelBox()->setValue(2);
    search->search();
}

/// Runs the Quality view's checks with the Train view's settings, then grabs.
void renderQuality(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    if (!window.table() || window.dataBrowser()->model()->targetName().isEmpty())
        return fail(QStringLiteral("--view quality needs --project, or --open and --target"));
    window.showView(View::Quality);
    QObject::connect(&workbench, &Workbench::qualityShown, &window,
                     [&window, request] { grabLater(window, request); });
    QObject::connect(workbench.qualityJob(), &Job::failed, &window,
                     [](const QString& message) { fail(message); });
    workbench.qualityPanel()->run();
}

/// Runs the Quality view's checks, then shows the Data view sorted by the outlier-score column,
/// scrolled to it, and grabs.
void renderOutliers(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    if (!window.table() || window.dataBrowser()->model()->targetName().isEmpty())
        return fail(QStringLiteral("--view outliers needs --project, or --open and --target"));
    QObject::connect(&workbench, &Workbench::qualityShown, &window, [&window, request] {
        widgets::DatasetBrowser* browser = window.dataBrowser();
        const int column = browser->rows()->computedColumn();
        if (column < 0) return fail(QStringLiteral("the checks gave no outlier scores"));
        window.showView(View::Data);
        browser->view()->sortByColumn(column, Qt::DescendingOrder);
        browser->view()->scrollTo(browser->rows()->index(0, column));
        grabLater(window, request);
    });
    QObject::connect(workbench.qualityJob(), &Job::failed, &window,
                     [](const QString& message) { fail(message); });
    workbench.qualityPanel()->run();
}

/// Shows the Runs view with its newest four runs selected (their curves overlaid, their
/// metrics side by side) once the rows are there.
void grabRuns(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    widgets::RunsPanel* panel = workbench.runsPanel();
    window.showView(View::Runs);
    panel->refresh();
    auto* poll = new QTimer(&window);
    QObject::connect(poll, &QTimer::timeout, &window, [&window, panel, poll, request] {
        if (panel->model()->rowCount() == 0) return;
        poll->stop();
        panel->table()->selectRow(0);
        for (int row = 1; row < std::min(4, panel->model()->rowCount()); ++row)
            panel->table()->selectionModel()->select(
                panel->model()->index(row, 0),
                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        grabLater(window, request);
    });
    poll->start(50);
}

/// "runs": with a dataset and its target open, first trains four runs (learning rates 0.0003 to
/// 0.01, the Train view's other settings) so the comparison has curves; then grabRuns.
void renderRuns(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    if (!window.table() || window.dataBrowser()->model()->targetName().isEmpty())
        return grabRuns(window, workbench, request);
    auto rates = std::make_shared<std::vector<double>>(std::vector<double>{0.0003, 0.001, 0.003, 0.01});
    const auto next = [&window, &workbench, request, rates] {
        if (rates->empty()) return grabRuns(window, workbench, request);
        train::ExperimentRequest settings = workbench.trainingPanel()->request();
        settings.train.learningRate = static_cast<float>(rates->front());
        rates->erase(rates->begin());
        workbench.trainingPanel()->setRequest(settings);
        workbench.trainingPanel()->start();
    };
    // The next run starts once the job that just reported has gone idle.
    QObject::connect(&workbench, &Workbench::evaluationShown, &window,
                     [&window, next] { QTimer::singleShot(100, &window, next); });
    QObject::connect(workbench.trainingJob(), &Job::failed, &window,
                     [](const QString& message) { fail(message); });
    next();
}

void render(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    if (request.view == QLatin1String("runs")) return renderRuns(window, workbench, request);
    if (request.view == QLatin1String("quality")) return renderQuality(window, workbench, request);
    if (request.view == QLatin1String("search")) return renderSearch(window, workbench, request);
    if (request.view == QLatin1String("outliers"))
        return renderOutliers(window, workbench, request);
    if (request.view == QLatin1String("train-run") ||
        request.view == QLatin1String("cross-validation"))
        return renderTrainView(window, workbench, request);
    if (request.view == QLatin1String("evaluate") || request.view == QLatin1String("explain") ||
        request.view == QLatin1String("structure") || request.view == QLatin1String("compress"))
        return renderTrained(window, workbench, request);
    if (!request.view.isEmpty()) {
        View view = View::Data;
        if (!viewFromName(request.view, &view))
            return fail(QStringLiteral(
                            "unknown view '%1' (data, quality, outliers, train, train-run, "
                            "cross-validation, search, evaluate, explain, structure, compress)")
                            .arg(request.view));
        window.showView(view);
        if (window.currentView() != view)
            return fail(QStringLiteral("the %1 view is not available yet").arg(request.view));
        if (view == View::Train)
            QTimer::singleShot(kSettleMs / 2, &window,
                               [&workbench] { revealImbalance(workbench); });
    }
    grabLater(window, request);
}

/// Opens `request.project` without asking anything (a missing dataset is reported, not located).
void openProject(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    ProjectController* project = workbench.projectController();
    ProjectDialogs dialogs = project->dialogs();
    dialogs.locateDataset = [](const QString&) { return QString(); };
    dialogs.askToSave = [](const QString&) { return SaveAnswer::Discard; };
    project->setDialogs(dialogs);
    QObject::connect(project, &ProjectController::openFailed, &window,
                     [](const QString& message) { fail(message); });
    QObject::connect(
        project, &ProjectController::projectOpened, &window, [&window, &workbench, request] {
            if (window.banner()->isVisible())
                std::fprintf(stderr, "loupe: %s\n", qPrintable(window.banner()->text()));
            render(window, workbench, request);
        });
    project->openProject(request.project);
}

}  // namespace

void scheduleScreenshot(MainWindow& window, Workbench& workbench,
                        const ScreenshotRequest& request) {
    QTimer::singleShot(kGiveUpMs, &window,
                       [] { fail(QStringLiteral("timed out before the view was ready")); });
    if (!request.project.isEmpty()) {
        QTimer::singleShot(0, &window, [&window, &workbench, request] {
            openProject(window, workbench, request);
        });
        return;
    }
    if (request.open.isEmpty()) {
        QTimer::singleShot(0, &window,
                           [&window, &workbench, request] { render(window, workbench, request); });
        return;
    }
    QObject::connect(&window, &MainWindow::openFailed, &window,
                     [](const QString& message) { fail(message); });
    QObject::connect(&window, &MainWindow::datasetOpened, &window, [&window, &workbench, request] {
        if (!request.target.isEmpty() && window.table() &&
            window.table()->columnIndex(request.target.toStdString()) < 0)
            return fail(
                QStringLiteral("%1: no column named '%2'").arg(request.open, request.target));
        render(window, workbench, request);
    });
    window.openFile(request.open, request.target);
}

}  // namespace loupe::gui
