#pragma once
// The compression plugin interface: a plugin turns a trained Model into a new Model and notes.
// A plugin is a Qt plugin (QtCore only) whose class implements CompressionPlugin and embeds its
// metadata with
//     Q_PLUGIN_METADATA(IID LOUPE_COMPRESSION_PLUGIN_IID FILE "<id>.json")
// (fields in plugins/README.md, read by PluginMetadata before any plugin code is loaded). The
// class is a thin adapter: the algorithm sits in a Qt-free library beside it.
//
// Parameter values are a nlohmann::json object, name -> value, already checked against the
// metadata with every default filled in (PluginMetadata::resolve): int parameters are JSON
// integers, float numbers, bool booleans, choice and string strings. JSON rather than QVariantMap
// so that the Qt-free algorithm libraries read the same values the plugin class gets.

#include <QtPlugin>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <string>

#include "core/data/target.h"
#include "core/device/device.h"
#include "core/nn/model.h"
#include "core/progress.h"
#include "core/train/trainer.h"

namespace loupe::plugins {

/// Everything a compression run may use besides its parameters. The pointed-to values outlive
/// the call and are never modified by it.
struct CompressionInput {
    const nn::Model* model = nullptr;  ///< the trained model (its Pipeline and class names too)
    /// Training rows already through the model's pipeline, resampled as the run's were
    /// (train::fineTuningSetup). X: [rows, inputs]; y: class index or value.
    const train::TrainData* train = nullptr;
    /// Validation rows through the pipeline; may have 0 rows.
    const train::TrainData* validation = nullptr;
    data::Task task = data::Task::Classification;
    int64_t classes = 0;               ///< classification: number of classes; regression: 0
    train::TrainConfig trainConfig;    ///< as the model was trained (class weights too)
    device::Device* device = nullptr;  ///< where to fine-tune, calibrate or distill
    Progress progress;                 ///< may be empty; stage names are the plugin's
    std::stop_token stop;              ///< a plugin polls it and throws loupe::Cancelled
};

/// What a compression run returns.
struct CompressionResult {
    nn::Model model;    ///< the compressed model, with the original's Pipeline and class names
    std::string notes;  ///< a few lines for the user: what was done, what it cost
};

/// A compression plugin. compress() may throw (loupe errors or anything else): the caller turns
/// every exception into an error message; nothing escapes the plugin boundary into the app.
class CompressionPlugin {
public:
    virtual ~CompressionPlugin() = default;
    /// Compresses `*input.model` with `parameters` (resolved against the metadata).
    virtual CompressionResult compress(const CompressionInput& input,
                                       const nlohmann::json& parameters) = 0;
};

}  // namespace loupe::plugins

/// The interface id; the number after the slash is the API's major version.
#define LOUPE_COMPRESSION_PLUGIN_IID "org.loupe.CompressionPlugin/1"
Q_DECLARE_INTERFACE(loupe::plugins::CompressionPlugin, LOUPE_COMPRESSION_PLUGIN_IID)
