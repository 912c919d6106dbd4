#pragma once
// The `quantize-int8` compression plugin: a thin adapter from the plugin API to quantizeInt8()
// (int8_quantization.h).

#include <QObject>

#include "plugins/api/compression_plugin.h"

namespace loupe::plugins {

class QuantizeInt8Plugin : public QObject, public CompressionPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_COMPRESSION_PLUGIN_IID FILE "quantize-int8.json")
    Q_INTERFACES(loupe::plugins::CompressionPlugin)

public:
    /// Parameters: samples, method (minmax|percentile), percentile.
    CompressionResult compress(const CompressionInput& input,
                               const nlohmann::json& parameters) override;
};

}  // namespace loupe::plugins
