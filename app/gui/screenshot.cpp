#include "app/gui/screenshot.h"

#include <QCoreApplication>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

#include "app/gui/main_window.h"

namespace loupe::gui {
namespace {

constexpr int kSettleMs = 300;            // lets layouts and the first paint settle
constexpr int kGiveUpMs = 5 * 60 * 1000;  // a dataset read that never ends must not hang a script

void fail(const QString& message) {
    std::fprintf(stderr, "loupe: %s\n", qPrintable(message));
    QCoreApplication::exit(2);
}

void render(MainWindow& window, const ScreenshotRequest& request) {
    static const std::pair<const char*, View> kViews[] = {
        {"data", View::Data}, {"train", View::Train}, {"evaluate", View::Evaluate}};
    if (!request.view.isEmpty()) {
        bool found = false;
        for (const auto& [name, view] : kViews) {
            if (request.view != QLatin1String(name)) continue;
            window.showView(view);
            found = true;
        }
        if (!found)
            return fail(
                QStringLiteral("unknown view '%1' (data, train, evaluate)").arg(request.view));
    }
    QTimer::singleShot(kSettleMs, &window, [&window, request] {
        if (!window.grab().save(request.output, "PNG"))
            return fail(QStringLiteral("%1: cannot write the screenshot").arg(request.output));
        std::printf("wrote %s\n", qPrintable(request.output));
        QCoreApplication::exit(0);
    });
}

}  // namespace

void scheduleScreenshot(MainWindow& window, const ScreenshotRequest& request) {
    QTimer::singleShot(kGiveUpMs, &window,
                       [] { fail(QStringLiteral("timed out reading the dataset")); });
    if (request.open.isEmpty()) {
        QTimer::singleShot(0, &window, [&window, request] { render(window, request); });
        return;
    }
    QObject::connect(&window, &MainWindow::openFailed, &window,
                     [](const QString& message) { fail(message); });
    QObject::connect(&window, &MainWindow::datasetOpened, &window, [&window, request] {
        if (!request.target.isEmpty() && window.table() &&
            window.table()->columnIndex(request.target.toStdString()) < 0)
            return fail(
                QStringLiteral("%1: no column named '%2'").arg(request.open, request.target));
        render(window, request);
    });
    window.openFile(request.open, request.target);
}

}  // namespace loupe::gui
