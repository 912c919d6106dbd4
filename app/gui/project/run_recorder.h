#pragma once
// RunRecorder: the window's side of the project's run database (core/store/run_database.h).
// Every write and every query runs, in the order asked, on one worker thread that owns the SQLite
// connection, so the UI thread never waits on a commit or a 10,000-run query; answers come back
// as callbacks on the recorder's thread.
//
// Which database: the one beside the project file, or — while the project is untitled — the one
// beside the recovery file ("<recovery>.runs/runs.sqlite"), which lives and dies with the unsaved
// work. The first save copies its runs into the project's database (copyRunsTo).

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/store/run_database.h"

namespace loupe::gui {

/// What a Runs view query found.
struct RunsPage {
    std::vector<store::RunRecord> runs;
    std::vector<std::string> metricNames;  ///< every metric some run in the database has
    int64_t total = 0;                     ///< runs in the database
};

/// See the file comment.
class RunRecorder : public QObject {
    Q_OBJECT
public:
    explicit RunRecorder(QObject* parent = nullptr);
    /// Waits for the writes still queued.
    ~RunRecorder() override;

    /// The database later calls use (created on the first write); empty: record nothing.
    void setDatabase(const QString& path) { m_path = path; }
    /// The database later calls use.
    QString database() const { return m_path; }

    /// Records the start of `run` (its dataset fingerprinted on the worker when the fingerprint
    /// is empty) and returns a handle for appendEpochs() and finish(); 0 when nothing records.
    int begin(store::RunRecord run);
    /// Adds epochs to the run of `handle`.
    void appendEpochs(int handle, std::vector<store::EpochRow> epochs);
    /// Ends the run of `handle`; called again it replaces the metrics and sets the folder.
    void finish(int handle, store::RunStatus status, std::map<std::string, double> metrics,
                const QString& folder = {}, const QString& error = {});
    /// Records a run that already ended, with its history.
    void record(store::RunRecord run, std::vector<store::EpochRow> epochs = {});
    /// Records a run that already ended as a child of the run of `parentHandle` (a search's
    /// trial), in the database that run is in now; nothing when that run's begin failed.
    void recordChild(int parentHandle, store::RunRecord run);
    /// Copies every run of the current database into `path`'s, folders under `fromFolder` now
    /// under `toFolder`, and records there from now on (the first save of an untitled project).
    /// Runs still going carry on in the copy. Nothing happens when `path` is the current one.
    void copyRunsTo(const QString& path, const QString& fromFolder, const QString& toFolder);

    /// Runs `query`; `done` gets the page unless a newer query() was asked meanwhile.
    void query(store::RunQuery query, std::function<void(RunsPage)> done);
    /// The runs `ids` in full (every metric) with their histories, in their order (a run gone
    /// meanwhile is left out).
    void loadRuns(std::vector<int64_t> ids,
                  std::function<void(std::vector<store::RunRecord>,
                                     std::vector<std::vector<store::EpochRow>>)>
                      done);
    void setNotes(int64_t id, const QString& notes);
    void setTags(int64_t id, const QStringList& tags);
    void setArchived(std::vector<int64_t> ids, bool archived);
    /// Deletes the runs from the database; with `withFolders` their run folders too.
    void remove(std::vector<int64_t> ids, bool withFolders);
    /// Writes runsCsv of `query`'s runs (every metric) to `file`; `done` gets an error or empty.
    void exportCsv(store::RunQuery query, const QString& file,
                   std::function<void(const QString& error)> done);

    /// Frees `runs` on the worker (10,000 runs' configs take tens of ms to free).
    void dispose(std::vector<store::RunRecord> runs);

    /// Blocks until everything queued so far is done (a save, tests).
    void waitForIdle();

signals:
    /// Runs were added, ended or edited: a shown list is out of date.
    void changed();
    /// A write or query failed (`message` says why); the work goes on.
    void failed(const QString& message);

private:
    struct State;
    /// Runs `work` on the worker with the database at `path` open (created when `create`).
    void post(const QString& path, bool create,
              std::function<void(State&, store::RunDatabase*)> work);
    /// Calls `f` on this object's thread (dropped when the recorder is gone).
    void deliver(std::function<void()> f);

    QThreadPool m_pool;
    std::shared_ptr<State> m_state;
    QString m_path;
    int m_nextHandle = 0;
    int m_queryGeneration = 0;
};

}  // namespace loupe::gui
