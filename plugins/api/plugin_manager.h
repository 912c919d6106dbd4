#pragma once
// PluginManager: finds compression plugins, checks their metadata before loading any of their
// code, loads the good ones and runs them behind a boundary no exception crosses unconverted.

#include <QObject>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "plugins/api/compression_plugin.h"
#include "plugins/api/plugin_metadata.h"

class QPluginLoader;

namespace loupe::plugins {

/// A plugin's run failed: its exception (or its refusal) as one message naming the plugin.
class PluginError : public Error {
public:
    using Error::Error;
};

/// A plugin file that could not be used, and why.
struct PluginFailure {
    std::string file;
    std::string reason;
};

/// A plugin that passed every check and whose code is loaded.
struct PluginEntry {
    PluginMetadata metadata;
    std::string file;
};

class PluginManager {
public:
    PluginManager();
    ~PluginManager();
    PluginManager(const PluginManager&) = delete;
    PluginManager& operator=(const PluginManager&) = delete;

    /// The folders searched by default, in order: <executable dir>/../lib/loupe/plugins (the
    /// installed layout, and the build tree's, whose programs sit in <build>/app or
    /// <build>/tests), then each folder of LOUPE_PLUGIN_PATH (':'-separated).
    static std::vector<std::string> defaultFolders();

    /// Forgets what an earlier scan found, then checks every library file directly in `folders`
    /// (not below them): Qt plugin metadata, IID and API version, the metadata JSON, a unique id;
    /// then loads the code of those that passed. Missing folders are skipped silently.
    void scan(const std::vector<std::string>& folders = defaultFolders());

    /// The usable plugins, sorted by id.
    const std::vector<PluginEntry>& plugins() const { return m_plugins; }
    /// The files that were not usable, in the order found.
    const std::vector<PluginFailure>& failures() const { return m_failures; }
    /// The plugin with `id`, or nullptr.
    const PluginEntry* find(const std::string& id) const;

    /// Runs plugin `id` on `input` with `given` parameters (name -> text, as --param gives them).
    /// Throws InputError for an unknown id or bad parameters (before any plugin code runs),
    /// Cancelled when `input.stop` was requested, and PluginError for anything else the plugin
    /// throws or a result without layers.
    CompressionResult run(const std::string& id, const CompressionInput& input,
                          const std::map<std::string, std::string>& given) const;
    /// The same with typed parameter values (a JSON object).
    CompressionResult run(const std::string& id, const CompressionInput& input,
                          const nlohmann::json& given) const;

private:
    struct Loaded;
    std::vector<PluginEntry> m_plugins;
    std::vector<PluginFailure> m_failures;
    std::vector<std::unique_ptr<Loaded>> m_loaded;  ///< parallel to m_plugins; never unloaded
};

}  // namespace loupe::plugins
