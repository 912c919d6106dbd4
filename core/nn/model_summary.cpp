// ModelSummary: per-layer shapes, counts, FLOPs and parameter statistics; the comparison of two.

#include "core/nn/model_summary.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/nn/activation_layer.h"
#include "core/nn/dense.h"
#include "core/nn/dropout.h"
#include "core/nn/quantized_dense.h"

namespace loupe::nn {
namespace {

constexpr int64_t kBytesPerParameter = 4;  // float32, as a model file stores them

std::vector<PipelineStepSummary> pipelineSteps(const data::Pipeline& pipeline) {
    std::vector<PipelineStepSummary> steps;
    if (!pipeline.fitted()) return steps;
    const int64_t inputs = pipeline.inputWidth();
    std::vector<std::string> all, numeric, categorical;
    for (const data::FeatureStep& s : pipeline.steps()) {
        all.push_back(s.column);
        (s.type == data::ColumnType::Numeric ? numeric : categorical).push_back(s.column);
    }
    // Every column is imputed (a numeric one by its mean or median, a categorical one by its most
    // frequent category); then numeric columns are scaled and categorical ones one-hot encoded.
    std::string impute;
    if (!numeric.empty())
        impute = pipeline.options().numericImpute == data::NumericImpute::Mean ? "mean" : "median";
    if (!categorical.empty()) impute += std::string(impute.empty() ? "" : " / ") + "most frequent";
    steps.push_back({"impute", impute, all, inputs, inputs});
    if (!numeric.empty() && pipeline.options().scaling == data::Scaling::Standard)
        steps.push_back({"scale", "standard", numeric, inputs, inputs});
    if (!categorical.empty())
        steps.push_back({"one-hot", "", categorical, inputs, pipeline.outputWidth()});
    return steps;
}

Int8Summary int8Summary(const QuantizedDense& layer) {
    Int8Summary s;
    s.inputScale = layer.inputQuantization().scale;
    s.inputZeroPoint = layer.inputQuantization().zeroPoint;
    const std::vector<Parameter>& p = static_cast<const Layer&>(layer).parameters();
    const Matrix& codes = p[0].value;
    s.codes = parameterStats("int8 weight", codes, 51, -127.5, 127.5);
    s.saturated = (codes.array().abs() == 127.0f).count();
    const Matrix& scales = p[1].value;
    s.unitScales.assign(scales.data(), scales.data() + scales.size());
    if (!s.unitScales.empty()) {
        const auto [lo, hi] = std::minmax_element(s.unitScales.begin(), s.unitScales.end());
        s.scaleMin = *lo;
        s.scaleMax = *hi;
    }
    return s;
}

LayerSummary summarizeLayer(const Layer& layer, int64_t index, int bins) {
    LayerSummary s;
    s.index = index;
    s.type = layer.type();
    s.inputs = layer.inputs();
    s.outputs = layer.outputs();
    s.activations = s.outputs;
    if (const auto* dense = dynamic_cast<const Dense*>(&layer)) {
        s.activation = activationName(dense->activation());
        s.flops = 2 * s.inputs * s.outputs;
        if (dense->activation() != device::Activation::Identity) s.flops += s.outputs;
    } else if (const auto* int8 = dynamic_cast<const QuantizedDense*>(&layer)) {
        s.activation = activationName(int8->activation());
        s.flops = 2 * s.inputs * s.outputs;  // int8 multiply-adds, counted as Dense's
        if (int8->activation() != device::Activation::Identity) s.flops += s.outputs;
        s.int8 = true;
        s.int8Stats = int8Summary(*int8);
    } else if (dynamic_cast<const ActivationLayer*>(&layer)) {
        s.flops = s.outputs;
    } else if (const auto* dropout = dynamic_cast<const Dropout*>(&layer)) {
        s.dropoutRate = dropout->rate();
    }
    for (const Parameter& p : layer.parameters()) {
        ParameterStats stats = parameterStats(p.name, p.value, bins);
        s.parameters += stats.count;
        s.nonzeros += stats.count - stats.zeros;
        s.params.push_back(std::move(stats));
    }
    s.bytes = s.parameters * kBytesPerParameter;
    // A dense_int8 layer's weights are stored as int8: 1 byte each instead of 4.
    if (layer.type() == "dense_int8") s.bytes -= 3 * s.inputs * s.outputs;
    return s;
}

std::vector<std::string> numbered(const char* prefix, int64_t count) {
    std::vector<std::string> names;
    for (int64_t i = 0; i < count; ++i) names.push_back(prefix + std::to_string(i));
    return names;
}

}  // namespace

double LayerSummary::sparsity() const {
    return parameters > 0 ? double(parameters - nonzeros) / double(parameters) : 0.0;
}

double ModelSummary::sparsity() const {
    return parameters > 0 ? double(parameters - nonzeros) / double(parameters) : 0.0;
}

ParameterStats parameterStats(const std::string& name, const Matrix& values, int bins) {
    return parameterStats(name, values, bins, std::nan(""), std::nan(""));
}

ParameterStats parameterStats(const std::string& name, const Matrix& values, int bins, double lo,
                              double hi) {
    ParameterStats s;
    s.name = name;
    s.rows = values.rows();
    s.cols = values.cols();
    s.count = values.size();
    s.histogram.assign(std::max(bins, 1), 0);
    if (s.count == 0) return s;
    const float* v = values.data();
    double sum = 0.0;
    s.min = s.max = v[0];
    for (int64_t i = 0; i < s.count; ++i) {
        sum += v[i];
        s.min = std::min<double>(s.min, v[i]);
        s.max = std::max<double>(s.max, v[i]);
        if (v[i] == 0.0f) ++s.zeros;
    }
    s.mean = sum / double(s.count);
    double squares = 0.0;  // two passes: no cancellation for weights far from 0
    for (int64_t i = 0; i < s.count; ++i) squares += (v[i] - s.mean) * (v[i] - s.mean);
    s.std = std::sqrt(squares / double(s.count));
    s.sparsity = double(s.zeros) / double(s.count);
    // A NaN range (the one-argument form) means the values' own.
    s.histMin = std::isnan(lo) ? s.min : lo;
    s.histMax = std::isnan(hi) ? s.max : hi;
    if (s.histMax <= s.histMin) {
        s.histMin -= 0.5;
        s.histMax += 0.5;
    }
    const int64_t n = static_cast<int64_t>(s.histogram.size());
    const double width = (s.histMax - s.histMin) / double(n);
    for (int64_t i = 0; i < s.count; ++i) {
        // Clamped as a double before the cast: the maximum lands in the last bin, and a NaN
        // (a diverged training) in the first rather than in undefined behaviour.
        const double position = (v[i] - s.histMin) / width;
        const double bin = position >= 0.0 ? std::min(position, double(n - 1)) : 0.0;
        ++s.histogram[static_cast<size_t>(bin)];
    }
    return s;
}

ModelSummary summarizeModel(const Model& model, int bins) {
    ModelSummary s;
    s.task = model.task;
    s.encodedWidth = model.inputs();
    s.pipeline = pipelineSteps(model.pipeline);
    if (model.pipeline.fitted())
        for (const data::FeatureStep& step : model.pipeline.steps())
            s.inputColumns.push_back(step.column);
    else
        s.inputColumns = numbered("x", model.inputs());
    for (size_t i = 0; i < model.layers().size(); ++i) {
        LayerSummary layer = summarizeLayer(*model.layers()[i], static_cast<int64_t>(i), bins);
        s.parameters += layer.parameters;
        s.nonzeros += layer.nonzeros;
        s.bytes += layer.bytes;
        s.flops += layer.flops;
        s.layers.push_back(std::move(layer));
    }
    if (model.task == data::Task::Classification && !model.classNames.empty())
        s.outputs = model.classNames;
    else if (model.outputs() == 1 && !model.targetName.empty())
        s.outputs = {model.targetName};
    else
        s.outputs = numbered("y", model.outputs());
    return s;
}

ModelComparison compareModels(const ModelSummary& original, const ModelSummary& compressed) {
    auto withParameters = [](const ModelSummary& m) {
        std::vector<const LayerSummary*> layers;
        for (const LayerSummary& l : m.layers)
            if (!l.params.empty()) layers.push_back(&l);
        return layers;
    };
    const auto a = withParameters(original), b = withParameters(compressed);
    ModelComparison c;
    for (size_t k = 0; k < std::max(a.size(), b.size()); ++k) {
        LayerComparison row;
        const LayerSummary* named = k < a.size() ? a[k] : b[k];
        std::string type = named->type;
        if (!type.empty()) type[0] = static_cast<char>(std::toupper(type[0]));
        row.label = type + " " + std::to_string(k + 1);
        if (k < a.size()) {
            row.original = *a[k];
            row.originalIndex = a[k]->index;
        }
        if (k < b.size()) {
            row.compressed = *b[k];
            row.compressedIndex = b[k]->index;
        }
        row.parameterChange = row.compressed.parameters - row.original.parameters;
        row.nonzeroChange = row.compressed.nonzeros - row.original.nonzeros;
        row.byteChange = row.compressed.bytes - row.original.bytes;
        c.layers.push_back(std::move(row));
    }
    LayerComparison& t = c.total;
    t.label = "Total";
    auto totals = [](const ModelSummary& m, LayerSummary& into) {
        into.type = "total";
        into.inputs = m.encodedWidth;
        into.outputs = m.layers.empty() ? 0 : m.layers.back().outputs;
        into.parameters = m.parameters;
        into.nonzeros = m.nonzeros;
        into.bytes = m.bytes;
        into.flops = m.flops;
    };
    totals(original, t.original);
    totals(compressed, t.compressed);
    t.parameterChange = compressed.parameters - original.parameters;
    t.nonzeroChange = compressed.nonzeros - original.nonzeros;
    t.byteChange = compressed.bytes - original.bytes;
    return c;
}

}  // namespace loupe::nn
