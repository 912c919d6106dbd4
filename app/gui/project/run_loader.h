#pragma once
// RunLoader: reads a run folder back into the experiment it came from (io::readRunFolder) on a
// worker thread and reports with queued signals; the UI thread never waits on it.

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "core/train/experiment.h"

namespace loupe::gui {

/// Reads one run folder at a time; a newer load supersedes an older one.
class RunLoader : public QObject {
    Q_OBJECT
public:
    explicit RunLoader(QObject* parent = nullptr);
    ~RunLoader() override;

    /// Starts reading `folder`; `tag` comes back with the result.
    void load(const QString& folder, const QString& tag);
    /// Drops the result of a load still running.
    void cancel();

signals:
    /// The run was read (the receiver may still adjust it, e.g. its history flags).
    void loaded(const QString& tag, std::shared_ptr<loupe::train::ExperimentResult> result);
    /// The run could not be read; `message` names the file and what is wrong.
    void failed(const QString& tag, const QString& message);

private:
    std::shared_ptr<std::atomic<int>> m_generation;
};

}  // namespace loupe::gui
