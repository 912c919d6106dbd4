#pragma once
// DatasetLoader: reads a dataset file through core on a worker thread and reports back with
// queued signals; the UI thread never waits on it.

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "core/data/table.h"

namespace loupe::gui {

/// Reads CSV/HDF5 files off the UI thread, one at a time; a newer load supersedes an older one.
class DatasetLoader : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override;

    /// Starts reading `path`; a load still running is superseded (its result is dropped).
    void load(const QString& path);
    /// Whether a load is running.
    bool busy() const { return m_running > 0; }

signals:
    /// How far the read has come (total 0 when unknown); at most about 20 a second.
    void progress(const QString& stage, qint64 done, qint64 total);
    /// The file was read.
    void loaded(const QString& path, std::shared_ptr<const loupe::data::Table> table);
    /// The file could not be read; `message` names the file, and the line and column if known.
    void failed(const QString& path, const QString& message);

private:
    std::shared_ptr<std::atomic<int>> m_generation;
    int m_running = 0;
};

}  // namespace loupe::gui
