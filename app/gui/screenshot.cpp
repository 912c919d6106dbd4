#include "app/gui/screenshot.h"

#include <QCoreApplication>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

#include "app/gui/jobs/explain_job.h"
#include "app/gui/jobs/training_job.h"
#include "app/gui/main_window.h"
#include "app/gui/workbench.h"
#include "widgets/explain/explain_panel.h"
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

void render(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request) {
    const bool explain = request.view == QLatin1String("explain");
    if (request.view == QLatin1String("evaluate") || explain) {
        // The Evaluate view shows a trained model: train one with the Train view's settings.
        // The Explain view then explains it with the Explain view's settings.
        if (!window.table())
            return fail(QStringLiteral("--view %1 needs --open and --target").arg(request.view));
        if (explain) {
            QObject::connect(&workbench, &Workbench::evaluationShown, &window,
                             [&window, &workbench] {
                                 window.showView(View::Explain);
                                 workbench.explainPanel()->run();
                             });
            QObject::connect(&workbench, &Workbench::explanationShown, &window,
                             [&window, request] { grabLater(window, request); });
            QObject::connect(workbench.explainJob(), &Job::failed, &window,
                             [](const QString& message) { fail(message); });
        } else {
            QObject::connect(&workbench, &Workbench::evaluationShown, &window,
                             [&window, request] { grabLater(window, request); });
        }
        QObject::connect(workbench.trainingJob(), &Job::failed, &window,
                         [](const QString& message) { fail(message); });
        workbench.trainingPanel()->start();
        if (workbench.trainingPanel()->runState() == widgets::TrainingPanel::RunState::Idle)
            return fail(QStringLiteral("--view %1 needs a target column (--target)")
                            .arg(request.view));
        return;
    }
    static const std::pair<const char*, View> kViews[] = {
        {"data", View::Data}, {"train", View::Train}, {"evaluate", View::Evaluate},
        {"explain", View::Explain}};
    if (!request.view.isEmpty()) {
        bool found = false;
        for (const auto& [name, view] : kViews) {
            if (request.view != QLatin1String(name)) continue;
            window.showView(view);
            found = true;
        }
        if (!found)
            return fail(QStringLiteral("unknown view '%1' (data, train, evaluate, explain)")
                            .arg(request.view));
    }
    grabLater(window, request);
}

}  // namespace

void scheduleScreenshot(MainWindow& window, Workbench& workbench,
                        const ScreenshotRequest& request) {
    QTimer::singleShot(kGiveUpMs, &window,
                       [] { fail(QStringLiteral("timed out before the view was ready")); });
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
