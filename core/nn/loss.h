#pragma once
// Losses on a Device: softmax cross-entropy for classification (two outputs for a binary task),
// mean squared error for regression.

#include <vector>

#include "core/data/target.h"
#include "core/device/device.h"

namespace loupe::nn {

class Loss {
public:
    /// classWeights: one per output (classification only); empty = all 1. Uploaded to `dev`.
    Loss(device::Device& dev, data::Task task, const std::vector<float>& classWeights = {});

    data::Task task() const { return m_task; }
    /// out: [batch, outputs]; target: [batch, 1] (class index, or the value for regression);
    /// scratch: [batch, outputs] (probabilities); loss: [1, 1] gets the batch mean;
    /// dout, when not null: [batch, outputs] gets d loss / d out.
    void compute(device::Device& dev, const device::Tensor& out, const device::Tensor& target,
                 device::Tensor& scratch, device::Tensor* dout, device::Tensor& loss) const;
    /// Classification only: knowledge distillation's blend of `teacher`'s softened probabilities
    /// and the labels (Device::distillationCrossEntropy). teacher: [batch, outputs] logits.
    void computeDistilled(device::Device& dev, const device::Tensor& out,
                          const device::Tensor& target, const device::Tensor& teacher,
                          float temperature, float alpha, device::Tensor& scratch,
                          device::Tensor* dout, device::Tensor& loss) const;
    /// The normaliser of the batch mean for these targets: sum of class weights (classification)
    /// or the element count (regression); combines batch means into a dataset mean.
    double batchWeight(const float* targets, int64_t count, int64_t outputs) const;

private:
    data::Task m_task;
    std::vector<float> m_weights;
    device::Tensor m_weightTensor;
};

}  // namespace loupe::nn
