#pragma once
// QuantizedDense ("dense_int8"): the int8 twin of Dense for inference. Weights are int8 with one
// symmetric scale per output unit; the input is quantized per tensor to u8 with a scale and a
// zero point calibrated beforehand; the GEMM accumulates in int32 (Device::gemmS8), then the float
// bias and the layer's activation are applied as in Dense. Not trainable.

#include <cstdint>
#include <memory>
#include <mutex>
#include <typeinfo>
#include <vector>

#include "core/nn/dense.h"
#include "core/nn/layer.h"

namespace loupe::nn {

class QuantizedDense final : public Layer {
public:
    /// Weights zero until set; `input` quantizes the layer's input (scale > 0, zero point 0..255).
    QuantizedDense(int64_t inputs, int64_t units, device::Activation activation,
                   device::InputQuantization input);
    /// Quantizes `dense`'s weights per output unit: scale = max |w[:, c]| / 127, q = round(w / s).
    static std::unique_ptr<QuantizedDense> fromDense(const Dense& dense,
                                                     device::InputQuantization input);

    std::string type() const override { return "dense_int8"; }
    int64_t inputs() const override { return m_inputs; }
    int64_t outputs() const override { return m_units; }
    /// "weight" [inputs, units] (int8 values held as floats: the file stores them as int8),
    /// "weight_scale" [1, units], "bias" [1, units].
    std::vector<Parameter>& parameters() override { return m_params; }
    nlohmann::json config() const override;
    std::unique_ptr<Layer> clone() const override;

    device::Activation activation() const { return m_activation; }
    const device::InputQuantization& inputQuantization() const { return m_input; }
    /// The weights as int8, row-major [inputs, units]; throws ModelError if one is not an integer
    /// in [-127, 127] (a damaged or hand-edited file).
    std::vector<int8_t> int8Weights() const;

    /// Takes the weights prepared for `dev` from the layer's cache into state.int8 on the first
    /// call of a LayerState, preparing them only when the cache is empty or stale.
    void forward(device::Device& dev, LayerState& state, const device::Tensor& x, device::Tensor& y,
                 bool training, uint64_t step) override;
    /// Throws ModelError: an int8 layer cannot be trained.
    void backward(device::Device& dev, LayerState& state, const device::Tensor& x,
                  const device::Tensor& y, const device::Tensor& dy, device::Tensor* dx) override;

private:
    /// The weights as the device prepared them (a oneDNN primitive and its packed copy on the
    /// CPU), kept across Workspaces: predict() builds a fresh Workspace per call, and preparing
    /// costs ~100x a batch-1 forward. It holds the int8 codes it was made from (1 byte each, not
    /// a float copy) and is reused only while the "weight" parameter still equals them, so a
    /// change through parameters() is always seen. The device is matched by address and type.
    /// Thread-safe; a copy starts empty.
    class PreparedCache {
    public:
        PreparedCache() = default;
        PreparedCache(const PreparedCache&) {}
        PreparedCache& operator=(const PreparedCache&) { return *this; }
        std::shared_ptr<const device::Int8Weights> get(device::Device& dev,
                                                       const QuantizedDense& layer);

    private:
        std::mutex m_mutex;
        const device::Device* m_device = nullptr;
        const std::type_info* m_deviceType = nullptr;
        int64_t m_rows = 0, m_cols = 0;  ///< the shape of the "weight" parameter
        std::vector<int8_t> m_codes;     ///< its codes, row-major, when m_weights was prepared
        std::shared_ptr<const device::Int8Weights> m_weights;
    };

    int64_t m_inputs;
    int64_t m_units;
    device::Activation m_activation;
    device::InputQuantization m_input;
    std::vector<Parameter> m_params;
    PreparedCache m_prepared;
};

}  // namespace loupe::nn
