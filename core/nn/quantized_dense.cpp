// QuantizedDense forward: one int8 GEMM through the Device, then the fused bias + activation pass
// Dense uses. The float weights the layer was made from are gone; only their int8 codes remain.

#include "core/nn/quantized_dense.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

#ifdef __AVX2__
#include <immintrin.h>
#endif

namespace loupe::nn {
namespace {

/// Whether w[i] == codes[i] for every i < n. Once per Workspace, over every weight: AVX2 packets
/// of 8 where the build has them (at -O2 GCC leaves the scalar loop unvectorized, 3x slower
/// than the memcmp of a float copy would be); a NaN never compares equal, so it is a change.
bool sameCodes(const int8_t* codes, const float* w, int64_t n) {
    int64_t i = 0;
    int32_t differ = 0;
#ifdef __AVX2__
    __m256 unequal = _mm256_setzero_ps();
    for (; i + 8 <= n; i += 8) {
        const __m128i eight = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(codes + i));
        const __m256 asFloat = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(eight));
        unequal =
            _mm256_or_ps(unequal, _mm256_cmp_ps(asFloat, _mm256_loadu_ps(w + i), _CMP_NEQ_UQ));
    }
    differ = _mm256_movemask_ps(unequal);
#endif
    for (; i < n; ++i) differ |= static_cast<int32_t>(static_cast<float>(codes[i]) != w[i]);
    return differ == 0;
}

}  // namespace

QuantizedDense::QuantizedDense(int64_t inputs, int64_t units, device::Activation activation,
                               device::InputQuantization input)
    : m_inputs(inputs), m_units(units), m_activation(activation), m_input(input) {
    if (inputs < 1 || units < 1)
        throw ModelError("dense_int8 layer needs positive sizes, got " + std::to_string(inputs) +
                         " -> " + std::to_string(units));
    if (!(input.scale > 0.0f) || !std::isfinite(input.scale) || input.zeroPoint < 0 ||
        input.zeroPoint > 255)
        throw ModelError(
            "dense_int8 layer: input scale must be positive and finite and the zero "
            "point within 0..255");
    m_params.push_back({"weight", Matrix::Zero(inputs, units), false});
    m_params.push_back({"weight_scale", Matrix::Ones(1, units), false});
    m_params.push_back({"bias", Matrix::Zero(1, units), false});
}

std::unique_ptr<QuantizedDense> QuantizedDense::fromDense(const Dense& dense,
                                                          device::InputQuantization input) {
    auto layer = std::make_unique<QuantizedDense>(dense.inputs(), dense.outputs(),
                                                  dense.activation(), input);
    const std::vector<Parameter>& source = static_cast<const Layer&>(dense).parameters();
    const Matrix& w = source[0].value;  // [inputs, units]
    Matrix& q = layer->m_params[0].value;
    Matrix& scales = layer->m_params[1].value;
    for (int64_t c = 0; c < w.cols(); ++c) {
        const float largest = w.col(c).cwiseAbs().maxCoeff();
        if (!std::isfinite(largest))
            throw ModelError("cannot quantize a layer with non-finite weights");
        // An all-zero column keeps scale 1 and codes 0 (any scale would do).
        const float scale = largest > 0.0f ? largest / 127.0f : 1.0f;
        scales(0, c) = scale;
        for (int64_t r = 0; r < w.rows(); ++r)
            q(r, c) = std::clamp(std::nearbyint(w(r, c) / scale), -127.0f, 127.0f);
    }
    layer->m_params[2].value = source[1].value;
    return layer;
}

nlohmann::json QuantizedDense::config() const {
    return {{"type", "dense_int8"},
            {"inputs", m_inputs},
            {"units", m_units},
            {"activation", activationName(m_activation)},
            {"input_scale", m_input.scale},
            {"input_zero_point", m_input.zeroPoint}};
}

std::unique_ptr<Layer> QuantizedDense::clone() const {
    return std::make_unique<QuantizedDense>(*this);
}

std::vector<int8_t> QuantizedDense::int8Weights() const {
    const Matrix& w = m_params[0].value;
    std::vector<int8_t> codes(static_cast<size_t>(w.size()));
    for (int64_t i = 0; i < w.size(); ++i) {
        const float v = w.data()[i];
        if (!(v >= -127.0f && v <= 127.0f) || static_cast<float>(static_cast<int>(v)) != v)
            throw ModelError("dense_int8 layer: weight " + std::to_string(v) +
                             " is not an int8 code");
        codes[static_cast<size_t>(i)] = static_cast<int8_t>(v);
    }
    return codes;
}

void QuantizedDense::forward(device::Device& dev, LayerState& state, const device::Tensor& x,
                             device::Tensor& y, bool /*training*/, uint64_t /*step*/) {
    if (state.params.size() != 3)
        throw ModelError("dense_int8 layer: parameters not on the device");
    if (x.cols() != m_inputs)
        throw ModelError("dense_int8 layer expects " + std::to_string(m_inputs) + " inputs, got " +
                         std::to_string(x.cols()));
    if (!state.int8) state.int8 = m_prepared.get(dev, *this);
    const int64_t batch = x.rows();
    ensureShape(dev, y, batch, m_units);
    if (m_activation == device::Activation::Identity) {
        dev.gemmS8(x, m_input, *state.int8, state.params[1], y);
        dev.biasActivation(y, state.params[2], m_activation, y);
        return;
    }
    if (state.saved.empty()) state.saved.resize(1);
    device::Tensor& z = state.saved[0];
    ensureShape(dev, z, batch, m_units);
    dev.gemmS8(x, m_input, *state.int8, state.params[1], z);
    dev.biasActivation(z, state.params[2], m_activation, y);
}

std::shared_ptr<const device::Int8Weights> QuantizedDense::PreparedCache::get(
    device::Device& dev, const QuantizedDense& layer) {
    const Matrix& codes = layer.m_params[0].value;
    const std::lock_guard lock(m_mutex);
    bool fresh = m_weights && m_device == &dev && *m_deviceType == typeid(dev) &&
                 m_rows == codes.rows() && m_cols == codes.cols();
    if (fresh) {
        // No early exit, so the compiler vectorizes it; a NaN never compares equal, so it
        // counts as a change (and int8Weights() then refuses it).
        fresh = sameCodes(m_codes.data(), codes.data(), static_cast<int64_t>(m_codes.size()));
    }
    if (fresh) return m_weights;
    std::vector<int8_t> int8 = layer.int8Weights();
    m_weights = dev.prepareInt8(int8.data(), layer.m_inputs, layer.m_units);
    m_codes = std::move(int8);
    m_rows = codes.rows();
    m_cols = codes.cols();
    m_device = &dev;
    m_deviceType = &typeid(dev);
    return m_weights;
}

void QuantizedDense::backward(device::Device& /*dev*/, LayerState& /*state*/,
                              const device::Tensor& /*x*/, const device::Tensor& /*y*/,
                              const device::Tensor& /*dy*/, device::Tensor* /*dx*/) {
    throw ModelError("an int8 (dense_int8) layer cannot be trained; fine-tune before quantizing");
}

}  // namespace loupe::nn
