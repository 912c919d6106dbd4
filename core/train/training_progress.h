#pragma once
// What a running training reports, as plain values: the setup once, then batch and epoch progress
// with a smoothed batch loss and an ETA. The GUI's training job sends these to the Training panel.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/target.h"
#include "core/train/trainer.h"

namespace loupe::train {

/// What a run trains on, known once the data is prepared.
struct TrainingSetup {
    data::Task task = data::Task::Classification;
    std::vector<std::string> classNames;
    int64_t trainRows = 0, valRows = 0, testRows = 0;
    int64_t features = 0;    ///< pipeline output width
    int64_t parameters = 0;  ///< trainable values in the model
    int64_t epochs = 0;      ///< at most
    std::string device;      ///< the device's name
    std::string deviceNote;  ///< why "auto" chose it, when it says
};

/// One point of the smoothed batch-loss curve.
struct CurvePoint {
    int64_t step = 0;  ///< batches done in the whole run
    double loss = 0.0;
};

/// The latest mini-batch.
struct BatchProgress {
    int64_t epoch = 0;              ///< 1-based
    int64_t step = 0;               ///< batches done in the whole run
    int64_t totalSteps = 0;         ///< batches in the whole run at the epoch limit
    double loss = 0.0;              ///< this batch's loss
    double smoothedLoss = 0.0;      ///< bias-corrected exponential moving average of batch losses
    double seconds = 0.0;           ///< since training started
    double etaSeconds = -1.0;       ///< to the epoch limit; negative while unknown
    std::vector<CurvePoint> curve;  ///< smoothed-loss points since the previous report
};

/// Epochs finished since the previous report, oldest first.
struct EpochProgress {
    std::vector<EpochRecord> records;
    int64_t epochs = 0;  ///< at most
};

/// Turns trainer callbacks into BatchProgress and EpochProgress values. Not thread-safe: call it
/// from the thread that trains.
class ProgressTracker {
public:
    /// `smoothing` is the moving average's weight on the past (0.9: about the last 10 batches).
    explicit ProgressTracker(int64_t epochs, double smoothing = 0.9);

    /// Records one batch (`batch` 0-based of `batches` in epoch `epoch`) and returns the progress.
    BatchProgress batch(int64_t epoch, int64_t batch, int64_t batches, double loss);
    /// The smoothed-loss points kept since the last call: one every `stride` batches, so a run
    /// draws at most about kCurvePoints of them however long it is.
    std::vector<CurvePoint> takeCurve();
    /// Keeps a finished epoch until takeEpochs().
    void epoch(const EpochRecord& record);
    /// The epochs kept since the last call.
    EpochProgress takeEpochs();
    /// True when epochs are waiting for takeEpochs().
    bool hasEpochs() const { return !m_pending.empty(); }

    /// About how many points of the batch-loss curve a whole run keeps.
    static constexpr int64_t kCurvePoints = 2000;

private:
    using Clock = std::chrono::steady_clock;
    int64_t m_epochs;
    double m_smoothing;
    double m_average = 0.0;
    double m_weight = 1.0;  ///< smoothing^n, for the bias correction
    Clock::time_point m_start = Clock::now();
    std::vector<EpochRecord> m_pending;
    std::vector<CurvePoint> m_curve;
};

}  // namespace loupe::train
