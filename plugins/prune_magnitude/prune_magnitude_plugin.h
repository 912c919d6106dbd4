#pragma once
// The `prune-magnitude` compression plugin: a thin adapter from the plugin API to
// pruneGradually() (gradual_pruning.h).

#include <QObject>

#include "plugins/api/compression_plugin.h"

namespace loupe::plugins {

class PruneMagnitudePlugin : public QObject, public CompressionPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_COMPRESSION_PLUGIN_IID FILE "prune-magnitude.json")
    Q_INTERFACES(loupe::plugins::CompressionPlugin)

public:
    /// Parameters: sparsity, mode (unstructured|structured), steps, finetune_epochs.
    CompressionResult compress(const CompressionInput& input,
                               const nlohmann::json& parameters) override;
};

}  // namespace loupe::plugins
