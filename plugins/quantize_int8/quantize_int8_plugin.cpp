// The `quantize-int8` plugin: parameters in, quantizeInt8() on the training rows out, with notes
// saying what each layer's input range became.

#include "plugins/quantize_int8/quantize_int8_plugin.h"

#include <cstdio>
#include <string>

#include "core/error.h"
#include "core/progress.h"
#include "plugins/quantize_int8/int8_quantization.h"

namespace loupe::plugins {

CompressionResult QuantizeInt8Plugin::compress(const CompressionInput& input,
                                               const nlohmann::json& parameters) {
    if (input.model == nullptr || input.train == nullptr)
        throw ModelError("quantize-int8: no model or no training rows to calibrate on");
    Int8Options options;
    options.samples = parameters.at("samples").get<int64_t>();
    options.method = parameters.at("method").get<std::string>() == "percentile"
                         ? CalibrationMethod::Percentile
                         : CalibrationMethod::MinMax;
    options.percentile = parameters.at("percentile").get<double>();
    throwIfStopped(input.stop);
    if (input.progress) input.progress({"calibrating", 0, 1, {}});
    Int8Report report;
    nn::Model model = quantizeInt8(*input.model, input.train->x, options, &report);
    if (input.progress) input.progress({"calibrating", 1, 1, {}});

    std::string notes = std::to_string(report.inputs.size()) +
                        " dense layers to int8 (one weight scale per unit), inputs calibrated on " +
                        std::to_string(report.samples) + " training rows by " +
                        (options.method == CalibrationMethod::MinMax
                             ? std::string("min/max")
                             : "the " + parameters.at("percentile").dump() + "th percentile") +
                        ".";
    for (size_t i = 0; i < report.inputs.size(); ++i) {
        const device::InputQuantization& q = report.inputs[i];
        // The float range the 256 input codes cover.
        char line[160];
        std::snprintf(line, sizeof line, "\nlayer %zu input: [%.4g, %.4g] in steps of %.3g", i + 1,
                      -q.zeroPoint * static_cast<double>(q.scale),
                      (255 - q.zeroPoint) * static_cast<double>(q.scale), q.scale);
        notes += line;
    }
    return {std::move(model), std::move(notes)};
}

}  // namespace loupe::plugins
