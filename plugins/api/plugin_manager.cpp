// PluginManager: discovery, checks and the run boundary (see the header).

#include "plugins/api/plugin_manager.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibrary>
#include <QPluginLoader>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <sstream>

namespace loupe::plugins {

namespace {

constexpr const char* kIidPrefix = "org.loupe.CompressionPlugin/";

/// Why the Qt metadata `meta` of a plugin file is not usable, or "" when its IID is ours.
std::string iidProblem(const QJsonObject& meta) {
    const std::string iid = meta.value("IID").toString().toStdString();
    if (iid == LOUPE_COMPRESSION_PLUGIN_IID) return {};
    if (iid.rfind(kIidPrefix, 0) == 0)
        return "plugin API version " + iid.substr(std::string(kIidPrefix).size()) +
               ", this Loupe supports " LOUPE_COMPRESSION_PLUGIN_IID;
    return "not a Loupe compression plugin (IID '" + iid + "', expected " +
           LOUPE_COMPRESSION_PLUGIN_IID ")";
}

}  // namespace

struct PluginManager::Loaded {
    std::unique_ptr<QPluginLoader> loader;
    CompressionPlugin* plugin = nullptr;  ///< owned by the loader's root instance
};

PluginManager::PluginManager() = default;
// The loaders are deleted without unload(): a model a plugin made may still use its code.
PluginManager::~PluginManager() = default;

std::vector<std::string> PluginManager::defaultFolders() {
    std::vector<std::string> folders;
    std::error_code error;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) folders.push_back((exe.parent_path().parent_path() / "lib/loupe/plugins").string());
    if (const char* path = std::getenv("LOUPE_PLUGIN_PATH")) {
        std::stringstream list(path);
        for (std::string folder; std::getline(list, folder, ':');)
            if (!folder.empty()) folders.push_back(folder);
    }
    return folders;
}

void PluginManager::scan(const std::vector<std::string>& folders) {
    m_plugins.clear();
    m_failures.clear();
    m_loaded.clear();
    std::vector<std::string> seen;
    for (const std::string& folder : folders) {
        QDir dir(QString::fromStdString(folder));
        if (!dir.exists()) continue;
        const QFileInfoList files = dir.entryInfoList(QDir::Files, QDir::Name);
        for (const QFileInfo& info : files) {
            const QString path = info.canonicalFilePath();
            if (!QLibrary::isLibrary(path)) continue;
            const std::string file = path.toStdString();
            if (std::find(seen.begin(), seen.end(), file) != seen.end())
                continue;  // same folder twice
            seen.push_back(file);
            auto loaded = std::make_unique<Loaded>();
            loaded->loader = std::make_unique<QPluginLoader>(path);
            // metaData() reads the file's embedded JSON without running any of its code.
            const QJsonObject meta = loaded->loader->metaData();
            if (meta.isEmpty()) {
                m_failures.push_back({file, "not a Qt plugin (no plugin metadata)"});
                continue;
            }
            if (std::string why = iidProblem(meta); !why.empty()) {
                m_failures.push_back({file, why});
                continue;
            }
            PluginMetadata metadata;
            try {
                const QByteArray text = QJsonDocument(meta.value("MetaData").toObject()).toJson();
                metadata = PluginMetadata::fromJson(nlohmann::json::parse(text.toStdString()));
            } catch (const std::exception& e) {
                m_failures.push_back({file, e.what()});
                continue;
            }
            if (const PluginEntry* other = find(metadata.id)) {
                m_failures.push_back(
                    {file, "plugin id '" + metadata.id + "' is already taken by " + other->file});
                continue;
            }
            QObject* instance = loaded->loader->instance();
            if (!instance) {
                m_failures.push_back(
                    {file, "cannot load: " + loaded->loader->errorString().toStdString()});
                continue;
            }
            loaded->plugin = qobject_cast<CompressionPlugin*>(instance);
            if (!loaded->plugin) {
                m_failures.push_back({file, "declares " LOUPE_COMPRESSION_PLUGIN_IID
                                            " but does not implement CompressionPlugin"});
                continue;
            }
            m_plugins.push_back({std::move(metadata), file});
            m_loaded.push_back(std::move(loaded));
        }
    }
    // Sort the entries and their loaders together by id.
    std::vector<size_t> order(m_plugins.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [this](size_t a, size_t b) {
        return m_plugins[a].metadata.id < m_plugins[b].metadata.id;
    });
    std::vector<PluginEntry> plugins;
    std::vector<std::unique_ptr<Loaded>> loaders;
    for (size_t i : order) {
        plugins.push_back(std::move(m_plugins[i]));
        loaders.push_back(std::move(m_loaded[i]));
    }
    m_plugins = std::move(plugins);
    m_loaded = std::move(loaders);
}

const PluginEntry* PluginManager::find(const std::string& id) const {
    for (const PluginEntry& entry : m_plugins)
        if (entry.metadata.id == id) return &entry;
    return nullptr;
}

CompressionResult PluginManager::run(const std::string& id, const CompressionInput& input,
                                     const std::map<std::string, std::string>& given) const {
    const PluginEntry* entry = find(id);
    if (!entry) throw InputError("no plugin '" + id + "' (loupe-cli plugins lists them)");
    return run(id, input, entry->metadata.resolve(given));
}

CompressionResult PluginManager::run(const std::string& id, const CompressionInput& input,
                                     const nlohmann::json& given) const {
    const PluginEntry* entry = find(id);
    if (!entry) throw InputError("no plugin '" + id + "' (loupe-cli plugins lists them)");
    const nlohmann::json parameters = entry->metadata.resolve(given);
    if (!input.model || !input.train || !input.validation || !input.device)
        throw InputError("plugin '" + id +
                         "' needs a model, training and validation data and a "
                         "device");
    CompressionPlugin* plugin = m_loaded[size_t(entry - m_plugins.data())]->plugin;
    CompressionResult result;
    const std::string prefix = "plugin '" + id + "' failed: ";
    try {
        result = plugin->compress(input, parameters);
    } catch (const Cancelled&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw PluginError(prefix + "out of memory");
    } catch (const std::exception& e) {
        throw PluginError(prefix + e.what());
    } catch (...) {
        throw PluginError(prefix + "an exception that is not a std::exception");
    }
    if (result.model.layers().empty()) throw PluginError(prefix + "it returned an empty model");
    return result;
}

}  // namespace loupe::plugins
