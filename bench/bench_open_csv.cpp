// bench_open_csv: opening a 1M-row x 20-column CSV (16 numeric, 4 categorical; ~140 MB) in the
// real MainWindow, offscreen. Times, median of 3 opens in fresh windows:
//   load_s         MainWindow::openFile to datasetOpened (read off the UI thread, then shown)
//   first_paint_s  MainWindow::openFile to the end of the table's first paint after that, i.e.
//                  the first rows on screen
//   jump_last_ms   Ctrl+End in the table (the last row made current and scrolled to) to the end
//                  of the repaint that shows it
// Prints one JSON line. Peer: bench/csv_peer.py (pandas.read_csv) on the same file.
// Usage: bench_open_csv [FILE]   (default: generated into a temporary folder; a FILE that does not
// exist is generated there)

#include <QAbstractItemView>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "app/gui/main_window.h"
#include "bench/bench_data.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/row_proxy_model.h"

namespace {

using loupe::gui::MainWindow;

/// Notes when paints of a widget end: the time of the first paint that began once armed.
class PaintWatch : public QObject {
public:
    explicit PaintWatch(QWidget* widget) { widget->installEventFilter(this); }
    /// Waits for the next paint to begin, from now on.
    void arm() {
        m_armed = true;
        m_ended = false;
    }
    bool ended() const { return m_ended; }

protected:
    bool eventFilter(QObject*, QEvent* event) override {
        if (event->type() == QEvent::Paint && m_armed) {
            m_armed = false;
            // A zero timer runs once this paint event has been handled: the end of the paint.
            QTimer::singleShot(0, this, [this] { m_ended = true; });
        }
        return false;
    }

private:
    bool m_armed = false;
    bool m_ended = false;
};

bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

struct Run {
    double loadS = 0, firstPaintS = 0, jumpMs = 0;
    int rows = 0, columns = 0;
};

bool openOnce(const QString& path, Run& run) {
    MainWindow window;
    window.resize(1280, 820);
    window.show();
    if (!waitUntil([&] { return window.isVisible(); }, 5000)) return false;
    QCoreApplication::processEvents();
    QTableView* view = window.dataBrowser()->view();
    PaintWatch paints(view->viewport());
    bool opened = false;
    QObject::connect(&window, &MainWindow::datasetOpened, [&] {
        opened = true;
        paints.arm();  // the first paint after the table is shown
    });
    QElapsedTimer clock;
    clock.start();
    window.openFile(path);
    if (!waitUntil([&] { return opened; }, 120'000)) return false;
    run.loadS = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    if (!waitUntil([&] { return paints.ended(); }, 30'000)) return false;
    run.firstPaintS = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    run.rows = window.dataBrowser()->rows()->rowCount();
    run.columns = window.dataBrowser()->rows()->columnCount();
    if (view->rowAt(1) != 0) {
        std::fprintf(stderr, "bench_open_csv: the first paint does not show row 0\n");
        return false;
    }

    // Ctrl+End: the last row becomes current and is scrolled into view.
    view->setFocus();
    view->setCurrentIndex(view->model()->index(0, 0));
    QCoreApplication::processEvents();
    paints.arm();
    clock.restart();
    QKeyEvent press(QEvent::KeyPress, Qt::Key_End, Qt::ControlModifier);
    QApplication::sendEvent(view, &press);
    if (!waitUntil([&] { return paints.ended(); }, 30'000)) return false;
    run.jumpMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    if (view->currentIndex().row() != run.rows - 1 ||
        view->rowAt(view->viewport()->height() - 2) != run.rows - 1) {
        std::fprintf(stderr, "bench_open_csv: Ctrl+End did not show the last row\n");
        return false;
    }
    return true;
}

/// The 1-minute load average as /proc/loadavg has it (how busy the machine was), or "null".
std::string loadAverage() {
    std::FILE* file = std::fopen("/proc/loadavg", "r");
    double load = 0.0;
    const bool ok = file && std::fscanf(file, "%lf", &load) == 1;
    if (file) std::fclose(file);
    return ok ? std::to_string(load).substr(0, 4) : "null";
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("LoupeBench");
    QCoreApplication::setApplicationName("bench_open_csv");
    if (argc > 2) {
        std::fprintf(stderr, "usage: bench_open_csv [FILE]\n");
        return 2;
    }
    QTemporaryDir temp;
    const QString path = argc == 2 ? QString::fromLocal8Bit(argv[1]) : temp.filePath("mixed.csv");
    try {
        loupe::bench::writeMixedCsv(path.toStdString(), 1'000'000);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_open_csv: %s\n", e.what());
        return 1;
    }
    const std::string machineLoad = loadAverage();
    std::vector<double> load, paint, jump;
    Run run;
    for (int i = 0; i < 3; ++i) {
        if (!openOnce(path, run)) {
            std::fprintf(stderr, "bench_open_csv: opening %s failed or timed out\n",
                         qPrintable(path));
            return 1;
        }
        load.push_back(run.loadS);
        paint.push_back(run.firstPaintS);
        jump.push_back(run.jumpMs);
        std::fprintf(stderr, "run %d: loaded %.3f s, first paint %.3f s, jump %.1f ms\n", i + 1,
                     run.loadS, run.firstPaintS, run.jumpMs);
    }
    std::printf(
        "{\"tool\": \"loupe open csv\", \"load_average\": %s, \"file\": \"%s\", \"bytes\": "
        "%lld, \"rows\": %d, \"columns\": %d, \"load_s\": %.3f, \"first_paint_s\": %.3f, "
        "\"jump_last_ms\": %.1f}\n",
        machineLoad.c_str(), qPrintable(path), static_cast<long long>(QFileInfo(path).size()),
        run.rows, run.columns, median(load), median(paint), median(jump));
    return 0;
}
