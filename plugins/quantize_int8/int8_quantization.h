#pragma once
// Post-training int8 quantization, the algorithm of the `quantize-int8` compression plugin.
// Qt-free. Every Dense layer becomes a QuantizedDense (core/nn/quantized_dense.h): weights int8
// with one symmetric scale per output unit; the layer's input quantized per tensor to u8 with a
// scale and zero point calibrated on N rows run through the float model (min/max of each layer's
// input, or a percentile range that ignores rare extremes). Other layers are copied.

#include <cstdint>
#include <span>
#include <vector>

#include "core/device/device.h"
#include "core/matrix.h"
#include "core/nn/model.h"

namespace loupe::plugins {

/// How a layer input's range is measured over the calibration rows.
enum class CalibrationMethod { MinMax, Percentile };

/// quantizeInt8's settings (the plugin's parameters samples, method and percentile).
struct Int8Options {
    int64_t samples = 256;  ///< calibration rows: the first `samples` rows given
    CalibrationMethod method = CalibrationMethod::MinMax;
    double percentile =
        99.99;  ///< Percentile: range [p(100 - q), p(q)] of the values, q in (50, 100]
};

/// What quantizeInt8 did.
struct Int8Report {
    int64_t samples = 0;                            ///< calibration rows used
    std::vector<device::InputQuantization> inputs;  ///< per quantized layer, in order
};

/// The u8 quantization of values in [lo, hi] widened to contain 0 (so 0 is exact, as zero padding
/// and ReLU outputs need): scale = (hi - lo) / 255, zeroPoint = round(-lo / scale).
device::InputQuantization rangeQuantization(float lo, float hi);

/// The quantization of `values` (one layer's inputs over the calibration rows) by `options`.
device::InputQuantization calibrate(std::span<const float> values, const Int8Options& options);

/// A copy of `model` with every Dense layer replaced by its int8 twin, calibrated on the first
/// options.samples rows of `calibration` ([rows, inputs], after the pipeline). Throws ModelError
/// for a model without Dense layers, bad options or an empty calibration set.
nn::Model quantizeInt8(const nn::Model& model, const Matrix& calibration,
                       const Int8Options& options, Int8Report* report = nullptr);

}  // namespace loupe::plugins
