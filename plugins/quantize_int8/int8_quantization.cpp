// Calibration runs the float model layer by layer on the CPU device and records each Dense
// layer's input; every layer is quantized against the float activations before it (not the
// already-quantized ones), as PyTorch's post-training static quantization calibrates.

#include "plugins/quantize_int8/int8_quantization.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/nn/dense.h"
#include "core/nn/quantized_dense.h"

namespace loupe::plugins {

device::InputQuantization rangeQuantization(float lo, float hi) {
    lo = std::min(lo, 0.0f);
    hi = std::max(hi, 0.0f);
    if (!std::isfinite(lo) || !std::isfinite(hi))
        throw ModelError("cannot quantize: a layer input is not finite over the calibration rows");
    if (hi - lo <= 0.0f) return {1.0f, 0};  // all zeros: any scale represents them
    const float scale = (hi - lo) / 255.0f;
    const float zero = std::clamp(std::nearbyint(-lo / scale), 0.0f, 255.0f);
    return {scale, static_cast<int32_t>(zero)};
}

device::InputQuantization calibrate(std::span<const float> values, const Int8Options& options) {
    if (values.empty()) throw ModelError("cannot calibrate on no values");
    if (options.method == CalibrationMethod::MinMax) {
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        return rangeQuantization(*lo, *hi);
    }
    // Nearest-rank percentiles of the values (numpy.percentile's method="nearest").
    std::vector<float> sorted(values.begin(), values.end());
    const auto rank = [&](double q) {
        const auto last = static_cast<double>(sorted.size() - 1);
        return static_cast<size_t>(std::nearbyint(q / 100.0 * last));
    };
    const size_t low = rank(100.0 - options.percentile), high = rank(options.percentile);
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(low),
                     sorted.end());
    const float lo = sorted[low];
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(high),
                     sorted.end());
    return rangeQuantization(lo, sorted[high]);
}

nn::Model quantizeInt8(const nn::Model& model, const Matrix& calibration,
                       const Int8Options& options, Int8Report* report) {
    if (options.samples < 1) throw ModelError("quantize-int8: samples must be at least 1");
    if (options.method == CalibrationMethod::Percentile &&
        !(options.percentile > 50.0 && options.percentile <= 100.0))
        throw ModelError("quantize-int8: percentile must be above 50 and at most 100");
    if (calibration.rows() == 0) throw ModelError("quantize-int8: no calibration rows");
    if (calibration.cols() != model.inputs())
        throw ModelError("quantize-int8: calibration rows have " +
                         std::to_string(calibration.cols()) + " columns, the model takes " +
                         std::to_string(model.inputs()));
    const int64_t rows = std::min<int64_t>(options.samples, calibration.rows());

    device::CpuDevice dev;
    device::Tensor x = dev.allocate(rows, calibration.cols());
    dev.upload(calibration.data(), x);  // row-major: the first `rows` rows are contiguous
    nn::Model quantized = model.clone();
    nn::Model original = model.clone();  // forward() is not const; the argument stays untouched
    Int8Report done;
    done.samples = rows;
    bool any = false;
    for (size_t i = 0; i < original.layers().size(); ++i) {
        nn::Layer& layer = *original.layers()[i];
        if (const auto* dense = dynamic_cast<const nn::Dense*>(&layer)) {
            Matrix input(rows, layer.inputs());
            dev.download(x, input.data());
            const device::InputQuantization q = calibrate(
                std::span<const float>(input.data(), static_cast<size_t>(input.size())), options);
            quantized.layers()[i] = nn::QuantizedDense::fromDense(*dense, q);
            done.inputs.push_back(q);
            any = true;
        }
        nn::LayerState state = nn::makeLayerState(dev, layer, false);
        device::Tensor y;
        layer.forward(dev, state, x, y, false, 0);
        x = y;
    }
    if (!any) throw ModelError("quantize-int8: the model has no dense layer to quantize");
    if (report) *report = std::move(done);
    return quantized;
}

}  // namespace loupe::plugins
