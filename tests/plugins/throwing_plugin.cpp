// Test plugin: good metadata; its run throws (mode=throw), returns an empty model (mode=empty)
// or a copy of the model (mode=identity), so a test sees the manager survive each.
#include <QObject>
#include <stdexcept>

#include "plugins/api/compression_plugin.h"

class ThrowingPlugin : public QObject, public loupe::plugins::CompressionPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_COMPRESSION_PLUGIN_IID FILE "good.json")
    Q_INTERFACES(loupe::plugins::CompressionPlugin)

public:
    loupe::plugins::CompressionResult compress(const loupe::plugins::CompressionInput& input,
                                               const nlohmann::json& parameters) override {
        const std::string mode = parameters.at("mode").get<std::string>();
        if (mode == "throw") throw std::runtime_error("deliberate failure in a test plugin");
        if (mode == "empty") return {};
        return {input.model->clone(), "identity"};
    }
};

#include "throwing_plugin.moc"
