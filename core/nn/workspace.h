#pragma once
// Workspace: the device buffers for running a layer stack on batches of one size: parameters,
// gradients, every layer's output and output gradient. Built once, reused for every batch, so a
// training loop does not allocate.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/device/device.h"
#include "core/nn/layer.h"

namespace loupe::nn {

using LayerList = std::vector<std::unique_ptr<Layer>>;

class Workspace {
public:
    /// Uploads the parameters of `layers` (and zeroed gradients when `training`) to `dev` and
    /// allocates every buffer a batch of `batch` rows needs.
    Workspace(device::Device& dev, const LayerList& layers, int64_t batch, bool training);
    /// Shares `other`'s parameters (and its gradients when `training`); its own buffers for
    /// `batch` rows.
    Workspace(const Workspace& other, const LayerList& layers, int64_t batch, bool training);

    int64_t batch() const { return m_batch; }
    /// The batch input, [batch, inputs]: fill it before forward().
    device::Tensor& input() { return m_acts.front(); }
    /// The last layer's output, [batch, outputs].
    const device::Tensor& output() const { return m_acts.back(); }
    /// d loss / d output, [batch, outputs]: fill it before backward().
    device::Tensor& outputGrad() { return m_grads.back(); }
    std::vector<LayerState>& states() { return m_states; }

    /// Runs every layer on input(); `step` keys dropout masks.
    void forward(const LayerList& layers, bool training, uint64_t step);
    /// Back-propagates outputGrad() into every layer's gradients.
    void backward(const LayerList& layers);
    /// Copies the device parameters into the layers' host parameters.
    void downloadParameters(const LayerList& layers) const;

private:
    void allocateBuffers(const LayerList& layers, bool training);

    device::Device* m_dev;
    int64_t m_batch;
    std::vector<LayerState> m_states;
    std::vector<device::Tensor> m_acts;   ///< [0] input, [i + 1] output of layer i
    std::vector<device::Tensor> m_grads;  ///< [i] d loss / d m_acts[i]; [0] unused
};

}  // namespace loupe::nn
