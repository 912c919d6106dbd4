#include "app/gui/project/run_recorder.h"

#include <QDir>
#include <QMetaObject>
#include <QSaveFile>
#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>

#include "core/store/fingerprint.h"

namespace loupe::gui {

// Touched only by the worker (the pool has one thread, so tasks run one at a time, in order).
struct RunRecorder::State {
    std::unique_ptr<store::RunDatabase> db;
    std::map<int, std::pair<std::string, int64_t>> handles;  // handle -> (database, run id)
    std::atomic<int> latestQuery{0};                         // the one field the UI thread writes

    /// The database at `path`, opened when another (or none) is; null when `path` is empty or,
    /// unless `create`, when there is no such file yet.
    store::RunDatabase* open(const std::string& path, bool create) {
        if (path.empty()) return nullptr;
        // A database deleted under us (unsaved work discarded with its recovery folder) is
        // opened afresh rather than written into an unlinked file.
        const bool there = std::filesystem::exists(path);
        if (db && db->path() == path && there) return db.get();
        db.reset();
        if (!there && !create) return nullptr;
        db = std::make_unique<store::RunDatabase>(path);
        return db.get();
    }
};

RunRecorder::RunRecorder(QObject* parent) : QObject(parent), m_state(std::make_shared<State>()) {
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);  // one thread for the window's life: SQLite's cache stays warm
}

RunRecorder::~RunRecorder() { m_pool.waitForDone(); }

void RunRecorder::deliver(std::function<void()> f) {
    QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
}

void RunRecorder::post(const QString& path, bool create,
                       std::function<void(State&, store::RunDatabase*)> work) {
    const std::string file = path.toStdString();
    auto state = m_state;
    m_pool.start([this, state, file, create, work = std::move(work)] {
        try {
            work(*state, state->open(file, create));
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            deliver([this, message] { emit failed(message); });
        }
    });
}

int RunRecorder::begin(store::RunRecord run) {
    if (m_path.isEmpty()) return 0;
    const int handle = ++m_nextHandle;
    post(m_path, true,
         [this, handle, run = std::move(run)](State& s, store::RunDatabase* db) mutable {
             if (run.datasetFingerprint.empty() && !run.datasetPath.empty()) {
                 try {
                     run.datasetFingerprint = store::fingerprintFile(run.datasetPath);
                 } catch (const std::exception&) {
                     // A dataset that cannot be read again is still recorded, without its hash.
                 }
             }
             s.handles[handle] = {db->path().string(), db->begin(std::move(run))};
             deliver([this] { emit changed(); });
         });
    return handle;
}

void RunRecorder::appendEpochs(int handle, std::vector<store::EpochRow> epochs) {
    if (handle == 0 || epochs.empty()) return;
    m_pool.start([state = m_state, handle, epochs = std::move(epochs), this] {
        const auto it = state->handles.find(handle);
        if (it == state->handles.end()) return;  // its begin failed (and said so)
        try {
            state->open(it->second.first, true)->appendEpochs(it->second.second, epochs);
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            deliver([this, message] { emit failed(message); });
        }
    });
}

void RunRecorder::finish(int handle, store::RunStatus status, std::map<std::string, double> metrics,
                         const QString& folder, const QString& error) {
    if (handle == 0) return;
    m_pool.start([=, this, state = m_state, metrics = std::move(metrics)] {
        const auto it = state->handles.find(handle);
        if (it == state->handles.end()) return;
        try {
            state->open(it->second.first, true)
                ->finish(it->second.second, status, metrics, folder.toStdString(),
                         error.toStdString());
            deliver([this] { emit changed(); });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            deliver([this, message] { emit failed(message); });
        }
    });
}

void RunRecorder::record(store::RunRecord run, std::vector<store::EpochRow> epochs) {
    if (m_path.isEmpty()) return;
    post(m_path, true,
         [this, run = std::move(run), epochs = std::move(epochs)](State&,
                                                                  store::RunDatabase* db) mutable {
             db->record(std::move(run), epochs);
             deliver([this] { emit changed(); });
         });
}

void RunRecorder::recordChild(int parentHandle, store::RunRecord run) {
    if (parentHandle == 0) return;
    m_pool.start([state = m_state, parentHandle, run = std::move(run), this]() mutable {
        const auto it = state->handles.find(parentHandle);
        if (it == state->handles.end()) return;  // its begin failed (and said so)
        try {
            run.parent = it->second.second;
            state->open(it->second.first, true)->record(std::move(run), {});
            deliver([this] { emit changed(); });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            deliver([this, message] { emit failed(message); });
        }
    });
}

void RunRecorder::copyRunsTo(const QString& path, const QString& fromFolder,
                             const QString& toFolder) {
    const QString from = m_path;
    m_path = path;
    if (from.isEmpty() || from == path || path.isEmpty()) return;
    const std::string target = path.toStdString();
    const std::string oldPrefix = QDir::cleanPath(fromFolder).toStdString() + "/";
    const std::string newPrefix = QDir::cleanPath(toFolder).toStdString() + "/";
    post(from, false, [=, this](State& s, store::RunDatabase* db) {
        if (!db) return;  // nothing was recorded
        store::RunQuery all;
        all.includeArchived = true;
        all.orderBy = "id";
        all.descending = false;  // parents before the runs that name them
        std::vector<store::RunRecord> runs = db->runs(all);
        std::vector<std::vector<store::EpochRow>> histories;
        for (const store::RunRecord& run : runs) histories.push_back(db->epochs(run.id));
        const std::string source = db->path().string();
        store::RunDatabase& copy = *s.open(target, true);
        std::map<int64_t, int64_t> newIds;
        for (size_t i = 0; i < runs.size(); ++i) {
            store::RunRecord run = runs[i];
            if (run.folder.rfind(oldPrefix, 0) == 0)
                run.folder = newPrefix + run.folder.substr(oldPrefix.size());
            if (run.parent != 0) run.parent = newIds.count(run.parent) ? newIds[run.parent] : 0;
            newIds[run.id] = copy.record(run, histories[i]);
        }
        for (auto& [handle, where] : s.handles)
            if (where.first == source && newIds.count(where.second))
                where = {target, newIds[where.second]};
        deliver([this] { emit changed(); });
    });
}

void RunRecorder::query(store::RunQuery query, std::function<void(RunsPage)> done) {
    const int generation = ++m_queryGeneration;
    m_state->latestQuery = generation;
    post(m_path, false, [=, this, query = std::move(query)](State& s, store::RunDatabase* db) {
        // Typing queues a query per key: one overtaken before it began is not run at all.
        if (s.latestQuery != generation) return;
        auto page = std::make_shared<RunsPage>();
        if (db) {
            page->runs = db->runs(query);
            page->metricNames = db->metricNames();
            page->total = db->count();
        }
        deliver([this, generation, page, done] {
            if (generation == m_queryGeneration) done(std::move(*page));
        });
    });
}

void RunRecorder::loadRuns(
    std::vector<int64_t> ids,
    std::function<void(std::vector<store::RunRecord>, std::vector<std::vector<store::EpochRow>>)>
        done) {
    post(m_path, false, [=, this](State&, store::RunDatabase* db) {
        auto runs = std::make_shared<std::vector<store::RunRecord>>();
        auto histories = std::make_shared<std::vector<std::vector<store::EpochRow>>>();
        for (int64_t id : ids) {
            std::optional<store::RunRecord> run = db ? db->run(id) : std::nullopt;
            if (!run) continue;
            runs->push_back(std::move(*run));
            histories->push_back(db->epochs(id));
        }
        deliver([runs, histories, done] { done(std::move(*runs), std::move(*histories)); });
    });
}

void RunRecorder::setNotes(int64_t id, const QString& notes) {
    post(m_path, false, [=, this](State&, store::RunDatabase* db) {
        if (!db) return;
        db->setNotes(id, notes.toStdString());
        deliver([this] { emit changed(); });
    });
}

void RunRecorder::setTags(int64_t id, const QStringList& tags) {
    std::vector<std::string> list;
    for (const QString& tag : tags)
        if (!tag.trimmed().isEmpty()) list.push_back(tag.trimmed().toStdString());
    post(m_path, false, [=, this](State&, store::RunDatabase* db) {
        if (!db) return;
        db->setTags(id, list);
        deliver([this] { emit changed(); });
    });
}

void RunRecorder::setArchived(std::vector<int64_t> ids, bool archived) {
    post(m_path, false, [=, this](State&, store::RunDatabase* db) {
        if (!db) return;
        db->setArchived(ids, archived);
        deliver([this] { emit changed(); });
    });
}

void RunRecorder::remove(std::vector<int64_t> ids, bool withFolders) {
    post(m_path, false, [=, this](State&, store::RunDatabase* db) {
        if (!db) return;
        std::vector<std::string> folders;
        if (withFolders)
            for (int64_t id : ids)
                if (auto run = db->run(id); run && !run->folder.empty())
                    folders.push_back(run->folder);
        db->remove(ids);
        for (const std::string& folder : folders) {
            std::error_code ec;  // a folder already gone is what was asked for
            std::filesystem::remove_all(folder, ec);
        }
        deliver([this] { emit changed(); });
    });
}

void RunRecorder::exportCsv(store::RunQuery query, const QString& file,
                            std::function<void(const QString& error)> done) {
    query.metrics.clear();
    post(m_path, false, [=, this](State&, store::RunDatabase* db) {
        QString error;
        try {
            const std::string csv =
                store::runsCsv(db ? db->runs(query) : std::vector<store::RunRecord>{});
            QSaveFile out(file);
            if (!out.open(QIODevice::WriteOnly) ||
                out.write(csv.data(), static_cast<qint64>(csv.size())) !=
                    static_cast<qint64>(csv.size()) ||
                !out.commit())
                error = tr("%1 could not be written: %2").arg(file, out.errorString());
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        deliver([done, error] { done(error); });
    });
}

void RunRecorder::dispose(std::vector<store::RunRecord> runs) {
    if (runs.empty()) return;
    auto held = std::make_shared<std::vector<store::RunRecord>>(std::move(runs));
    m_pool.start([held] { held->clear(); });
}

void RunRecorder::waitForIdle() { m_pool.waitForDone(); }

}  // namespace loupe::gui
