// Loss dispatch to the Device's loss ops.

#include "core/nn/loss.h"

#include <string>

#include "core/error.h"

namespace loupe::nn {

Loss::Loss(device::Device& dev, data::Task task, const std::vector<float>& classWeights)
    : m_task(task), m_weights(classWeights) {
    if (!m_weights.empty()) {
        if (task != data::Task::Classification)
            throw ModelError("class weights apply to classification only");
        m_weightTensor = dev.allocate(1, static_cast<int64_t>(m_weights.size()));
        dev.upload(m_weights.data(), m_weightTensor);
    }
}

void Loss::compute(device::Device& dev, const device::Tensor& out, const device::Tensor& target,
                   device::Tensor& scratch, device::Tensor* dout, device::Tensor& loss) const {
    if (m_task == data::Task::Classification) {
        if (!m_weights.empty() && static_cast<int64_t>(m_weights.size()) != out.cols())
            throw ModelError("got " + std::to_string(m_weights.size()) + " class weights for " +
                             std::to_string(out.cols()) + " classes");
        dev.softmaxCrossEntropy(out, target, m_weightTensor, scratch, dout, loss);
    } else {
        dev.meanSquaredError(out, target, dout, loss);
    }
}

void Loss::computeDistilled(device::Device& dev, const device::Tensor& out,
                            const device::Tensor& target, const device::Tensor& teacher,
                            float temperature, float alpha, device::Tensor& scratch,
                            device::Tensor* dout, device::Tensor& loss) const {
    if (m_task != data::Task::Classification)
        throw ModelError("the distillation loss applies to classification only");
    if (!m_weights.empty() && static_cast<int64_t>(m_weights.size()) != out.cols())
        throw ModelError("got " + std::to_string(m_weights.size()) + " class weights for " +
                         std::to_string(out.cols()) + " classes");
    dev.distillationCrossEntropy(out, target, teacher, m_weightTensor, temperature, alpha, scratch,
                                 dout, loss);
}

double Loss::batchWeight(const float* targets, int64_t count, int64_t outputs) const {
    if (m_task == data::Task::Regression) return static_cast<double>(count * outputs);
    if (m_weights.empty()) return static_cast<double>(count);
    double total = 0.0;
    for (int64_t i = 0; i < count; ++i) {
        const auto c = static_cast<int64_t>(targets[i]);
        if (c >= 0 && c < static_cast<int64_t>(m_weights.size()))
            total += m_weights[static_cast<size_t>(c)];
    }
    return total;
}

}  // namespace loupe::nn
