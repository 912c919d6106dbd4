#include "core/train/training_progress.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace loupe::train {

ProgressTracker::ProgressTracker(int64_t epochs, double smoothing)
    : m_epochs(epochs), m_smoothing(smoothing) {}

BatchProgress ProgressTracker::batch(int64_t epoch, int64_t batch, int64_t batches, double loss) {
    BatchProgress p;
    p.epoch = epoch;
    p.step = (epoch - 1) * batches + batch + 1;
    p.totalSteps = m_epochs * batches;
    p.loss = loss;
    // Adam's bias correction: an average started at 0 is divided by (1 - smoothing^n), so the
    // first batches are not pulled towards zero (as TensorBoard's smoothed curves do).
    if (std::isfinite(loss)) {
        m_average = m_smoothing * m_average + (1.0 - m_smoothing) * loss;
        m_weight *= m_smoothing;
    }
    p.smoothedLoss = m_weight < 1.0 ? m_average / (1.0 - m_weight) : loss;
    p.seconds = std::chrono::duration<double>(Clock::now() - m_start).count();
    if (p.step > 0 && p.totalSteps >= p.step)
        p.etaSeconds = p.seconds / double(p.step) * double(p.totalSteps - p.step);
    const int64_t stride = std::max<int64_t>(1, p.totalSteps / kCurvePoints);
    if ((p.step - 1) % stride == 0 || p.step == p.totalSteps)
        m_curve.push_back({p.step, p.smoothedLoss});
    return p;
}

std::vector<CurvePoint> ProgressTracker::takeCurve() { return std::exchange(m_curve, {}); }

void ProgressTracker::epoch(const EpochRecord& record) { m_pending.push_back(record); }

EpochProgress ProgressTracker::takeEpochs() {
    EpochProgress p;
    p.records = std::exchange(m_pending, {});
    p.epochs = m_epochs;
    return p;
}

}  // namespace loupe::train
