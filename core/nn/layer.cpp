// The layer factory and the host <-> device parameter helpers shared by every layer.

#include "core/nn/layer.h"

#include <array>
#include <string>
#include <utility>

#include "core/error.h"
#include "core/nn/activation_layer.h"
#include "core/nn/dense.h"
#include "core/nn/dropout.h"
#include "core/nn/quantized_dense.h"

namespace loupe::nn {
namespace {

constexpr std::array<std::pair<device::Activation, const char*>, 5> kActivationNames{{
    {device::Activation::Identity, "identity"},
    {device::Activation::ReLU, "relu"},
    {device::Activation::Tanh, "tanh"},
    {device::Activation::Sigmoid, "sigmoid"},
    {device::Activation::GELU, "gelu"},
}};

int64_t positiveField(const nlohmann::json& config, const char* key) {
    if (!config.contains(key) || !config[key].is_number_integer() || config[key].get<int64_t>() < 1)
        throw ModelError("layer " + config.dump() + ": '" + key + "' must be a positive integer");
    return config[key].get<int64_t>();
}

}  // namespace

std::string activationName(device::Activation act) {
    for (const auto& [a, name] : kActivationNames)
        if (a == act) return name;
    throw ModelError("unknown activation");
}

device::Activation parseActivation(const std::string& name) {
    for (const auto& [a, n] : kActivationNames)
        if (name == n) return a;
    throw ModelError("unknown activation '" + name +
                     "' (expected identity, relu, tanh, sigmoid or gelu)");
}

std::unique_ptr<Layer> makeLayer(const nlohmann::json& config) {
    if (!config.is_object() || !config.contains("type") || !config["type"].is_string())
        throw ModelError("layer " + config.dump() + ": missing \"type\"");
    const std::string type = config["type"].get<std::string>();
    if (type == "dense") {
        device::Activation act = device::Activation::Identity;
        if (config.contains("activation")) {
            if (!config["activation"].is_string())
                throw ModelError("layer " + config.dump() + ": 'activation' must be a string");
            act = parseActivation(config["activation"].get<std::string>());
        }
        return std::make_unique<Dense>(positiveField(config, "inputs"),
                                       positiveField(config, "units"), act);
    }
    if (type == "dense_int8") {
        if (!config.contains("activation") || !config["activation"].is_string() ||
            !config.contains("input_scale") || !config["input_scale"].is_number() ||
            !config.contains("input_zero_point") ||
            !config["input_zero_point"].is_number_integer())
            throw ModelError("layer " + config.dump() +
                             ": dense_int8 needs 'activation', 'input_scale' and "
                             "'input_zero_point'");
        const int64_t zeroPoint = config["input_zero_point"].get<int64_t>();
        if (zeroPoint < 0 || zeroPoint > 255)
            throw ModelError("layer " + config.dump() + ": 'input_zero_point' must be 0..255");
        const device::InputQuantization input{config["input_scale"].get<float>(),
                                              static_cast<int32_t>(zeroPoint)};
        return std::make_unique<QuantizedDense>(
            positiveField(config, "inputs"), positiveField(config, "units"),
            parseActivation(config["activation"].get<std::string>()), input);
    }
    if (type == "dropout") {
        if (!config.contains("rate") || !config["rate"].is_number())
            throw ModelError("layer " + config.dump() + ": 'rate' must be a number");
        return std::make_unique<Dropout>(positiveField(config, "inputs"),
                                         config["rate"].get<float>());
    }
    if (type == "relu" || type == "tanh" || type == "sigmoid" || type == "gelu")
        return std::make_unique<ActivationLayer>(parseActivation(type),
                                                 positiveField(config, "inputs"));
    throw ModelError("unknown layer type '" + type + "'");
}

void ensureShape(device::Device& dev, device::Tensor& t, int64_t rows, int64_t cols) {
    if (t.rows() != rows || t.cols() != cols || t.device() != &dev) t = dev.allocate(rows, cols);
}

LayerState makeLayerState(device::Device& dev, const Layer& layer, bool withGrads) {
    LayerState state;
    for (const Parameter& p : layer.parameters()) {
        device::Tensor t = dev.allocate(p.value.rows(), p.value.cols());
        dev.upload(p.value.data(), t);
        state.params.push_back(t);
        if (withGrads) {
            device::Tensor g = dev.allocate(p.value.rows(), p.value.cols());
            dev.fill(g, 0.0f);
            state.grads.push_back(g);
        }
    }
    return state;
}

void downloadParameters(device::Device& dev, const LayerState& state, Layer& layer) {
    std::vector<Parameter>& params = layer.parameters();
    if (state.params.size() != params.size())
        throw ModelError("layer '" + layer.type() + "': device state holds " +
                         std::to_string(state.params.size()) + " parameters, expected " +
                         std::to_string(params.size()));
    for (size_t i = 0; i < params.size(); ++i) {
        if (state.params[i].rows() != params[i].value.rows() ||
            state.params[i].cols() != params[i].value.cols())
            throw ModelError("layer '" + layer.type() + "': parameter '" + params[i].name +
                             "' changed shape on the device");
        dev.download(state.params[i], params[i].value.data());
    }
}

}  // namespace loupe::nn
