#pragma once
// The `distill` compression plugin: a thin Qt shell over loupe_distill (distillation.h).

#include <QObject>

#include "plugins/api/compression_plugin.h"

namespace loupe::plugins {

class DistillPlugin : public QObject, public CompressionPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_COMPRESSION_PLUGIN_IID FILE "distill.json")
    Q_INTERFACES(loupe::plugins::CompressionPlugin)

public:
    /// Trains the student the parameters describe on the input's training rows.
    CompressionResult compress(const CompressionInput& input,
                               const nlohmann::json& parameters) override;
};

}  // namespace loupe::plugins
