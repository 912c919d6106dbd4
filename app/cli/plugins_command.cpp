// loupe-cli plugins: the compression plugins found, their parameters, and the files that failed.

#include <iostream>
#include <memory>

#include "app/cli/commands.h"
#include "plugins/api/plugin_manager.h"

namespace loupe::cli {
namespace {

using plugins::ParameterSpec;

std::string describe(const ParameterSpec& p) {
    std::string text =
        p.name + " (" + plugins::toString(p.type) + ", default " +
        (p.defaultValue.is_string() ? p.defaultValue.get<std::string>() : p.defaultValue.dump());
    if (p.type != ParameterSpec::Type::String && p.type != ParameterSpec::Type::Bool)
        text += "; " + p.allowed();
    text += ")";
    if (!p.help.empty()) text += ": " + p.help;
    return text;
}

int runPlugins(bool json) {
    plugins::PluginManager manager;
    const std::vector<std::string> folders = plugins::PluginManager::defaultFolders();
    manager.scan(folders);
    if (json) {
        nlohmann::json list = nlohmann::json::array();
        for (const plugins::PluginEntry& entry : manager.plugins()) {
            nlohmann::json item = entry.metadata.toJson();
            item["file"] = entry.file;
            list.push_back(std::move(item));
        }
        nlohmann::json failures = nlohmann::json::array();
        for (const plugins::PluginFailure& f : manager.failures())
            failures.push_back({{"file", f.file}, {"reason", f.reason}});
        const nlohmann::json doc = {
            {"plugins", list}, {"failures", failures}, {"folders", folders}};
        std::cout << doc.dump(2) << "\n";
        return 0;
    }
    if (manager.plugins().empty()) std::cout << "no plugins found\n";
    for (const plugins::PluginEntry& entry : manager.plugins()) {
        const plugins::PluginMetadata& m = entry.metadata;
        std::cout << m.id << " " << m.version << "  " << m.name << "\n  " << m.description << "\n";
        for (const ParameterSpec& p : m.parameters)
            std::cout << "  --param " << describe(p) << "\n";
    }
    for (const plugins::PluginFailure& f : manager.failures())
        std::cout << "failed: " << f.file << ": " << f.reason << "\n";
    return 0;
}

}  // namespace

Command addPluginsCommand(CLI::App& parent) {
    auto json = std::make_shared<bool>(false);
    CLI::App* app = parent.add_subcommand(
        "plugins", "List the compression plugins (installed, and in LOUPE_PLUGIN_PATH)");
    app->add_flag("--json", *json, "Print JSON: plugins, failures (file, reason), folders");
    return {app, [json] { return runPlugins(*json); }};
}

}  // namespace loupe::cli
