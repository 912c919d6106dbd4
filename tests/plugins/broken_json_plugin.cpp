// Test plugin: valid IID, metadata JSON that fails PluginMetadata's checks.
#include <QObject>

#include "plugins/api/compression_plugin.h"

class BrokenJsonPlugin : public QObject, public loupe::plugins::CompressionPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_COMPRESSION_PLUGIN_IID FILE "broken_json.json")
    Q_INTERFACES(loupe::plugins::CompressionPlugin)

public:
    loupe::plugins::CompressionResult compress(const loupe::plugins::CompressionInput& input,
                                               const nlohmann::json&) override {
        return {input.model->clone(), {}};
    }
};

#include "broken_json_plugin.moc"
