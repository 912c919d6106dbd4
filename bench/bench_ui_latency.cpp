// bench_ui_latency: how responsive the workbench's UI thread stays while long work runs.
//
// The real MainWindow + Workbench run offscreen. A 10 ms probe timer records how late each tick
// fires (the gap between ticks minus 10 ms: what a key press or a mouse move would wait), while a
// simulated user acts every 100 ms on the UI thread (scrolls the Data table a page, switches
// views, hovers the training chart), so handlers and repaints are in the measurement.
// Scenarios, in one window:
//   idle      the user acting on a 100k-row dataset, nothing else running (the baseline)
//   training  a 100k-row x 20 classification run started through the Train view, until the
//             Evaluate view shows its result
//   load_1m   opening a 1M-row x 20-column CSV (read off the UI thread), until its first rows
//             are painted and a second more
//   filter_1m typing a numeric filter into the Data view over those 1M rows, keystroke by
//             keystroke, until the last filter's rows are shown
// Prints one JSON line: per scenario p50/p99/max lateness in ms and the number of ticks.
// Usage: bench_ui_latency [--data DIR] [--epochs N]   (DIR keeps the generated CSVs; default: a
// temporary folder)

#include <QAbstractItemView>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMouseEvent>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtCharts/QChartView>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "app/gui/jobs/job.h"
#include "app/gui/jobs/training_job.h"
#include "app/gui/main_window.h"
#include "app/gui/project/project_dialogs.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "bench/bench_data.h"
#include "core/train/trainer.h"
#include "widgets/charts/line_chart.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/row_proxy_model.h"
#include "widgets/train/hyperparameter_form.h"
#include "widgets/train/model_builder.h"
#include "widgets/train/training_charts.h"
#include "widgets/train/training_panel.h"

namespace {

using loupe::gui::MainWindow;
using loupe::gui::View;

constexpr int kProbeMs = 10;
constexpr int kUserMs = 100;

/// The 1-minute load average as /proc/loadavg has it (how busy the machine was), or "null".
std::string loadAverage() {
    std::FILE* file = std::fopen("/proc/loadavg", "r");
    double load = 0.0;
    const bool ok = file && std::fscanf(file, "%lf", &load) == 1;
    if (file) std::fclose(file);
    return ok ? std::to_string(load).substr(0, 4) : "null";
}

/// CPU time of the calling thread in ms.
double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

/// Lateness of a 10 ms timer on the UI thread, plus the longest gaps for diagnosis.
class LatencyProbe {
public:
    LatencyProbe() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kProbeMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double gapMs = static_cast<double>(now - m_last) / 1e6;
            const double cpu = threadCpuMs();
            m_late.push_back(std::max(0.0, gapMs - kProbeMs));
            m_at.push_back(static_cast<double>(m_last) / 1e9);
            m_cpu.push_back(cpu - m_lastCpu);
            m_last = now;
            m_lastCpu = cpu;
        });
    }
    void start() {
        m_late.clear();
        m_at.clear();
        m_cpu.clear();
        m_clock.start();
        m_last = 0;
        m_lastCpu = threadCpuMs();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double seconds() const { return static_cast<double>(m_clock.nsecsElapsed()) / 1e9; }

    /// {"p50_ms", "p99_ms", "max_ms", "samples", "seconds"} and the worst gaps on stderr.
    std::string summary(const char* name) const {
        std::vector<double> sorted = m_late;
        std::sort(sorted.begin(), sorted.end());
        auto at = [&](double q) {
            if (sorted.empty()) return 0.0;
            const auto i = static_cast<size_t>(q * static_cast<double>(sorted.size()) + 0.5);
            return sorted[std::min(sorted.size() - 1, i == 0 ? 0 : i - 1)];
        };
        std::vector<size_t> worst(m_late.size());
        for (size_t i = 0; i < worst.size(); ++i) worst[i] = i;
        std::sort(worst.begin(), worst.end(),
                  [&](size_t a, size_t b) { return m_late[a] > m_late[b]; });
        std::fprintf(stderr, "%-10s worst gaps:", name);
        for (size_t i = 0; i < std::min<size_t>(5, worst.size()); ++i)
            std::fprintf(stderr, " %.0f ms at %.2f s (UI thread on CPU %.0f ms);", m_late[worst[i]],
                         m_at[worst[i]], m_cpu[worst[i]]);
        std::fprintf(stderr, "\n");
        char text[256];
        std::snprintf(text, sizeof text,
                      "{\"p50_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f, \"samples\": %zu, "
                      "\"seconds\": %.2f}",
                      at(0.50), at(0.99), sorted.empty() ? 0.0 : sorted.back(), sorted.size(),
                      seconds());
        return text;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_late;  ///< ms late, per tick
    std::vector<double> m_at;    ///< when the gap began, seconds into the scenario
    std::vector<double> m_cpu;   ///< the UI thread's CPU time in the gap: low means it waited
    double m_lastCpu = 0.0;      ///< for a core (other threads had them), high that it worked
};

/// Runs the event loop until `done` holds (checked every 20 ms) or `timeoutMs` passes.
bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
    QEventLoop loop;
    QTimer poll;
    QElapsedTimer clock;
    clock.start();
    bool ok = done();
    QObject::connect(&poll, &QTimer::timeout, [&] {
        ok = done();
        if (ok || clock.elapsed() > timeoutMs) loop.quit();
    });
    if (!ok) {
        poll.start(20);
        loop.exec();
    }
    return ok;
}

void spin(int ms) {
    QElapsedTimer clock;
    clock.start();
    waitUntil([&] { return clock.elapsed() >= ms; }, ms + 1000);
}

void key(QWidget* target, int code, const QString& text = {},
         Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QKeyEvent press(QEvent::KeyPress, code, modifiers, text);
    QApplication::sendEvent(target, &press);
    QKeyEvent release(QEvent::KeyRelease, code, modifiers, text);
    QApplication::sendEvent(target, &release);
}

/// A user acting every 100 ms: page through the Data table, switch views, hover a chart.
class UserSim {
public:
    UserSim(MainWindow& window, loupe::widgets::TrainingPanel* train) {
        QTableView* table = window.dataBrowser()->view();
        auto* chart = train->charts()->batchChart()->findChild<QChartView*>();  // the plot inside
        m_actions = {
            [&window] { window.showView(View::Data); },
            [table] { table->verticalScrollBar()->triggerAction(QScrollBar::SliderPageStepAdd); },
            [table] { table->verticalScrollBar()->triggerAction(QScrollBar::SliderPageStepAdd); },
            [table] {
                table->horizontalScrollBar()->triggerAction(QScrollBar::SliderSingleStepAdd);
            },
            [&window] { window.showView(View::Train); },
            [this, chart] { hover(chart); },
            [this, chart] { hover(chart); },
            [this, chart] { hover(chart); },
        };
        m_timer.setInterval(kUserMs);
        QObject::connect(&m_timer, &QTimer::timeout,
                         [this] { m_actions[m_next++ % m_actions.size()](); });
    }
    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }

private:
    void hover(QChartView* chart) {
        if (!chart || !chart->isVisible()) return;
        QWidget* viewport = chart->viewport();
        const int x = 20 + static_cast<int>((m_hover += 37) % std::max(1, viewport->width() - 40));
        const QPointF pos(x, viewport->height() / 2);
        QMouseEvent move(QEvent::MouseMove, pos, viewport->mapToGlobal(pos), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &move);
    }

    QTimer m_timer;
    std::vector<std::function<void()>> m_actions;
    size_t m_next = 0;
    size_t m_hover = 0;
};

bool openAndWait(MainWindow& window, const QString& path, const QString& target, int timeoutMs) {
    bool opened = false;
    auto connection = QObject::connect(&window, &MainWindow::datasetOpened, [&] { opened = true; });
    window.openFile(path, target);
    const bool ok = waitUntil([&] { return opened; }, timeoutMs);
    QObject::disconnect(connection);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);  // recent files go to a test config
    QCoreApplication::setOrganizationName("LoupeBench");
    QCoreApplication::setApplicationName("bench_ui_latency");

    QString dataDir;
    int epochs = 40;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == "--data" && i + 1 < args.size())
            dataDir = args[++i];
        else if (args[i] == "--epochs" && i + 1 < args.size())
            epochs = args[++i].toInt();
        else {
            std::fprintf(stderr, "usage: bench_ui_latency [--data DIR] [--epochs N]\n");
            return 2;
        }
    }
    QTemporaryDir temp;
    if (dataDir.isEmpty()) dataDir = temp.path();
    const QString small = dataDir + "/classification_100k_20.csv";
    const QString large = dataDir + "/mixed_1m_20.csv";
    try {
        loupe::bench::writeClassificationCsv(small.toStdString(), 100'000, 20);
        loupe::bench::writeMixedCsv(large.toStdString(), 1'000'000);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_ui_latency: %s\n", e.what());
        return 1;
    }

    MainWindow window;
    loupe::gui::Workbench workbench(&window);
    // Opening the large file replaces the trained, unsaved project: the user discards it rather
    // than answering a dialog.
    auto& dialogs = workbench.projectController()->dialogs();
    dialogs.askToSave = [](const QString&) { return loupe::gui::SaveAnswer::Discard; };
    dialogs.askToRecover = [](const QString&, const QDateTime&) { return false; };
    window.resize(1280, 820);
    window.show();
    auto* panel = workbench.trainingPanel();
    auto* browser = window.dataBrowser();
    if (!openAndWait(window, small, "label", 60'000)) {
        std::fprintf(stderr, "bench_ui_latency: could not open %s\n", qPrintable(small));
        return 1;
    }

    LatencyProbe probe;
    UserSim user(window, panel);
    std::string json = "{\"tool\": \"loupe ui latency\", \"load_average\": " + loadAverage() +
                       ", \"probe_ms\": 10, \"user_action_ms\": 100";
    auto record = [&](const char* name) {
        probe.stop();
        user.stop();
        json += ", \"" + std::string(name) + "\": " + probe.summary(name);
    };

    // idle: the user alone.
    probe.start();
    user.start();
    spin(3000);
    record("idle");

    // training: the Train view's Start with an MLP 20-256-256-2 (ReLU) and the CLI's defaults but
    // the epoch count (Adam, batch 32, no early stopping), so the run lasts some seconds.
    loupe::nn::ModelSpec spec;
    spec.hidden = {256, 256};
    panel->modelBuilder()->setSpec(spec);
    loupe::train::TrainConfig config = panel->hyperparameters()->config();
    config.epochs = epochs;
    panel->hyperparameters()->setConfig(config);
    bool shown = false;
    QObject::connect(&workbench, &loupe::gui::Workbench::evaluationShown, [&] { shown = true; });
    QString failure;
    QObject::connect(workbench.trainingJob(), &loupe::gui::Job::failed,
                     [&](const QString& message) { failure = message; });
    size_t epochsRun = 0;
    double valAccuracy = 0.0;
    QObject::connect(workbench.trainingJob(), &loupe::gui::TrainingJob::finished,
                     [&](std::shared_ptr<const loupe::train::ExperimentResult> result) {
                         epochsRun = result->history.epochs.size();
                         if (epochsRun > 0) valAccuracy = result->history.epochs.back().valMetric;
                     });
    window.showView(View::Train);
    probe.start();
    user.start();
    panel->start();
    if (!waitUntil([&] { return shown || !failure.isEmpty(); }, 600'000) || !shown) {
        std::fprintf(stderr, "bench_ui_latency: training did not finish: %s\n",
                     qPrintable(failure));
        return 1;
    }
    const double trainSeconds = probe.seconds();
    spin(500);
    record("training");

    // load_1m: open the large file; the user keeps acting on the window meanwhile.
    probe.start();
    user.start();
    if (!openAndWait(window, large, {}, 120'000)) {
        std::fprintf(stderr, "bench_ui_latency: could not open %s\n", qPrintable(large));
        return 1;
    }
    const double loadSeconds = probe.seconds();
    spin(1000);
    record("load_1m");

    // filter_1m: type "12.5" a key at a time, 600 ms apart (past the filter box's 250 ms typing
    // delay, so each key starts a search over the million rows), wait for its rows, then clear
    // the box and type "3", as a user narrowing and widening a search does.
    window.showView(View::Data);
    auto* filter = browser->findChild<QLineEdit*>();
    int changes = 0;
    QObject::connect(browser->rows(), &loupe::widgets::RowProxyModel::rowsChanged,
                     [&] { ++changes; });
    probe.start();
    user.start();
    QElapsedTimer typed;
    int before = changes;
    for (const QString& text : QStringList{"1", "2", ".", "5"}) {
        before = changes;
        typed.start();
        key(filter, text[0].unicode(), text);
        spin(600);
    }
    // The rows of "12.5" (a search for "12." may still land after the last key).
    auto* rows = browser->rows();
    waitUntil([&] { return changes > before && rows->filterText() == "12.5" && !rows->busy(); },
              60'000);
    // From the last key to its rows shown: the typing delay, then the search.
    const double filterSeconds = static_cast<double>(typed.nsecsElapsed()) / 1e9;
    const int shownRows = browser->rows()->rowCount();
    spin(300);
    filter->selectAll();
    key(filter, Qt::Key_Backspace);
    spin(600);
    before = changes;
    key(filter, '3', "3");
    waitUntil([&] { return changes > before; }, 60'000);
    spin(500);
    record("filter_1m");

    char tail[512];
    std::snprintf(tail, sizeof tail,
                  ", \"train_rows\": 100000, \"train_epochs\": %zu, \"train_val_accuracy\": "
                  "%.4f, \"train_seconds\": %.2f, \"load_1m_seconds\": %.2f, "
                  "\"filter_12_5_rows\": %d, \"filter_12_5_key_to_rows_s\": %.2f}",
                  epochsRun, valAccuracy, trainSeconds, loadSeconds, shownRows, filterSeconds);
    json += tail;
    std::printf("%s\n", json.c_str());
    return 0;
}
