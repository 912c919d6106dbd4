// Validation passes: batches are row ranges of the uploaded set, so no gathering is needed.

#include "core/train/validation.h"

#include <algorithm>

namespace loupe::train {
namespace {

/// A view of rows [first, first + count) of a row-major tensor (shared storage).
device::Tensor rowRange(const device::Tensor& t, int64_t first, int64_t count) {
    const float* start = t.data() + first * t.cols();
    // Aliasing constructor: shares ownership of t's storage, points into it.
    std::shared_ptr<float> view(std::shared_ptr<float>(), const_cast<float*>(start));
    return device::Tensor(std::move(view), count, t.cols(), t.device());
}

}  // namespace

Validation::Validation(device::Device& dev, const nn::LayerList& layers,
                       const nn::Workspace& training, const TrainData& val, const nn::Loss& loss)
    : m_dev(dev), m_val(val), m_loss(loss) {
    const int64_t rows = val.x.rows();
    m_x = dev.allocate(rows, val.x.cols());
    dev.upload(val.x.data(), m_x);
    m_y = dev.allocate(rows, 1);
    dev.upload(val.y.data(), m_y);
    const int64_t outputs = layers.back()->outputs();
    const int64_t batch = std::min(rows, kBatch);
    m_full = std::make_unique<nn::Workspace>(training, layers, batch, false);
    m_scratch = dev.allocate(batch, outputs);
    if (const int64_t rest = rows % batch; rest != 0 && rows > batch) {
        m_tail = std::make_unique<nn::Workspace>(training, layers, rest, false);
        m_tailScratch = dev.allocate(rest, outputs);
    }
    m_lossValue = dev.allocate(1, 1);
    m_correct = dev.allocate(1, 1);
    double mean = 0.0;
    for (const float v : val.y) mean += v;
    mean /= static_cast<double>(rows);
    for (const float v : val.y) m_totalSquares += (v - mean) * (v - mean);
}

ValidationResult Validation::evaluate(const nn::LayerList& layers) {
    const int64_t rows = m_val.x.rows();
    const int64_t batch = m_full->batch();
    const int64_t outputs = layers.back()->outputs();
    const bool classification = m_loss.task() == data::Task::Classification;
    double weightedLoss = 0.0, totalWeight = 0.0, correct = 0.0;
    for (int64_t r0 = 0; r0 < rows; r0 += batch) {
        const int64_t n = std::min(batch, rows - r0);
        nn::Workspace& ws = n == batch ? *m_full : *m_tail;
        device::Tensor& scratch = n == batch ? m_scratch : m_tailScratch;
        ws.input() = rowRange(m_x, r0, n);  // layers only read their input: no copy needed
        ws.forward(layers, false, 0);
        const device::Tensor labels = rowRange(m_y, r0, n);
        m_loss.compute(m_dev, ws.output(), labels, scratch, nullptr, m_lossValue);
        float value = 0.0f;
        m_dev.download(m_lossValue, &value);
        const double weight = m_loss.batchWeight(m_val.y.data() + r0, n, outputs);
        weightedLoss += static_cast<double>(value) * weight;
        totalWeight += weight;
        if (classification) {
            m_dev.countCorrect(ws.output(), labels, m_correct);
            float count = 0.0f;
            m_dev.download(m_correct, &count);
            correct += count;
        }
    }
    ValidationResult result;
    result.loss = weightedLoss / totalWeight;
    if (classification) {
        result.metric = correct / static_cast<double>(rows);
    } else {
        // The MSE loss's dataset mean times the count is the residual sum of squares.
        const double residual = result.loss * static_cast<double>(rows * outputs);
        // A constant target scores as scikit-learn's r2_score does: 1 if fitted exactly, else 0.
        result.metric =
            m_totalSquares > 0.0 ? 1.0 - residual / m_totalSquares : (residual == 0.0 ? 1.0 : 0.0);
    }
    return result;
}

}  // namespace loupe::train
