// Learning-rate schedules. Each formula is the closed form of the PyTorch scheduler named beside
// it; tests/lr_schedule_reference.py prints torch's sequences that tests/test_lr_schedule.cpp
// compares against.

#include "core/nn/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.h"

namespace loupe::nn {
namespace {

/// OneCycleLR's cosine annealing from `start` to `end` at `pct` in [0, 1].
double cosineAnneal(double start, double end, double pct) {
    return end + (start - end) / 2.0 * (std::cos(std::numbers::pi * pct) + 1.0);
}

double oneCycle(const LearningRateSchedule& s, int64_t step, int64_t totalSteps) {
    // torch.optim.lr_scheduler.OneCycleLR, two phases, div_factor 25, final_div_factor 1e4.
    const double initial = s.maxLr / 25.0;
    const double final = initial / 1e4;
    const double rise = s.pctStart * double(totalSteps) - 1.0;
    const double last = double(totalSteps) - 1.0;
    const double t = double(step);
    if (t <= rise) return cosineAnneal(initial, s.maxLr, rise > 0.0 ? t / rise : 1.0);
    return cosineAnneal(s.maxLr, final, last > rise ? (t - rise) / (last - rise) : 1.0);
}

}  // namespace

bool perBatch(const LearningRateSchedule& schedule) {
    return schedule.kind == ScheduleKind::OneCycle;
}

double scheduledRate(const LearningRateSchedule& s, double baseLr, int64_t epoch, int64_t batch,
                     int64_t epochs, int64_t batches) {
    switch (s.kind) {
        case ScheduleKind::None:
        case ScheduleKind::Plateau:
            return baseLr;
        case ScheduleKind::Step:  // StepLR
            return baseLr * std::pow(s.gamma, double(epoch / std::max<int64_t>(s.stepEvery, 1)));
        case ScheduleKind::Exponential:  // ExponentialLR
            return baseLr * std::pow(s.gamma, double(epoch));
        case ScheduleKind::Cosine: {
            // SequentialLR(LinearLR(start_factor 1/(W+1), total_iters W), CosineAnnealingLR(
            // T_max = epochs - W, eta_min), milestones [W]).
            const int64_t w = s.warmupEpochs;
            if (epoch < w) return baseLr * double(epoch + 1) / double(w + 1);
            const double tMax = double(std::max<int64_t>(epochs - w, 1));
            return s.minLr + (baseLr - s.minLr) *
                                 (1.0 + std::cos(std::numbers::pi * double(epoch - w) / tMax)) /
                                 2.0;
        }
        case ScheduleKind::OneCycle:
            return oneCycle(s, epoch * batches + batch, std::max<int64_t>(epochs * batches, 1));
    }
    return baseLr;
}

PlateauTracker::PlateauTracker(const LearningRateSchedule& schedule, double baseLr, bool maximize)
    : m_schedule(schedule),
      m_rate(baseLr),
      m_maximize(maximize),
      m_best(maximize ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity()) {}

double PlateauTracker::observe(double value) {
    constexpr double kThreshold = 1e-4, kEps = 1e-8;  // torch's defaults, threshold_mode "rel"
    const bool better =
        m_maximize ? value > m_best * (1.0 + kThreshold) : value < m_best * (1.0 - kThreshold);
    if (better) {
        m_best = value;
        m_bad = 0;
    } else {
        ++m_bad;  // NaN counts as no improvement, as in torch
    }
    if (m_bad > m_schedule.patience) {
        const double reduced = std::max(m_rate * m_schedule.factor, m_schedule.minLr);
        if (m_rate - reduced > kEps) m_rate = reduced;
        m_bad = 0;
    }
    return m_rate;
}

void checkSchedule(const LearningRateSchedule& s) {
    switch (s.kind) {
        case ScheduleKind::None:
            return;
        case ScheduleKind::Step:
            if (s.stepEvery < 1) throw InputError("step schedule: EVERY must be at least 1");
            [[fallthrough]];
        case ScheduleKind::Exponential:
            if (!(s.gamma > 0.0 && s.gamma <= 1.0))
                throw InputError("schedule: GAMMA must be in (0, 1]");
            return;
        case ScheduleKind::Cosine:
            if (s.warmupEpochs < 0)
                throw InputError("cosine schedule: WARMUP must not be negative");
            if (!(s.minLr >= 0.0))
                throw InputError("cosine schedule: the minimum rate must be >= 0");
            return;
        case ScheduleKind::OneCycle:
            if (!(s.maxLr > 0.0 && s.maxLr <= 10.0))
                throw InputError("onecycle schedule: MAXLR must be in (0, 10]");
            if (!(s.pctStart > 0.0 && s.pctStart < 1.0))
                throw InputError("onecycle schedule: the rising share must be in (0, 1)");
            return;
        case ScheduleKind::Plateau:
            if (!(s.factor > 0.0 && s.factor < 1.0))
                throw InputError("plateau schedule: FACTOR must be in (0, 1)");
            if (s.patience < 0) throw InputError("plateau schedule: PATIENCE must not be negative");
            if (!(s.minLr >= 0.0))
                throw InputError("plateau schedule: the minimum rate must be >= 0");
            return;
    }
}

std::string toString(ScheduleKind kind) {
    switch (kind) {
        case ScheduleKind::None:
            return "none";
        case ScheduleKind::Step:
            return "step";
        case ScheduleKind::Exponential:
            return "exponential";
        case ScheduleKind::Cosine:
            return "cosine";
        case ScheduleKind::OneCycle:
            return "onecycle";
        case ScheduleKind::Plateau:
            return "plateau";
    }
    return "none";
}

}  // namespace loupe::nn
