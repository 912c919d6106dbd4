#pragma once
// DatasetLoader: reads a dataset file through core on a worker thread and reports back with
// queued signals; the UI thread never waits on it.

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <stop_token>

#include "core/data/table.h"

namespace loupe::gui {

/// Reads CSV/HDF5 files off the UI thread, one at a time; a newer load supersedes an older one.
/// Lives on the application's thread, where its signals arrive.
class DatasetLoader : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override;

    /// Starts reading `path`; a load still running is superseded (stopped, its result dropped).
    void load(const QString& path);
    /// Gives up the load in progress: the reader stops soon, nothing but cancelled() is
    /// reported for it. Nothing happens when no load is in progress.
    void cancel();
    /// Whether a read is still running (a cancelled one until its thread has stopped).
    bool busy() const { return m_running > 0; }
    /// Whether a load will still report loaded(), failed() or cancelled().
    bool active() const { return m_active; }

signals:
    /// How far the read has come (total 0 when unknown); at most about 20 a second.
    void progress(const QString& stage, qint64 done, qint64 total);
    /// The file was read.
    void loaded(const QString& path, std::shared_ptr<const loupe::data::Table> table);
    /// The file could not be read; `message` names the file, and the line and column if known.
    void failed(const QString& path, const QString& message);
    /// cancel() gave up reading `path`.
    void cancelled(const QString& path);
    /// active() changed.
    void activeChanged(bool active);

private:
    void setActive(bool active);

    std::shared_ptr<std::atomic<int>> m_generation;
    std::stop_source m_stop;  ///< of the current load
    QString m_path;           ///< of the current (or last) load
    bool m_active = false;
    int m_running = 0;
};

}  // namespace loupe::gui
