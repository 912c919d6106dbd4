#pragma once
// Layer: one step of a Model. Parameters live on the host between runs (that is what a model file
// stores); a Trainer or a prediction copies them to a Device and runs forward/backward there.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/device/device.h"
#include "core/matrix.h"

namespace loupe::nn {

/// A named trainable array, e.g. "weight" [inputs, units] or "bias" [1, units].
struct Parameter {
    std::string name;
    Matrix value;
    bool decay = true;  ///< L1/L2/weight decay apply (weights yes, biases no)
};

/// Device-side working state of one layer during a forward/backward pass.
struct LayerState {
    std::vector<device::Tensor> params;  ///< device copies of parameters(), same order
    std::vector<device::Tensor> grads;   ///< gradients, same shapes as params
    std::vector<device::Tensor> saved;   ///< whatever forward keeps for backward
    std::shared_ptr<const device::Int8Weights> int8;  ///< QuantizedDense's weights, once prepared
};

class Layer {
public:
    virtual ~Layer() = default;

    /// "dense", "dense_int8", "relu", "tanh", "sigmoid", "gelu", "dropout".
    virtual std::string type() const = 0;
    virtual int64_t inputs() const = 0;
    virtual int64_t outputs() const = 0;
    /// Host parameters (empty for parameter-free layers).
    virtual std::vector<Parameter>& parameters() { return m_noParameters; }
    const std::vector<Parameter>& parameters() const {
        return const_cast<Layer*>(this)->parameters();
    }
    /// Everything needed to rebuild the layer, without weights; includes "type".
    virtual nlohmann::json config() const = 0;
    virtual std::unique_ptr<Layer> clone() const = 0;

    /// x: [batch, inputs] -> y: [batch, outputs]. `training` enables dropout; `step` keys its
    /// random mask. y is allocated by the layer when its shape does not match.
    virtual void forward(device::Device& dev, LayerState& state, const device::Tensor& x,
                         device::Tensor& y, bool training, uint64_t step) = 0;
    /// dy: [batch, outputs] -> dx: [batch, inputs] (skipped when dx is null) and state.grads.
    virtual void backward(device::Device& dev, LayerState& state, const device::Tensor& x,
                          const device::Tensor& y, const device::Tensor& dy,
                          device::Tensor* dx) = 0;

private:
    std::vector<Parameter> m_noParameters;
};

/// Rebuilds a layer from its config(); throws ModelError on an unknown type or bad field.
std::unique_ptr<Layer> makeLayer(const nlohmann::json& config);

/// Uploads the layer's parameters to `dev`; with `withGrads`, allocates zeroed gradients too.
LayerState makeLayerState(device::Device& dev, const Layer& layer, bool withGrads);
/// Copies the device parameters in `state` back into the layer's host parameters.
void downloadParameters(device::Device& dev, const LayerState& state, Layer& layer);

/// Allocates `t` on `dev` as [rows, cols] unless it already has that shape (buffers are reused).
void ensureShape(device::Device& dev, device::Tensor& t, int64_t rows, int64_t cols);

/// "identity", "relu", "tanh", "sigmoid", "gelu".
std::string activationName(device::Activation act);
/// The inverse of activationName(); throws ModelError on an unknown name.
device::Activation parseActivation(const std::string& name);

}  // namespace loupe::nn
