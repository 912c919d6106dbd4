#pragma once
// RunWriter: writes a finished run's folder (model.h5, metrics.json, history.csv,
// predictions.csv) on a worker thread, since predictions.csv of a large dataset takes seconds to
// write, and reports with a queued signal. A save waits for the writes still running (waitForAll)
// so the project never names a run folder that is not there yet.

#include <QFuture>
#include <QObject>
#include <QString>
#include <map>
#include <memory>

#include "core/train/experiment.h"

namespace loupe::gui {

/// Writes run folders off the UI thread; see the file comment.
class RunWriter : public QObject {
    Q_OBJECT
public:
    explicit RunWriter(QObject* parent = nullptr);
    ~RunWriter() override;

    /// Starts writing `result` into `folder`; `id` comes back with written().
    void write(const QString& id, std::shared_ptr<const train::ExperimentResult> result,
               const QString& folder);
    /// True while the run `id` is being written.
    bool isPending(const QString& id) const { return m_pending.count(id) > 0; }
    /// True while any run is being written.
    bool busy() const { return !m_pending.empty(); }
    /// Waits for every write still running and emits their written() now, in this call.
    void waitForAll();

signals:
    /// The run `id` is in `folder` (`error` empty), or could not be written (`error` says why).
    void written(const QString& id, const QString& folder, const QString& error);
    /// `result` is in `folder` now (after written()); the run database records the folder.
    void resultWritten(const loupe::train::ExperimentResult* result, const QString& folder);

private:
    void deliver(const QString& id);

    struct Pending {
        QString folder;
        QFuture<QString> future;
        std::shared_ptr<const train::ExperimentResult> result;
    };
    std::map<QString, Pending> m_pending;
};

}  // namespace loupe::gui
