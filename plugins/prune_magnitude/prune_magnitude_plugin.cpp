// The `prune-magnitude` plugin: parameters in, pruneGradually() out.

#include "plugins/prune_magnitude/prune_magnitude_plugin.h"

#include "plugins/prune_magnitude/gradual_pruning.h"

namespace loupe::plugins {

CompressionResult PruneMagnitudePlugin::compress(const CompressionInput& input,
                                                 const nlohmann::json& parameters) {
    GradualPruningOptions options;
    options.sparsity = parameters.at("sparsity").get<double>();
    options.structured = parameters.at("mode").get<std::string>() == "structured";
    options.steps = parameters.at("steps").get<int64_t>();
    options.fineTuneEpochs = parameters.at("finetune_epochs").get<int64_t>();
    FineTuning tuning{input.train,  input.validation, input.trainConfig,
                      input.device, input.progress,   input.stop};
    GradualPruningResult result = pruneGradually(*input.model, options, tuning);
    return {std::move(result.model), std::move(result.notes)};
}

}  // namespace loupe::plugins
