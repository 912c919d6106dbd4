#pragma once
// Model: a sequence of layers with the fitted Pipeline and the label names it was trained for.
// A loaded model predicts from a raw Table exactly as it did at the end of training.

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/data/pipeline.h"
#include "core/data/target.h"
#include "core/device/device.h"
#include "core/matrix.h"
#include "core/nn/layer.h"

namespace loupe::nn {

/// What a user asks for; the CLI's --model/--hidden/--activation/--dropout map onto it, the GUI's
/// layer builder onto the per-layer lists.
struct ModelSpec {
    std::vector<int64_t> hidden;  ///< units of each hidden Dense layer; empty = logistic/linear
    device::Activation activation = device::Activation::ReLU;  ///< of layers without their own
    float dropout = 0.0f;  ///< after each hidden layer without its own; 0 = none
    std::vector<device::Activation> activations{};  ///< per hidden layer; empty = `activation`
    std::vector<float> dropouts{};                  ///< per hidden layer; empty = `dropout`

    /// The activation of hidden layer `layer` (0-based).
    device::Activation activationOf(size_t layer) const;
    /// The dropout after hidden layer `layer` (0-based).
    float dropoutOf(size_t layer) const;
};

class Model {
public:
    Model();
    ~Model();
    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;

    /// Builds Dense(+activation)[+Dropout] per hidden layer, then a Dense output layer with
    /// `outputs` units, weights initialised from `seed` (He for ReLU/GELU, Glorot otherwise).
    /// Throws ModelError when the per-layer lists do not match `hidden` or a value is out of range.
    static Model build(const ModelSpec& spec, int64_t inputs, int64_t outputs, uint64_t seed);

    std::vector<std::unique_ptr<Layer>>& layers() { return m_layers; }
    const std::vector<std::unique_ptr<Layer>>& layers() const { return m_layers; }
    int64_t inputs() const;
    int64_t outputs() const;
    int64_t parameterCount() const;

    /// Forward pass without dropout. X: [rows, inputs] (after the pipeline) ->
    /// [rows, outputs]: class probabilities (classification) or values (regression).
    /// Runs in batches of `batch` rows on `device`.
    Matrix predict(device::Device& device, const Matrix& x, int64_t batch = 4096) const;
    /// Raw logits (classification) or values (regression). X: [rows, inputs].
    Matrix forwardRaw(device::Device& device, const Matrix& x, int64_t batch = 4096) const;
    /// Pipeline then predict: the probabilities/values for `rows` of a raw table.
    Matrix predictTable(device::Device& device, const data::Table& table,
                        std::span<const int64_t> rows) const;

    // What the model was trained for; saved with it.
    data::Task task = data::Task::Classification;
    std::vector<std::string> classNames;  ///< classification: one per output
    std::string targetName;
    data::Pipeline pipeline;

    /// Layer list as JSON: [{"type": "dense", "inputs": 30, "units": 64, "activation": "relu"},
    /// ...].
    nlohmann::json architectureJson() const;
    /// Builds the layers (weights uninitialised) from architectureJson(); throws ModelError.
    static Model fromArchitectureJson(const nlohmann::json& json);
    /// A deep copy (weights included).
    Model clone() const;

private:
    std::vector<std::unique_ptr<Layer>> m_layers;
};

}  // namespace loupe::nn
