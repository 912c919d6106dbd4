// Workspace: buffers allocated up front; one warm-up pass lets each layer size its saved tensors.

#include "core/nn/workspace.h"

#include "core/error.h"

namespace loupe::nn {

Workspace::Workspace(device::Device& dev, const LayerList& layers, int64_t batch, bool training)
    : m_dev(&dev), m_batch(batch) {
    if (layers.empty()) throw ModelError("the model has no layers");
    for (const auto& layer : layers) m_states.push_back(makeLayerState(dev, *layer, training));
    allocateBuffers(layers, training);
}

Workspace::Workspace(const Workspace& other, const LayerList& layers, int64_t batch, bool training)
    : m_dev(other.m_dev), m_batch(batch) {
    if (training && other.m_grads.empty())
        throw ModelError("a training workspace cannot share an inference workspace's state");
    for (const LayerState& s : other.m_states)
        m_states.push_back(
            {s.params, training ? s.grads : std::vector<device::Tensor>{}, {}, s.int8});
    allocateBuffers(layers, training);
}

void Workspace::allocateBuffers(const LayerList& layers, bool training) {
    m_acts.push_back(m_dev->allocate(m_batch, layers.front()->inputs()));
    for (const auto& layer : layers) m_acts.push_back(m_dev->allocate(m_batch, layer->outputs()));
    if (!training) return;
    m_grads.push_back({});
    for (const auto& layer : layers) m_grads.push_back(m_dev->allocate(m_batch, layer->outputs()));
    // A pass on zeros lets every layer allocate what it saves for backward (pre-activations,
    // dropout masks, their gradients) now rather than inside the batch loop. Gradients are
    // overwritten by each backward pass, so this leaves no trace.
    m_dev->fill(m_acts.front(), 0.0f);
    forward(layers, true, 0);
    m_dev->fill(m_grads.back(), 0.0f);
    backward(layers);
}

void Workspace::forward(const LayerList& layers, bool training, uint64_t step) {
    for (size_t i = 0; i < layers.size(); ++i)
        layers[i]->forward(*m_dev, m_states[i], m_acts[i], m_acts[i + 1], training, step);
}

void Workspace::backward(const LayerList& layers) {
    if (m_grads.empty()) throw ModelError("backward on an inference workspace");
    for (size_t i = layers.size(); i-- > 0;) {
        device::Tensor* dx = i > 0 ? &m_grads[i] : nullptr;
        layers[i]->backward(*m_dev, m_states[i], m_acts[i], m_acts[i + 1], m_grads[i + 1], dx);
    }
}

void Workspace::downloadParameters(const LayerList& layers) const {
    for (size_t i = 0; i < layers.size(); ++i)
        nn::downloadParameters(*m_dev, m_states[i], *layers[i]);
}

}  // namespace loupe::nn
