// ONNX export with Debian's libonnx: the Pipeline and the layers as nodes of one graph, built
// through the protobuf API and checked as onnx.checker.check_model(full_check=True) checks it.

#include "core/io/onnx_export.h"

#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <climits>
#include <numeric>

#include "core/error.h"
#include "core/io/onnx_graph.h"
#include "core/nn/activation_layer.h"
#include "core/nn/dense.h"
#include "core/nn/dropout.h"
#include "core/nn/quantized_dense.h"

namespace loupe::io {
namespace {

/// IR 8 (ONNX 1.10+) is enough for opset 13; pinned so that a newer libonnx does not raise it
/// past what deployed runtimes read.
constexpr int64_t kIrVersion = 8;
constexpr const char* kMlDomain = "ai.onnx.ml";
constexpr int32_t kFloat = onnx::TensorProto_DataType_FLOAT;

/// Every spelling of the reader's missing markers (core/data/column_builder.cpp isMissingMarker:
/// empty, "?", and na, n/a, nan, null in any letter case), as exact LabelEncoder keys.
std::vector<std::string> missingMarkers() {
    std::vector<std::string> markers{"", "?"};
    for (const std::string word : {"na", "n/a", "nan", "null"}) {
        std::vector<size_t> letters;
        for (size_t i = 0; i < word.size(); ++i)
            if (word[i] != '/') letters.push_back(i);
        for (unsigned mask = 0; mask < (1u << letters.size()); ++mask) {
            std::string spelling = word;
            for (size_t b = 0; b < letters.size(); ++b)
                if (mask & (1u << b)) spelling[letters[b]] = char(spelling[letters[b]] - 'a' + 'A');
            markers.push_back(spelling);
        }
    }
    return markers;
}

/// Log columns: Where(is_log, Log(x + 1), x), so a value below -1 becomes NaN as in
/// Pipeline::transform. Missing values: Where(IsNaN(x), fill, x); then (x - mean) / scale.
/// x: [N, numeric columns].
std::string numericSteps(OnnxGraph& g, const std::vector<const data::FeatureStep*>& steps,
                         bool scale) {
    const auto k = int64_t(steps.size());
    std::vector<float> fill, mean, scales;
    std::vector<int64_t> logged;
    for (const data::FeatureStep* step : steps) {
        fill.push_back(float(step->fill));
        mean.push_back(float(step->mean));
        scales.push_back(float(step->scale));
        logged.push_back(step->log ? 1 : 0);
    }
    g.input(kOnnxFeaturesInput, kFloat, {std::string("N"), k});
    std::string raw = kOnnxFeaturesInput;
    if (std::find(logged.begin(), logged.end(), 1) != logged.end()) {
        g.floats("pipeline/one", {}, std::vector<float>{1.0f});
        g.node("Add", {raw, "pipeline/one"}, "pipeline/plus_one");
        g.node("Log", {"pipeline/plus_one"}, "pipeline/log1p");
        g.int64s("pipeline/log_columns", {k}, logged);
        onnx::NodeProto& mask = g.node("Cast", {"pipeline/log_columns"}, "pipeline/is_log");
        setAttribute(mask, "to", int64_t{onnx::TensorProto_DataType_BOOL});
        raw = g.node("Where", {"pipeline/is_log", "pipeline/log1p", raw}, "pipeline/logged")
                  .output(0);
    }
    g.node("IsNaN", {raw}, "pipeline/missing");
    g.floats("pipeline/fill", {k}, fill);
    std::string x =
        g.node("Where", {"pipeline/missing", "pipeline/fill", raw}, "pipeline/imputed").output(0);
    if (!scale) return x;
    g.floats("pipeline/mean", {k}, mean);
    g.floats("pipeline/scale", {k}, scales);
    g.node("Sub", {x, "pipeline/mean"}, "pipeline/centred");
    return g.node("Div", {"pipeline/centred", "pipeline/scale"}, "pipeline/scaled").output(0);
}

/// One-hot of a string column [N, 1]: LabelEncoder to the category's index (a missing marker to
/// the fill category, an unseen value to -1), Equal against 0..C-1, Cast to float: [N, C].
/// Ordinal: the index itself, Cast to float: [N, 1].
std::string categoricalStep(OnnxGraph& g, const data::FeatureStep& step, size_t index,
                            bool ordinal) {
    const std::string input = onnxCategoricalInput(step.column);
    const std::string at = "pipeline/step" + std::to_string(index);
    g.input(input, onnx::TensorProto_DataType_STRING, {std::string("N"), int64_t(1)});
    std::vector<std::string> keys = step.categories;
    std::vector<int64_t> values(keys.size());
    std::iota(values.begin(), values.end(), int64_t{0});
    for (const std::string& marker : missingMarkers()) {
        if (std::find(keys.begin(), keys.end(), marker) != keys.end()) continue;
        keys.push_back(marker);
        values.push_back(step.fillCategory);  // -1 when training saw no value: all zeros
    }
    onnx::NodeProto& encode = g.node("LabelEncoder", {input}, at + "/code", kMlDomain);
    setAttribute(encode, "keys_strings", keys);
    setAttribute(encode, "values_int64s", values);
    setAttribute(encode, "default_int64", int64_t{-1});
    if (ordinal) {
        onnx::NodeProto& code = g.node("Cast", {at + "/code"}, at + "/ordinal");
        setAttribute(code, "to", int64_t{kFloat});
        return code.output(0);
    }
    const auto width = int64_t(step.categories.size());
    std::vector<int64_t> range(size_t(width), 0);
    std::iota(range.begin(), range.end(), int64_t{0});
    g.int64s(at + "/categories", {width}, range);
    g.node("Equal", {at + "/code", at + "/categories"}, at + "/is");
    onnx::NodeProto& cast = g.node("Cast", {at + "/is"}, at + "/onehot");
    setAttribute(cast, "to", int64_t{kFloat});
    return cast.output(0);
}

/// The pipeline as graph inputs and nodes; returns the name of X: [N, outputWidth()].
std::string pipelineSteps(OnnxGraph& g, const data::Pipeline& pipeline) {
    std::vector<const data::FeatureStep*> numeric;
    for (const data::FeatureStep& step : pipeline.steps())
        if (step.type == data::ColumnType::Numeric) numeric.push_back(&step);
    bool scale = false;
    for (const data::FeatureStep* step : numeric) scale |= step->mean != 0.0 || step->scale != 1.0;
    const std::string scaled = numeric.empty() ? std::string() : numericSteps(g, numeric, scale);
    if (numeric.size() == pipeline.steps().size()) return scaled;

    // Mixed columns: slice each run of numeric columns and concatenate the blocks in the
    // pipeline's order, which is the order of the first Dense layer's rows.
    std::vector<std::string> blocks;
    int64_t taken = 0;
    const auto& steps = pipeline.steps();
    for (size_t s = 0; s < steps.size();) {
        if (steps[s].type != data::ColumnType::Numeric) {
            const bool ordinal = pipeline.options().encoding == data::Encoding::Ordinal;
            if (ordinal || !steps[s].categories.empty())
                blocks.push_back(categoricalStep(g, steps[s], s, ordinal));
            else  // training saw no value: all-zero columns, none at all; the input stays
                g.input(onnxCategoricalInput(steps[s].column), onnx::TensorProto_DataType_STRING,
                        {std::string("N"), int64_t(1)});
            ++s;
            continue;
        }
        const int64_t begin = taken;
        while (s < steps.size() && steps[s].type == data::ColumnType::Numeric) ++s, ++taken;
        const std::string at = "pipeline/numeric" + std::to_string(begin);
        const int64_t starts[] = {begin}, ends[] = {taken}, axes[] = {1};
        g.int64s(at + "/starts", {1}, starts);
        g.int64s(at + "/ends", {1}, ends);
        g.int64s(at + "/axes", {1}, axes);
        blocks.push_back(
            g.node("Slice", {scaled, at + "/starts", at + "/ends", at + "/axes"}, at).output(0));
    }
    if (blocks.empty()) throw ModelError("the pipeline gives the model no columns to export");
    if (blocks.size() == 1) return blocks.front();
    onnx::NodeProto& concat = g.node("Concat", {}, "pipeline/x");
    for (const std::string& block : blocks) concat.add_input(block);
    setAttribute(concat, "axis", int64_t{1});
    return concat.output(0);
}

/// y = act(x) as ONNX ops; GELU in the exact erf form Loupe computes, 0.5 x (1 + erf(x / sqrt 2)).
std::string activation(OnnxGraph& g, device::Activation act, const std::string& x,
                       const std::string& at) {
    switch (act) {
        case device::Activation::Identity:
            return x;
        case device::Activation::ReLU:
            return g.node("Relu", {x}, at + "/relu").output(0);
        case device::Activation::Tanh:
            return g.node("Tanh", {x}, at + "/tanh").output(0);
        case device::Activation::Sigmoid:
            return g.node("Sigmoid", {x}, at + "/sigmoid").output(0);
        case device::Activation::GELU: {
            const float invSqrt2[] = {0.70710678118654752f}, half[] = {0.5f}, one[] = {1.0f};
            g.floats(at + "/inv_sqrt2", {}, invSqrt2);
            g.floats(at + "/half", {}, half);
            g.floats(at + "/one", {}, one);
            g.node("Mul", {x, at + "/inv_sqrt2"}, at + "/gelu_scaled");
            g.node("Erf", {at + "/gelu_scaled"}, at + "/gelu_erf");
            g.node("Add", {at + "/gelu_erf", at + "/one"}, at + "/gelu_cdf2");
            g.node("Mul", {x, at + "/half"}, at + "/gelu_half");
            return g.node("Mul", {at + "/gelu_half", at + "/gelu_cdf2"}, at + "/gelu").output(0);
        }
    }
    throw ModelError("unknown activation");
}

/// A dense_int8 layer with the arithmetic of Device::gemmS8, so ONNX Runtime gives the same
/// numbers: x * (1 / s) then QuantizeLinear with scale 1 (gemmS8 multiplies by the inverse; a
/// division by s could round a code differently), MatMulInteger u8 x s8 with the zero point
/// (exact int32 sums), Cast to float, times s * weight_scale (the same float product), + bias.
/// The weights stay int8 initializers. x: [N, inputs] -> [N, units].
std::string quantizedDenseSteps(OnnxGraph& g, const nn::QuantizedDense& layer, const std::string& x,
                                const std::string& at) {
    const std::vector<nn::Parameter>& p = static_cast<const nn::Layer&>(layer).parameters();
    const std::vector<int8_t> codes = layer.int8Weights();  // [inputs, units], row-major
    const Matrix& scales = p[1].value;                      // [1, units]
    const Matrix& b = p[2].value;                           // [1, units]
    const device::InputQuantization& q = layer.inputQuantization();
    const float inverse[] = {1.0f / q.scale}, one[] = {1.0f}, inputScale[] = {q.scale};
    const uint8_t zeroPoint[] = {static_cast<uint8_t>(q.zeroPoint)};
    g.int8s(at + "/weight", {layer.inputs(), layer.outputs()}, codes);
    g.floats(at + "/weight_scale", {scales.cols()}, {scales.data(), size_t(scales.size())});
    g.floats(at + "/bias", {b.cols()}, {b.data(), size_t(b.size())});
    g.floats(at + "/input_inverse_scale", {}, inverse);
    g.floats(at + "/unit_scale", {}, one);
    g.floats(at + "/input_scale", {}, inputScale);
    g.uint8s(at + "/input_zero_point", {}, zeroPoint);
    g.node("Mul", {x, at + "/input_inverse_scale"}, at + "/x_scaled");
    g.node("QuantizeLinear", {at + "/x_scaled", at + "/unit_scale", at + "/input_zero_point"},
           at + "/x_u8");
    g.node("MatMulInteger", {at + "/x_u8", at + "/weight", at + "/input_zero_point"}, at + "/sums");
    setAttribute(g.node("Cast", {at + "/sums"}, at + "/sums_float"), "to", int64_t{kFloat});
    g.node("Mul", {at + "/input_scale", at + "/weight_scale"}, at + "/output_scale");
    g.node("Mul", {at + "/sums_float", at + "/output_scale"}, at + "/product");
    return g.node("Add", {at + "/product", at + "/bias"}, at + "/dense").output(0);
}

/// The layers after X; returns the name of the last layer's output [N, outputs].
std::string layerSteps(OnnxGraph& g, const nn::Model& model, std::string x) {
    const auto& layers = model.layers();
    for (size_t i = 0; i < layers.size(); ++i) {
        const nn::Layer& layer = *layers[i];
        const std::string at = "layer" + std::to_string(i);
        if (const auto* dense = dynamic_cast<const nn::Dense*>(&layer)) {
            const std::vector<nn::Parameter>& p = layer.parameters();
            const Matrix& w = p[0].value;  // [inputs, units], row-major as ONNX stores it
            const Matrix& b = p[1].value;  // [1, units]
            g.floats(at + "/weight", {w.rows(), w.cols()}, {w.data(), size_t(w.size())});
            g.floats(at + "/bias", {b.cols()}, {b.data(), size_t(b.size())});
            x = g.node("Gemm", {x, at + "/weight", at + "/bias"}, at + "/dense").output(0);
            x = activation(g, dense->activation(), x, at);
        } else if (const auto* int8 = dynamic_cast<const nn::QuantizedDense*>(&layer)) {
            x = activation(g, int8->activation(), quantizedDenseSteps(g, *int8, x, at), at);
        } else if (const auto* act = dynamic_cast<const nn::ActivationLayer*>(&layer)) {
            x = activation(g, act->activation(), x, at);
        } else if (dynamic_cast<const nn::Dropout*>(&layer)) {
            continue;  // the identity at inference
        } else {
            throw InputError("cannot export layer " + std::to_string(i + 1) + " ('" + layer.type() +
                             "') to ONNX yet: the export knows dense, dense_int8, relu, tanh, "
                             "sigmoid, gelu and dropout layers");
        }
    }
    return x;
}

void addMetadata(onnx::ModelProto& proto, const std::string& key, const std::string& value) {
    onnx::StringStringEntryProto& entry = *proto.add_metadata_props();
    entry.set_key(key);
    entry.set_value(value);
}

void checkModel(const onnx::ModelProto& proto) {
    try {
        onnx::checker::check_model(proto);
        // full_check: strict shape inference with type checks, on a copy it may annotate.
        onnx::ModelProto inferred = proto;
        onnx::shape_inference::InferShapes(inferred, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(true, 1, false));
    } catch (const std::exception& e) {
        throw ModelError(std::string("the exported ONNX graph fails the ONNX checker: ") +
                         e.what());
    }
}

}  // namespace

bool onnxExportAvailable() { return true; }

std::string onnxModelBytes(const nn::Model& model) {
    if (model.layers().empty()) throw ModelError("the model has no layers to export");
    if (!model.pipeline.fitted() || model.pipeline.outputWidth() != model.inputs())
        throw ModelError("the model's pipeline gives " +
                         std::to_string(model.pipeline.outputWidth()) +
                         " columns; its layers take " + std::to_string(model.inputs()));
    const bool classification = model.task == data::Task::Classification;
    if (classification && int64_t(model.classNames.size()) != model.outputs())
        throw ModelError("the model has " + std::to_string(model.outputs()) + " outputs for " +
                         std::to_string(model.classNames.size()) + " class names");

    onnx::ModelProto proto;
    proto.set_ir_version(kIrVersion);
    proto.set_producer_name("Loupe");
    proto.set_producer_version(LOUPE_VERSION);
    proto.set_doc_string("Loupe model for '" + model.targetName +
                         "': the fitted pipeline and the layers; see Loupe's docs/formats.md");
    onnx::OperatorSetIdProto& opset = *proto.add_opset_import();
    opset.set_domain("");
    opset.set_version(kOnnxOpset);
    bool categorical = false;
    for (const data::FeatureStep& step : model.pipeline.steps())
        categorical |= step.type != data::ColumnType::Numeric &&
                       (!step.categories.empty() ||
                        model.pipeline.options().encoding == data::Encoding::Ordinal);
    if (categorical) {
        onnx::OperatorSetIdProto& ml = *proto.add_opset_import();
        ml.set_domain(kMlDomain);
        ml.set_version(kOnnxMlOpset);
    }

    onnx::GraphProto& graph = *proto.mutable_graph();
    graph.set_name("loupe");
    OnnxGraph g(graph);
    std::string x = layerSteps(g, model, pipelineSteps(g, model.pipeline));
    const std::string output = classification ? "probabilities" : "values";
    if (classification) {
        // Model::predict: softmax over each row of the logits.
        setAttribute(g.node("Softmax", {x}, output), "axis", int64_t{1});
    } else {
        g.node("Identity", {x}, output);
    }
    g.output(output, kFloat, {std::string("N"), model.outputs()});

    nlohmann::json categoricalInputs = nlohmann::json::object();
    for (const data::FeatureStep& step : model.pipeline.steps())
        if (step.type != data::ColumnType::Numeric)
            categoricalInputs[onnxCategoricalInput(step.column)] = step.column;
    addMetadata(proto, "loupe.task", std::string(data::toString(model.task)));
    addMetadata(proto, "loupe.target", model.targetName);
    addMetadata(proto, "loupe.class_names", nlohmann::json(model.classNames).dump());
    addMetadata(proto, "loupe.numeric_columns", nlohmann::json(onnxNumericColumns(model)).dump());
    addMetadata(proto, "loupe.categorical_inputs", categoricalInputs.dump());
    addMetadata(proto, "loupe.output", output);

    if (proto.ByteSizeLong() > size_t(INT_MAX))
        throw InputError(
            "the model is over 2 GiB, more than one ONNX file holds (protobuf's "
            "limit); export with external data is not supported");
    checkModel(proto);
    std::string bytes;
    if (!proto.SerializeToString(&bytes)) throw ModelError("cannot serialize the ONNX model");
    return bytes;
}

}  // namespace loupe::io
