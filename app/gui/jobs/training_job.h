#pragma once
// TrainingJob: runs the experiment flow (core/train/experiment.h) on a worker thread and reports
// the setup, throttled batch and epoch progress, and the trained result.

#include <QString>
#include <memory>

#include "app/gui/jobs/job.h"
#include "core/data/table.h"
#include "core/train/experiment.h"
#include "core/train/training_progress.h"

namespace loupe::gui {

/// Trains one model at a time; pause, resume and stop come from Job.
class TrainingJob : public Job {
    Q_OBJECT
public:
    /// An idle job.
    explicit TrainingJob(QObject* parent = nullptr);

    /// Trains on `table` as `request` says, on `device` ("auto", "cpu", "cuda", "cuda:N").
    /// False, and nothing starts, while a run is active.
    bool start(std::shared_ptr<const data::Table> table, train::ExperimentRequest request,
               const QString& device = QStringLiteral("auto"));

signals:
    /// The data is prepared and the model built; training starts.
    void setupReady(const loupe::train::TrainingSetup& setup);
    /// The latest mini-batch, at most about 20 times a second.
    void batchProgress(const loupe::train::BatchProgress& progress);
    /// Epochs finished since the last report, at most about 20 times a second; the last epoch is
    /// always reported before finished().
    void epochProgress(const loupe::train::EpochProgress& progress);
    /// The trained model, its history, predictions and reports. After stop() it holds the best
    /// weights so far (History::cancelled is set).
    void finished(std::shared_ptr<const loupe::train::ExperimentResult> result);
};

}  // namespace loupe::gui

// Signal arguments, so QSignalSpy and queued connections can hold them.
Q_DECLARE_METATYPE(loupe::train::TrainingSetup)
Q_DECLARE_METATYPE(loupe::train::BatchProgress)
Q_DECLARE_METATYPE(loupe::train::EpochProgress)
Q_DECLARE_METATYPE(std::shared_ptr<const loupe::train::ExperimentResult>)
