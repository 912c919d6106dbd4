// The run database: runs, metrics and history round-trip; queries filter and sort; a process
// killed in the middle of a run leaves the file consistent, and the run shows as interrupted
// after a restart with nothing else lost; a newer schema is refused; fingerprints.

#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

#include "core/error.h"
#include "core/store/fingerprint.h"
#include "core/store/run_database.h"
#include "core/store/sqlite_handle.h"

using namespace loupe;
using namespace loupe::store;
namespace fs = std::filesystem;

namespace {

RunRecord trainRun(const std::string& name, double accuracy) {
    RunRecord run;
    run.kind = "train";
    run.name = name;
    run.status = RunStatus::Finished;
    run.startedAt = 1'700'000'000.0;
    run.finishedAt = 1'700'000'012.5;
    run.config = {{"hidden", {64, 32}}, {"learning_rate", 0.001}};
    run.datasetPath = "/data/breast_cancer.csv";
    run.datasetFingerprint = "xxh3:0123456789abcdef";
    run.seed = 7;
    run.device = "cpu";
    run.folder = "/p.runs/run-1";
    run.tags = {"baseline", "mlp"};
    run.metrics = {{"test.accuracy", accuracy}, {"test.roc_auc", 0.99}};
    return run;
}

std::string integrity(const fs::path& path) {
    Connection db(path.string());
    Statement check(db, "PRAGMA integrity_check");
    check.step();
    return check.text(0);
}

}  // namespace

class TestRunDatabase : public QObject {
    Q_OBJECT

private slots:
    void roundTrip() {
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "p.runs" / "runs.sqlite";
        QCOMPARE(RunDatabase::pathFor(fs::path(dir.path().toStdString()) / "p.loupe"), path);
        int64_t id = 0;
        {
            RunDatabase db(path);
            id = db.record(trainRun("first", 0.95),
                           std::vector<EpochRow>{{1, 0.7, 0.6, 0.8, 1e-3, 0.5},
                                                 {2, 0.5, std::nan(""), std::nan(""), 5e-4, 1.0}});
        }
        RunDatabase db(path);
        const auto run = db.run(id);
        QVERIFY(run);
        QCOMPARE(run->name, std::string("first"));
        QVERIFY(run->status == RunStatus::Finished);
        QCOMPARE(run->durationSeconds(), 12.5);
        QCOMPARE(run->config["hidden"][1].get<int>(), 32);
        QCOMPARE(run->tags, (std::vector<std::string>{"baseline", "mlp"}));
        QCOMPARE(run->seed, uint64_t{7});
        QCOMPARE(run->metrics.at("test.accuracy"), 0.95);
        const auto epochs = db.epochs(id);
        QCOMPARE(epochs.size(), size_t{2});
        QCOMPARE(epochs[0].valMetric, 0.8);
        QVERIFY(std::isnan(epochs[1].valLoss));
        QCOMPARE(epochs[1].learningRate, 5e-4);
        QCOMPARE(db.interruptedOnOpen(), int64_t{0});
    }

    void beginAndFinish() {
        QTemporaryDir dir;
        RunDatabase db(fs::path(dir.path().toStdString()) / "runs.sqlite");
        RunRecord run = trainRun("", 0.0);
        run.metrics.clear();
        const int64_t id = db.begin(run);
        QCOMPARE(db.run(id)->name, "train " + std::to_string(id));
        QVERIFY(db.run(id)->status == RunStatus::Running);
        QVERIFY(!db.run(id)->finishedAt);
        const std::vector<EpochRow> first{{1, 0.9, 0.8, 0.7, 1e-3, 0.1}};
        db.appendEpochs(id, first);
        db.finish(id, RunStatus::Cancelled, {{"val.accuracy", 0.7}}, "/elsewhere");
        const auto ended = db.run(id);
        QVERIFY(ended->status == RunStatus::Cancelled);
        QVERIFY(ended->finishedAt);
        QCOMPARE(ended->folder, std::string("/elsewhere"));
        QCOMPARE(ended->metrics.size(), size_t{1});
        QVERIFY_THROWS_EXCEPTION(InputError, db.finish(id + 100, RunStatus::Failed, {}));
    }

    void queries() {
        QTemporaryDir dir;
        RunDatabase db(fs::path(dir.path().toStdString()) / "runs.sqlite");
        const int64_t a = db.record(trainRun("alpha", 0.90), {});
        const int64_t b = db.record(trainRun("beta_1%", 0.97), {});
        RunRecord noMetric = trainRun("gamma", 0.0);
        noMetric.metrics.clear();
        noMetric.kind = "compress";
        noMetric.status = RunStatus::Failed;
        const int64_t c = db.record(noMetric, {});
        QCOMPARE(db.count(), int64_t{3});

        RunQuery byAccuracy;
        byAccuracy.orderBy = "metric:test.accuracy";
        auto rows = db.runs(byAccuracy);
        QCOMPARE(rows.size(), size_t{3});
        QCOMPARE(rows[0].id, b);
        QCOMPARE(rows[1].id, a);
        QCOMPARE(rows[2].id, c);  // no metric: last in either direction
        byAccuracy.descending = false;
        rows = db.runs(byAccuracy);
        QCOMPARE(rows[0].id, a);
        QCOMPARE(rows[2].id, c);

        RunQuery text;
        text.text = "1%";  // LIKE wildcards are matched literally
        rows = db.runs(text);
        QCOMPARE(rows.size(), size_t{1});
        QCOMPARE(rows[0].id, b);
        text.text = "BASELINE";  // tags, case-insensitive
        QCOMPARE(db.runs(text).size(), size_t{3});

        RunQuery failed;
        failed.status = RunStatus::Failed;
        QCOMPARE(db.runs(failed).size(), size_t{1});
        RunQuery compress;
        compress.kind = "compress";
        QCOMPARE(db.runs(compress).at(0).id, c);

        const std::vector<int64_t> archive{a};
        db.setArchived(archive, true);
        QCOMPARE(db.runs().size(), size_t{2});
        RunQuery all;
        all.includeArchived = true;
        all.metrics = {"test.roc_auc"};
        rows = db.runs(all);
        QCOMPARE(rows.size(), size_t{3});
        QCOMPARE(rows[0].metrics.size(), size_t{0});  // c has none
        QCOMPARE(rows[1].metrics.size(), size_t{1});  // only the metric asked for

        db.setNotes(b, "kept, \"best\"");
        db.setTags(b, {"final"});
        all.metrics.clear();
        const std::string csv = runsCsv(db.runs(all), {"test.accuracy"});
        QVERIFY(csv.starts_with("id,name,kind,status,started_at,duration_s,seed,device,dataset,"
                                "tags,notes,test.accuracy\n"));
        QVERIFY(csv.find(",final,\"kept, \"\"best\"\"\",0.97\n") != std::string::npos);
        QVERIFY(csv.find("2023-11-14T22:13:20Z") != std::string::npos);

        const std::vector<int64_t> gone{a, c};
        db.remove(gone);
        QCOMPARE(db.count(), int64_t{1});
        QVERIFY(db.epochs(a).empty());
        QVERIFY_THROWS_EXCEPTION(InputError, [&] {
            RunQuery bad;
            bad.orderBy = "colour";
            db.runs(bad);
        }());
    }

    // Done-when 1 of the experiments issue: a child process records a run epoch by epoch and is
    // killed with SIGKILL mid-run; after a "restart" (reopening), the run is interrupted, its
    // epochs up to the kill are there, the finished run beside it is intact, and SQLite's
    // integrity check passes.
    void killedMidRunLeavesStoreConsistent() {
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "runs.sqlite";
        int64_t finished = 0;
        {
            RunDatabase db(path);
            finished = db.record(trainRun("done", 0.93), {{{1, 0.5, 0.4, 0.9, 1e-3, 1.0}}});
        }
        int ready[2];
        QCOMPARE(pipe(ready), 0);
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            close(ready[0]);
            try {
                RunDatabase db(path);
                RunRecord run = trainRun("killed", 0.0);
                run.metrics.clear();
                const int64_t id = db.begin(run);
                for (int64_t epoch = 1;; ++epoch) {
                    const std::vector<EpochRow> row{{epoch, 1.0 / epoch, 1.0, 0.5, 1e-3,
                                                     0.01 * epoch}};
                    db.appendEpochs(id, row);
                    if (epoch == 20) {
                        const char byte = 1;
                        (void)!write(ready[1], &byte, 1);
                    }
                }
            } catch (...) {
            }
            _exit(3);
        }
        close(ready[1]);
        char byte = 0;
        QCOMPARE(read(ready[0], &byte, 1), ssize_t{1});
        close(ready[0]);
        kill(child, SIGKILL);
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY(WIFSIGNALED(status));

        QCOMPARE(integrity(path), std::string("ok"));
        RunDatabase db(path);
        QCOMPARE(db.interruptedOnOpen(), int64_t{1});
        QCOMPARE(db.count(), int64_t{2});
        RunQuery interrupted;
        interrupted.status = RunStatus::Interrupted;
        const auto rows = db.runs(interrupted);
        QCOMPARE(rows.size(), size_t{1});
        QCOMPARE(rows[0].name, std::string("killed"));
        QVERIFY(rows[0].finishedAt);
        QVERIFY(db.epochs(rows[0].id).size() >= 20);
        const auto done = db.run(finished);
        QVERIFY(done->status == RunStatus::Finished);
        QCOMPARE(done->metrics.at("test.accuracy"), 0.93);
        QCOMPARE(db.epochs(finished).size(), size_t{1});
        // A second opening finds nothing more to mark.
        RunDatabase again(path);
        QCOMPARE(again.interruptedOnOpen(), int64_t{0});
    }

    void runningRunOfALiveProcessStaysRunning() {
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "runs.sqlite";
        RunDatabase writer(path);
        const int64_t id = writer.begin(trainRun("live", 0.0));
        RunDatabase reader(path);  // this process is alive: its run is not interrupted
        QCOMPARE(reader.interruptedOnOpen(), int64_t{0});
        QVERIFY(reader.run(id)->status == RunStatus::Running);
    }

    void refusesNewerSchemaAndGarbage() {
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "runs.sqlite";
        { RunDatabase db(path); }
        {
            Connection raw(path.string());
            raw.exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        }
        try {
            RunDatabase db(path);
            QFAIL("a newer schema was accepted");
        } catch (const InputError& e) {
            QVERIFY(std::string(e.what()).find("newer Loupe") != std::string::npos);
            QCOMPARE(e.file(), path.string());
        }
        const fs::path garbage = fs::path(dir.path().toStdString()) / "garbage.sqlite";
        std::ofstream(garbage) << "this is not a database, just text long enough to be read";
        QVERIFY_THROWS_EXCEPTION(InputError, RunDatabase{garbage});
    }

    void fingerprints() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "d.csv";
        std::string bytes(3 << 20, 'x');  // spans several 1 MiB reads
        bytes[12345] = 'y';
        std::ofstream(file, std::ios::binary) << bytes;
        const std::string whole = fingerprintFile(file);
        QVERIFY(whole.starts_with("xxh3:"));
        QCOMPARE(whole.size(), size_t{21});
        QCOMPARE(whole, fingerprintBytes(bytes));
        bytes[12345] = 'z';
        QVERIFY(fingerprintBytes(bytes) != whole);
        QVERIFY_THROWS_EXCEPTION(InputError, fingerprintFile(file.string() + ".missing"));
    }
};

QTEST_GUILESS_MAIN(TestRunDatabase)
#include "test_run_database.moc"
