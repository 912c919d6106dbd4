#pragma once
// Learning-rate schedules, each following the formula of its PyTorch scheduler (torch.optim.
// lr_scheduler) so a run can be replayed there: StepLR, ExponentialLR, linear warmup then
// CosineAnnealingLR, OneCycleLR (cosine, no momentum cycling) and ReduceLROnPlateau.

#include <cstdint>
#include <limits>
#include <string>

namespace loupe::nn {

enum class ScheduleKind { None, Step, Exponential, Cosine, OneCycle, Plateau };

/// A schedule and its parameters; only those of `kind` are read.
struct LearningRateSchedule {
    ScheduleKind kind = ScheduleKind::None;
    int64_t stepEvery = 10;    ///< Step: epochs between decays
    double gamma = 0.1;        ///< Step, Exponential: factor per decay
    int64_t warmupEpochs = 0;  ///< Cosine: linear warmup epochs before the cosine
    double minLr = 0.0;        ///< Cosine (eta_min), Plateau (min_lr)
    double maxLr = 0.01;       ///< OneCycle: the peak; starts at maxLr / 25, ends at that / 1e4
    double pctStart = 0.3;     ///< OneCycle: share of the steps spent rising
    double factor = 0.1;       ///< Plateau: lr *= factor on a plateau
    int64_t patience = 10;     ///< Plateau: epochs without improvement before a cut
};

/// True for the schedules that change the rate every batch (OneCycle) rather than every epoch.
bool perBatch(const LearningRateSchedule& schedule);

/// The rate for epoch `epoch` (0-based) and batch `batch` (0-based) of a run of `epochs` epochs
/// of `batches` batches, from `baseLr`. Plateau is stateful (see PlateauTracker): here it gives
/// `baseLr`.
double scheduledRate(const LearningRateSchedule& schedule, double baseLr, int64_t epoch,
                     int64_t batch, int64_t epochs, int64_t batches);

/// ReduceLROnPlateau (threshold 1e-4 relative, cooldown 0, eps 1e-8, as torch's defaults): fed
/// the monitored value after each epoch, it gives the rate for the next one.
class PlateauTracker {
public:
    /// `maximize`: a higher value is better (torch's mode "max").
    PlateauTracker(const LearningRateSchedule& schedule, double baseLr, bool maximize = false);
    /// Records one epoch's value and returns the rate for the next epoch.
    double observe(double value);
    double rate() const { return m_rate; }

private:
    LearningRateSchedule m_schedule;
    double m_rate;
    bool m_maximize;
    double m_best;
    int64_t m_bad = 0;
};

/// Throws InputError when a parameter is out of its range (e.g. gamma <= 0, pctStart outside
/// (0, 1)).
void checkSchedule(const LearningRateSchedule& schedule);

/// "none", "step", "exponential", "cosine", "onecycle" or "plateau".
std::string toString(ScheduleKind kind);

}  // namespace loupe::nn
