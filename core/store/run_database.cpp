#include "core/store/run_database.h"

#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/store/process_identity.h"
#include "core/store/sqlite_handle.h"

namespace loupe::store {

namespace {

constexpr int kSchemaVersion = 1;

double now() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

RunDatabase::RunDatabase(const std::filesystem::path& path)
    : m_path(path), m_owner(currentProcessIdentity()) {
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    m_db = std::make_unique<Connection>(path.string());
    try {
        // WAL: a reader (the Runs view) never waits for a writer (a run recording its epochs),
        // and a killed writer leaves the last committed state. NORMAL sync under WAL can lose the
        // last commits on power loss, never consistency.
        m_db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        createSchema();
        markInterrupted();
    } catch (const Error& e) {
        throw InputError(std::string("not a usable run database: ") + e.what(), path.string());
    }
}

RunDatabase::~RunDatabase() = default;

std::filesystem::path RunDatabase::pathFor(const std::filesystem::path& project) {
    // Beside the project's run folders: "cancer.loupe" keeps both in "cancer.runs/".
    std::filesystem::path folder = project.parent_path() / project.stem();
    folder += ".runs";
    return folder / "runs.sqlite";
}

void RunDatabase::createSchema() {
    Transaction tx(*m_db);
    m_db->exec(R"(
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
            started_at REAL NOT NULL, finished_at REAL,
            config TEXT NOT NULL, dataset TEXT NOT NULL, dataset_fingerprint TEXT NOT NULL,
            seed INTEGER NOT NULL, device TEXT NOT NULL, folder TEXT NOT NULL,
            notes TEXT NOT NULL, tags TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
            parent INTEGER, error TEXT NOT NULL, owner TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS runs_status ON runs(status);
        CREATE TABLE IF NOT EXISTS metrics(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            name TEXT NOT NULL, value REAL, PRIMARY KEY(run_id, name)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS metrics_name ON metrics(name, value);
        CREATE TABLE IF NOT EXISTS epochs(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL, train_loss REAL, val_loss REAL, val_metric REAL,
            learning_rate REAL, seconds REAL, PRIMARY KEY(run_id, epoch)) WITHOUT ROWID;
    )");
    Statement version(*m_db, "SELECT value FROM meta WHERE key = 'schema_version'");
    if (version.step()) {
        const int found = std::stoi(version.text(0));
        if (found > kSchemaVersion)
            throw Error("written by a newer Loupe (run database version " +
                        std::to_string(found) + ", this one reads up to " +
                        std::to_string(kSchemaVersion) + ")");
    } else {
        Statement(*m_db, "INSERT INTO meta(key, value) VALUES('schema_version', ?)")
            .bind(1, std::string_view(std::to_string(kSchemaVersion)))
            .run();
    }
    tx.commit();
}

void RunDatabase::markInterrupted() {
    Transaction tx(*m_db);
    std::vector<int64_t> dead;
    {
        Statement running(*m_db, "SELECT id, owner FROM runs WHERE status = 'running'");
        while (running.step())
            if (!processIsAlive(running.text(1))) dead.push_back(running.integer(0));
    }
    // The run ended somewhere after its last recorded epoch: that is the best end time known.
    Statement mark(*m_db,
                   "UPDATE runs SET status = 'interrupted', finished_at = started_at + "
                   "COALESCE((SELECT MAX(seconds) FROM epochs WHERE run_id = runs.id), 0), "
                   "error = 'the process running it ended without finishing it' WHERE id = ?");
    for (const int64_t id : dead) mark.bind(1, id).run();
    tx.commit();
    m_interruptedOnOpen = static_cast<int64_t>(dead.size());
}

int64_t RunDatabase::begin(RunRecord run) {
    run.status = RunStatus::Running;
    run.finishedAt.reset();
    if (run.startedAt == 0.0) run.startedAt = now();
    return record(std::move(run), {});
}

int64_t RunDatabase::record(RunRecord run, std::span<const EpochRow> epochs) {
    Transaction tx(*m_db);
    Statement insert(*m_db,
                     "INSERT INTO runs(kind, name, status, started_at, finished_at, config, dataset,"
                     " dataset_fingerprint, seed, device, folder, notes, tags, archived, parent,"
                     " error, owner) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    insert.bind(1, run.kind)
        .bind(2, run.name)
        .bind(3, toString(run.status))
        .bind(4, run.startedAt == 0.0 ? now() : run.startedAt)
        .bindOptional(5, run.finishedAt)
        .bind(6, run.config.dump())
        .bind(7, run.datasetPath)
        .bind(8, run.datasetFingerprint)
        .bind(9, static_cast<int64_t>(run.seed))
        .bind(10, run.device)
        .bind(11, run.folder)
        .bind(12, run.notes)
        .bind(13, nlohmann::json(run.tags).dump())
        .bind(14, int64_t{run.archived})
        .bind(16, run.error)
        .bind(17, m_owner);
    if (run.parent != 0) insert.bind(15, run.parent);
    insert.run();
    const int64_t id = m_db->lastInsertId();
    if (run.name.empty())
        Statement(*m_db, "UPDATE runs SET name = ? WHERE id = ?")
            .bind(1, run.kind + " " + std::to_string(id))
            .bind(2, id)
            .run();
    writeMetrics(id, run.metrics);
    tx.commit();
    if (!epochs.empty()) appendEpochs(id, epochs);
    return id;
}

void RunDatabase::appendEpochs(int64_t id, std::span<const EpochRow> epochs) {
    Transaction tx(*m_db);
    requireRun(id);
    Statement insert(*m_db,
                     "INSERT OR REPLACE INTO epochs(run_id, epoch, train_loss, val_loss, "
                     "val_metric, learning_rate, seconds) VALUES(?,?,?,?,?,?,?)");
    for (const EpochRow& e : epochs)
        insert.bind(1, id)
            .bind(2, e.epoch)
            .bind(3, e.trainLoss)
            .bind(4, e.valLoss)
            .bind(5, e.valMetric)
            .bind(6, e.learningRate)
            .bind(7, e.seconds)
            .run();
    tx.commit();
}

void RunDatabase::finish(int64_t id, RunStatus status, const std::map<std::string, double>& metrics,
                         const std::string& folder, const std::string& error) {
    Transaction tx(*m_db);
    requireRun(id);
    Statement update(*m_db,
                     "UPDATE runs SET status = ?, finished_at = ?, error = ?,"
                     " folder = CASE WHEN ? = '' THEN folder ELSE ? END WHERE id = ?");
    update.bind(1, toString(status)).bind(2, now()).bind(3, error).bind(4, folder).bind(5, folder);
    update.bind(6, id).run();
    Statement(*m_db, "DELETE FROM metrics WHERE run_id = ?").bind(1, id).run();
    writeMetrics(id, metrics);
    tx.commit();
}

void RunDatabase::writeMetrics(int64_t id, const std::map<std::string, double>& metrics) {
    Statement insert(*m_db, "INSERT OR REPLACE INTO metrics(run_id, name, value) VALUES(?,?,?)");
    for (const auto& [name, value] : metrics) insert.bind(1, id).bind(2, name).bind(3, value).run();
}

void RunDatabase::requireRun(int64_t id) {
    Statement exists(*m_db, "SELECT 1 FROM runs WHERE id = ?");
    if (!exists.bind(1, id).step())
        throw InputError("no run " + std::to_string(id) + " in the run database", m_path.string());
}

void RunDatabase::setName(int64_t id, const std::string& name) {
    Statement(*m_db, "UPDATE runs SET name = ? WHERE id = ?").bind(1, name).bind(2, id).run();
}

void RunDatabase::setNotes(int64_t id, const std::string& notes) {
    Statement(*m_db, "UPDATE runs SET notes = ? WHERE id = ?").bind(1, notes).bind(2, id).run();
}

void RunDatabase::setTags(int64_t id, const std::vector<std::string>& tags) {
    Statement(*m_db, "UPDATE runs SET tags = ? WHERE id = ?")
        .bind(1, nlohmann::json(tags).dump())
        .bind(2, id)
        .run();
}

void RunDatabase::setArchived(std::span<const int64_t> ids, bool archived) {
    Transaction tx(*m_db);
    Statement update(*m_db, "UPDATE runs SET archived = ? WHERE id = ?");
    for (const int64_t id : ids) update.bind(1, int64_t{archived}).bind(2, id).run();
    tx.commit();
}

void RunDatabase::remove(std::span<const int64_t> ids) {
    Transaction tx(*m_db);
    Statement erase(*m_db, "DELETE FROM runs WHERE id = ?");
    for (const int64_t id : ids) erase.bind(1, id).run();
    tx.commit();
}

std::vector<EpochRow> RunDatabase::epochs(int64_t id) {
    Statement rows(*m_db,
                   "SELECT epoch, train_loss, val_loss, val_metric, learning_rate, seconds "
                   "FROM epochs WHERE run_id = ? ORDER BY epoch");
    rows.bind(1, id);
    std::vector<EpochRow> out;
    while (rows.step())
        out.push_back({rows.integer(0), rows.real(1), rows.real(2), rows.real(3), rows.real(4),
                       rows.real(5)});
    return out;
}

int64_t RunDatabase::count() {
    Statement rows(*m_db, "SELECT COUNT(*) FROM runs");
    rows.step();
    return rows.integer(0);
}

std::vector<std::string> RunDatabase::metricNames() {
    Statement rows(*m_db, "SELECT DISTINCT name FROM metrics ORDER BY name");
    std::vector<std::string> out;
    while (rows.step()) out.push_back(rows.text(0));
    return out;
}

}  // namespace loupe::store
