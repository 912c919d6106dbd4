// bench_runs_view: the Runs view over a project with 10,000 runs (realistic training configs, 15
// metrics and 50 epochs each), in the real MainWindow + Workbench, offscreen.
//   open    a click on "Runs" in the navigation strip until the table's first rows are painted
//   filter  typing a filter into the Runs view, one key every 100 ms: per keystroke the time the
//           UI thread spends handling the key (the query itself runs on the recorder's worker),
//           the lateness of a 10 ms probe timer meanwhile, and each keystroke's query until its
//           rows are shown (the newest answer wins; overtaken ones are counted)
//   sort    a click on the Test accuracy header until the re-sorted rows are shown
// Prints one JSON line. Usage: bench_runs_view [--runs N] [--data DIR] (DIR keeps the database
// between runs; default: a temporary folder)

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/gui/main_window.h"
#include "app/gui/navigation_strip.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "core/store/run_database.h"
#include "widgets/runs/runs_panel.h"
#include "widgets/runs/runs_table_model.h"

namespace {

using loupe::gui::View;

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void fill(const std::string& path, int runs) {
    loupe::store::RunDatabase db(path);
    if (db.count() >= runs) return;
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const char* optimizers[] = {"adam", "adamw", "sgd"};
    const char* datasets[] = {"/data/breast_cancer.csv", "/data/credit.csv", "/data/churn.csv"};
    for (int i = static_cast<int>(db.count()); i < runs; ++i) {
        loupe::store::RunRecord run;
        run.kind = i % 10 == 0 ? "trial" : "train";
        run.name = "mlp " + std::to_string(i + 1);
        run.status =
            i % 17 == 0 ? loupe::store::RunStatus::Failed : loupe::store::RunStatus::Finished;
        run.startedAt = 1.7e9 + i * 90.0;
        run.finishedAt = run.startedAt + 20 + 100 * u(rng);
        run.seed = static_cast<uint64_t>(i % 5);
        run.device = "cpu";
        run.datasetPath = datasets[i % 3];
        run.datasetFingerprint = "xxh3:" + std::to_string(1000000000000000 + i % 3);
        run.config = {{"learning_rate", std::pow(10.0, -4 + 3 * u(rng))},
                      {"batch_size", 32 << (i % 4)},
                      {"epochs", 50},
                      {"l2", 1e-4 * (i % 5)},
                      {"dropout", 0.1 * (i % 4)},
                      {"hidden", {64, 32}},
                      {"optimizer", optimizers[i % 3]},
                      {"data", run.datasetPath},
                      {"target", "label"}};
        for (const char* split : {"train", "val", "test"})
            for (const char* m : {"accuracy", "roc_auc", "f1", "precision", "recall"})
                run.metrics[std::string(split) + "." + m] = 0.7 + 0.3 * u(rng);
        std::vector<loupe::store::EpochRow> epochs;
        for (int e = 1; e <= 50; ++e)
            epochs.push_back(
                {e, 1.0 / e + 0.05 * u(rng), 1.1 / e + 0.05 * u(rng), 0.8, 1e-3, e * 0.4});
        db.record(run, epochs);
    }
}

/// Calls `until` every ms (events processed) until it holds; ms taken.
template <class F>
double waitFor(F until, QElapsedTimer& clock) {
    while (!until()) QTest::qWait(1);
    return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

/// CPU time of the calling thread in ms.
double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

/// The 1-minute load average (how busy the machine was).
double loadAverage() {
    std::FILE* file = std::fopen("/proc/loadavg", "r");
    double load = -1.0;
    if (file && std::fscanf(file, "%lf", &load) != 1) load = -1.0;
    if (file) std::fclose(file);
    return load;
}

/// Counts paints of a widget.
class PaintCounter : public QObject {
public:
    int paints = 0;
    bool eventFilter(QObject*, QEvent* e) override {
        if (e->type() == QEvent::Paint) ++paints;
        return false;
    }
};

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    int runs = 10000;
    QString dataDir;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (QString(argv[i]) == "--runs") runs = std::atoi(argv[i + 1]);
        if (QString(argv[i]) == "--data") dataDir = argv[i + 1];
    }
    QTemporaryDir temporary;
    if (dataDir.isEmpty()) dataDir = temporary.path();
    const QString project = QDir(dataDir).filePath("bench.loupe");

    QElapsedTimer fillClock;
    fillClock.start();
    fill(loupe::store::RunDatabase::pathFor(project.toStdString()).string(), runs);
    const double fillSeconds = static_cast<double>(fillClock.elapsed()) / 1e3;

    loupe::gui::MainWindow window;
    loupe::gui::Workbench workbench(&window);
    window.resize(1400, 900);
    window.show();
    // Saving the empty project makes its database the one the window records into.
    if (!workbench.projectController()->saveTo(project)) return 1;
    loupe::widgets::RunsPanel* panel = workbench.runsPanel();
    QTest::qWait(200);

    // open
    PaintCounter counter;
    panel->table()->viewport()->installEventFilter(&counter);
    QElapsedTimer clock;
    clock.start();
    window.navigation()->button(View::Runs)->click();
    waitFor([&] { return panel->model()->rowCount() > 0; }, clock);
    const int paintsBefore = counter.paints;
    const double openMs = waitFor([&] { return counter.paints > paintsBefore; }, clock);
    // The second query (only the shown metrics) settles.
    QTest::qWait(500);

    // filter: one key every 100 ms, a 10 ms probe timer meanwhile.
    std::vector<double> keyMs, lateness, answerMs;
    QElapsedTimer probeClock;
    probeClock.start();
    qint64 lastTick = probeClock.nsecsElapsed();
    QTimer probe;
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = probeClock.nsecsElapsed();
        lateness.push_back(std::max(0.0, static_cast<double>(now - lastTick) / 1e6 - 10.0));
        lastTick = now;
    });
    const QString typed = QStringLiteral("mlp 12");
    int answers = 0;
    QElapsedTimer keyClock;
    QObject::connect(panel->model(), &QAbstractItemModel::modelReset, [&] {
        ++answers;
        answerMs.push_back(static_cast<double>(keyClock.nsecsElapsed()) / 1e6);
    });
    // Where the UI thread's time went while typing: its own CPU time (handling keys, showing
    // each answer) apart from lateness, which also counts the worker and other processes taking
    // the machine's cores.
    std::vector<double> answerUiMs;
    double answerStart = 0.0;
    QObject::connect(panel->model(), &QAbstractItemModel::modelAboutToBeReset,
                     [&] { answerStart = threadCpuMs(); });
    QObject::connect(panel->model(), &QAbstractItemModel::modelReset, [&] {
        QTimer::singleShot(
            0, [&, start = answerStart] { answerUiMs.push_back(threadCpuMs() - start); });
    });
    const double cpuBefore = threadCpuMs();
    probe.start();
    for (const QChar c : typed) {
        keyClock.start();
        QElapsedTimer one;
        one.start();
        QTest::keyClick(panel->filterEdit(), c.toLatin1());
        keyMs.push_back(static_cast<double>(one.nsecsElapsed()) / 1e6);
        QTest::qWait(100);
    }
    clock.restart();
    waitFor(
        [&] {
            return panel->model()->rowCount() > 0 &&
                   panel->model()->run(0).name.find("mlp 12") != std::string::npos;
        },
        clock);
    QTest::qWait(300);
    probe.stop();
    const double typingCpuMs = threadCpuMs() - cpuBefore;
    const int filtered = panel->model()->rowCount();

    // sort by test accuracy
    panel->filterEdit()->clear();
    QTest::qWait(500);
    const int column = panel->model()->columnOf("metric:test.accuracy");
    QHeaderView* header = panel->table()->horizontalHeader();
    const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
    const int resetsBefore = answers;
    clock.restart();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    const double sortMs = waitFor([&] { return answers > resetsBefore; }, clock);

    std::printf(
        "{\"bench\": \"runs_view\", \"runs\": %d, \"fill_s\": %.1f, \"open_to_first_paint_ms\": "
        "%.1f, \"keystrokes\": %zu, \"key_ui_ms_p50\": %.2f, \"key_ui_ms_max\": %.2f, "
        "\"probe_lateness_ms_p50\": %.2f, \"probe_lateness_ms_p99\": %.2f, "
        "\"probe_lateness_ms_max\": %.2f, \"answer_after_key_ms_p50\": %.1f, "
        "\"answer_after_key_ms_max\": %.1f, \"answers_shown\": %zu, \"filtered_rows\": %d, "
        "\"sort_by_metric_ms\": %.1f, \"answer_ui_cpu_ms_max\": %.1f, "
        "\"typing_ui_cpu_ms\": %.1f, \"load_average\": %.2f}\n",
        runs, fillSeconds, openMs, keyMs.size(), percentile(keyMs, 0.5), percentile(keyMs, 1.0),
        percentile(lateness, 0.5), percentile(lateness, 0.99), percentile(lateness, 1.0),
        percentile(answerMs, 0.5), percentile(answerMs, 1.0), answerMs.size(), filtered, sortMs,
        percentile(answerUiMs, 1.0), typingCpuMs, loadAverage());
    window.close();
    return 0;
}
