#pragma once
// The run history of a project: one SQLite file (WAL journal) holding every training,
// compression and explanation run — config, dataset fingerprint, seed, device, status, metrics per
// split, per-epoch history, artifact folder, notes and tags.
//
// Every change is one transaction, so a process killed at any moment leaves the file as it was
// after the last finished change. A run whose process ended without finishing it (a crash, a
// kill) is marked interrupted the next time the database is opened: runs remember which process
// owns them (process_identity.h).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/store/run_record.h"

namespace loupe::store {

class Connection;
class Statement;

/// Which runs runs() returns, and in what order.
struct RunQuery {
    /// Case-insensitive substring of the name, kind, notes, tags, dataset, device or config.
    std::string text;
    std::optional<RunStatus> status;
    std::string kind;              ///< empty: every kind
    bool includeArchived = false;
    /// A column ("id", "name", "kind", "status", "started_at", "duration", "seed", "device") or
    /// "metric:<split>.<name>" (runs without that metric sort last).
    std::string orderBy = "id";
    bool descending = true;
    int64_t limit = -1;  ///< -1: all
    /// The metrics to load with each run; empty: all of them.
    std::vector<std::string> metrics;
};

class RunDatabase {
public:
    /// Opens (creating when missing) the database at `path` and marks interrupted runs. Throws
    /// InputError when the file cannot be opened or is not a run database of a known version.
    explicit RunDatabase(const std::filesystem::path& path);
    ~RunDatabase();
    RunDatabase(const RunDatabase&) = delete;
    RunDatabase& operator=(const RunDatabase&) = delete;

    /// "<folder>/<name>.runs/runs.sqlite" for the project file "<folder>/<name>.loupe": beside
    /// the project's run folders.
    static std::filesystem::path pathFor(const std::filesystem::path& project);

    const std::filesystem::path& path() const { return m_path; }
    /// How many runs opening the database found interrupted.
    int64_t interruptedOnOpen() const { return m_interruptedOnOpen; }

    /// Records the start of `run` (status running, owned by this process; startedAt = now when
    /// 0; name = "<kind> <id>" when empty) and returns its id.
    int64_t begin(RunRecord run);
    /// Adds epochs to a running run's history (an epoch already there is replaced).
    void appendEpochs(int64_t id, std::span<const EpochRow> epochs);
    /// Ends a run: its status, final metrics (replacing any), and its folder and error when given.
    void finish(int64_t id, RunStatus status, const std::map<std::string, double>& metrics,
                const std::string& folder = {}, const std::string& error = {});
    /// Records a run that already ended (status as given), with its history, in one transaction.
    int64_t record(RunRecord run, std::span<const EpochRow> epochs);

    void setName(int64_t id, const std::string& name);
    void setNotes(int64_t id, const std::string& notes);
    void setTags(int64_t id, const std::vector<std::string>& tags);
    void setArchived(std::span<const int64_t> ids, bool archived);
    /// Deletes runs with their metrics and history (not their folders).
    void remove(std::span<const int64_t> ids);

    std::optional<RunRecord> run(int64_t id);
    std::vector<RunRecord> runs(const RunQuery& query = {});
    std::vector<EpochRow> epochs(int64_t id);
    int64_t count();
    /// Every metric name some run has, sorted.
    std::vector<std::string> metricNames();

private:
    void createSchema();
    void markInterrupted();
    RunRecord readRun(Statement& row) const;
    void writeMetrics(int64_t id, const std::map<std::string, double>& metrics);
    void requireRun(int64_t id);

    std::filesystem::path m_path;
    std::unique_ptr<Connection> m_db;
    std::string m_owner;
    int64_t m_interruptedOnOpen = 0;
};

/// The runs as CSV: id, name, kind, status, started_at (ISO 8601 UTC), duration_s, seed, device,
/// dataset, tags, notes, then one column per metric in `metrics` (all metrics when empty).
std::string runsCsv(const std::vector<RunRecord>& runs, std::vector<std::string> metrics = {});

}  // namespace loupe::store
