#pragma once
// A compression plugin's metadata (its <id>.json, embedded in the plugin file), checked and
// typed, and the parameter values a user gives checked against it. Qt-free, so the CLI, the GUI
// and the tests read metadata the same way.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace loupe::plugins {

/// One parameter a plugin takes.
struct ParameterSpec {
    enum class Type { Int, Float, Choice, String, Bool };
    std::string name;
    Type type = Type::Float;
    nlohmann::json defaultValue;       ///< of the parameter's type
    std::optional<double> min, max;    ///< int and float only; both inclusive
    std::vector<std::string> choices;  ///< choice only
    std::string help;

    /// The allowed values in words, e.g. "a number from 0 to 0.99" or "one of a, b".
    std::string allowed() const;
};

/// "int", "float", "choice", "string" or "bool".
std::string toString(ParameterSpec::Type type);

/// id, name, version, description and parameters of a plugin.
struct PluginMetadata {
    std::string id;  ///< lower-case letters, digits and '-', e.g. "prune-magnitude"
    std::string name;
    std::string version;
    std::string description;
    std::vector<ParameterSpec> parameters;

    /// Reads and checks the JSON of docs/formats.md ("Plugin metadata"). Throws InputError naming
    /// the field and what is wrong.
    static PluginMetadata fromJson(const nlohmann::json& json);
    /// The same fields as JSON (what `loupe-cli plugins --json` prints for a plugin).
    nlohmann::json toJson() const;

    /// The parameter named `name`, or nullptr.
    const ParameterSpec* parameter(const std::string& name) const;
    /// Typed values for `given` (name -> text, as --param name=value gives them) with every
    /// other parameter at its default. Throws InputError naming the parameter and the allowed
    /// values for an unknown name or a value out of range or of the wrong type.
    nlohmann::json resolve(const std::map<std::string, std::string>& given) const;
    /// The same for values already typed (a JSON object, as the GUI's form gives them).
    nlohmann::json resolve(const nlohmann::json& given) const;
};

}  // namespace loupe::plugins
