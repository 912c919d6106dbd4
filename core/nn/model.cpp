// Model: building, batched inference, and the architecture as JSON.

#include "core/nn/model.h"

#include <algorithm>
#include <string>

#include "core/error.h"
#include "core/nn/dense.h"
#include "core/nn/dropout.h"
#include "core/nn/init.h"
#include "core/nn/workspace.h"

namespace loupe::nn {

Model::Model() = default;
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

device::Activation ModelSpec::activationOf(size_t layer) const {
    return activations.empty() ? activation : activations.at(layer);
}

float ModelSpec::dropoutOf(size_t layer) const {
    return dropouts.empty() ? dropout : dropouts.at(layer);
}

Model Model::build(const ModelSpec& spec, int64_t inputs, int64_t outputs, uint64_t seed) {
    if (inputs < 1 || outputs < 1)
        throw ModelError("a model needs at least one input and one output");
    const size_t hidden = spec.hidden.size();
    if ((!spec.activations.empty() && spec.activations.size() != hidden) ||
        (!spec.dropouts.empty() && spec.dropouts.size() != hidden))
        throw ModelError("per-layer activations and dropouts must list each of the " +
                         std::to_string(hidden) + " hidden layers");
    Model model;
    InitRandom random(seed);
    int64_t width = inputs;
    for (size_t i = 0; i < hidden; ++i) {
        const int64_t units = spec.hidden[i];
        const float dropout = spec.dropoutOf(i);
        if (units < 1) throw ModelError("hidden layer " + std::to_string(i + 1) + " has no units");
        if (!(dropout >= 0.0f && dropout < 1.0f))
            throw ModelError("hidden layer " + std::to_string(i + 1) +
                             ": dropout must be at least 0 and below 1");
        auto dense = std::make_unique<Dense>(width, units, spec.activationOf(i));
        initializeDense(*dense, random);
        model.m_layers.push_back(std::move(dense));
        if (dropout > 0.0f) model.m_layers.push_back(std::make_unique<Dropout>(units, dropout));
        width = units;
    }
    auto head = std::make_unique<Dense>(width, outputs, device::Activation::Identity);
    initializeDense(*head, random);
    model.m_layers.push_back(std::move(head));
    return model;
}

int64_t Model::inputs() const { return m_layers.empty() ? 0 : m_layers.front()->inputs(); }

int64_t Model::outputs() const { return m_layers.empty() ? 0 : m_layers.back()->outputs(); }

int64_t Model::parameterCount() const {
    int64_t count = 0;
    for (const auto& layer : m_layers)
        for (const Parameter& p : layer->parameters()) count += p.value.size();
    return count;
}

namespace {

/// Runs `layers` on x in batches; softmax over each output row when `softmax`.
/// x: [rows, inputs] -> [rows, outputs].
Matrix runBatched(const LayerList& layers, device::Device& device, const Matrix& x, int64_t batch,
                  bool softmax) {
    if (layers.empty()) throw ModelError("the model has no layers");
    const int64_t inputs = layers.front()->inputs();
    const int64_t outputs = layers.back()->outputs();
    if (x.cols() != inputs)
        throw ModelError("the model expects " + std::to_string(inputs) + " input columns, got " +
                         std::to_string(x.cols()));
    const int64_t rows = x.rows();
    Matrix out(rows, outputs);
    if (rows == 0) return out;
    batch = std::clamp<int64_t>(batch, 1, rows);
    Workspace full(device, layers, batch, false);
    Workspace* ws = &full;
    std::unique_ptr<Workspace> tail;
    device::Tensor probs;
    for (int64_t r0 = 0; r0 < rows; r0 += batch) {
        const int64_t n = std::min(batch, rows - r0);
        if (n != ws->batch()) {
            tail = std::make_unique<Workspace>(full, layers, n, false);
            ws = tail.get();
        }
        device.upload(x.data() + r0 * x.cols(), ws->input());
        ws->forward(layers, false, 0);
        const device::Tensor* result = &ws->output();
        if (softmax) {
            ensureShape(device, probs, n, outputs);
            device.softmax(ws->output(), probs);
            result = &probs;
        }
        device.download(*result, out.data() + r0 * out.cols());
    }
    return out;
}

}  // namespace

Matrix Model::forwardRaw(device::Device& device, const Matrix& x, int64_t batch) const {
    return runBatched(m_layers, device, x, batch, false);
}

Matrix Model::predict(device::Device& device, const Matrix& x, int64_t batch) const {
    return runBatched(m_layers, device, x, batch, task == data::Task::Classification);
}

nlohmann::json Model::architectureJson() const {
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& layer : m_layers) layers.push_back(layer->config());
    return layers;
}

Model Model::fromArchitectureJson(const nlohmann::json& json) {
    if (!json.is_array() || json.empty())
        throw ModelError("architecture must be a non-empty JSON array of layers");
    Model model;
    for (const auto& config : json) {
        auto layer = makeLayer(config);
        if (!model.m_layers.empty() && model.m_layers.back()->outputs() != layer->inputs())
            throw ModelError("layer " + std::to_string(model.m_layers.size()) + " (" +
                             layer->type() + ") takes " + std::to_string(layer->inputs()) +
                             " inputs but the layer before gives " +
                             std::to_string(model.m_layers.back()->outputs()));
        model.m_layers.push_back(std::move(layer));
    }
    return model;
}

Model Model::clone() const {
    Model copy;
    for (const auto& layer : m_layers) copy.m_layers.push_back(layer->clone());
    copy.task = task;
    copy.classNames = classNames;
    copy.targetName = targetName;
    copy.pipeline = pipeline;
    return copy;
}

}  // namespace loupe::nn
