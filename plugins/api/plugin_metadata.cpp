// Plugin metadata: parsing, checking and parameter resolution (see the header).

#include "plugins/api/plugin_metadata.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.h"

namespace loupe::plugins {
namespace {

using Type = ParameterSpec::Type;
using nlohmann::json;

[[noreturn]] void bad(const std::string& what) { throw InputError("plugin metadata: " + what); }

std::string requireString(const json& object, const std::string& key, const std::string& where) {
    if (!object.contains(key) || !object[key].is_string())
        bad(where + "'" + key + "' must be a string");
    return object[key].get<std::string>();
}

std::string number(double value) {
    std::ostringstream out;
    out.precision(15);  // 2147483647, not 2.14748e+09
    out << value;
    return out.str();
}

Type parseType(const std::string& text, const std::string& where) {
    if (text == "int") return Type::Int;
    if (text == "float") return Type::Float;
    if (text == "choice") return Type::Choice;
    if (text == "string") return Type::String;
    if (text == "bool") return Type::Bool;
    bad(where + "'type' must be int, float, choice, string or bool, not '" + text + "'");
}

/// Checks a typed value against `spec`; returns an empty string when it fits, else the reason.
std::string misfit(const ParameterSpec& spec, const json& value) {
    switch (spec.type) {
        case Type::Int:
        case Type::Float: {
            if (spec.type == Type::Int ? !value.is_number_integer() : !value.is_number())
                return "not " + std::string(spec.type == Type::Int ? "an integer" : "a number");
            const double v = value.get<double>();
            if (!std::isfinite(v)) return "not a finite number";
            if ((spec.min && v < *spec.min) || (spec.max && v > *spec.max)) return "out of range";
            return {};
        }
        case Type::Choice:
            if (!value.is_string()) return "not a string";
            if (std::find(spec.choices.begin(), spec.choices.end(), value.get<std::string>()) ==
                spec.choices.end())
                return "not one of the choices";
            return {};
        case Type::String:
            return value.is_string() ? std::string() : "not a string";
        case Type::Bool:
            return value.is_boolean() ? std::string() : "not true or false";
    }
    return {};
}

ParameterSpec parseParameter(const json& p, size_t index) {
    const std::string where = "parameters[" + std::to_string(index) + "]: ";
    if (!p.is_object()) bad(where + "must be an object");
    ParameterSpec spec;
    spec.name = requireString(p, "name", where);
    if (spec.name.empty()) bad(where + "'name' is empty");
    const std::string named = "parameter '" + spec.name + "': ";
    spec.type = parseType(requireString(p, "type", named), named);
    spec.help = p.contains("help") ? requireString(p, "help", named) : std::string();
    for (const char* key : {"min", "max"}) {
        if (!p.contains(key)) continue;
        if (spec.type != Type::Int && spec.type != Type::Float)
            bad(named + "'" + key + "' is only for int and float parameters");
        if (!p[key].is_number()) bad(named + "'" + key + "' must be a number");
        (std::string(key) == "min" ? spec.min : spec.max) = p[key].get<double>();
    }
    if (spec.min && spec.max && *spec.min > *spec.max) bad(named + "'min' is above 'max'");
    if (spec.type == Type::Choice) {
        if (!p.contains("choices") || !p["choices"].is_array() || p["choices"].empty())
            bad(named + "'choices' must be a non-empty array of strings");
        for (const json& c : p["choices"]) {
            if (!c.is_string()) bad(named + "'choices' must be a non-empty array of strings");
            spec.choices.push_back(c.get<std::string>());
        }
    } else if (p.contains("choices")) {
        bad(named + "'choices' is only for choice parameters");
    }
    if (!p.contains("default")) bad(named + "'default' is missing");
    spec.defaultValue = p["default"];
    if (const std::string why = misfit(spec, spec.defaultValue); !why.empty())
        bad(named + "'default' " + spec.defaultValue.dump() + " is " + why + " (must be " +
            spec.allowed() + ")");
    return spec;
}

}  // namespace

std::string toString(ParameterSpec::Type type) {
    switch (type) {
        case Type::Int:
            return "int";
        case Type::Float:
            return "float";
        case Type::Choice:
            return "choice";
        case Type::String:
            return "string";
        case Type::Bool:
            return "bool";
    }
    return "float";
}

std::string ParameterSpec::allowed() const {
    switch (type) {
        case Type::Int:
        case Type::Float: {
            std::string what = type == Type::Int ? "an integer" : "a number";
            if (min && max) return what + " from " + number(*min) + " to " + number(*max);
            if (min) return what + " of at least " + number(*min);
            if (max) return what + " of at most " + number(*max);
            return what;
        }
        case Type::Choice: {
            std::string list;
            for (const std::string& c : choices) list += (list.empty() ? "" : ", ") + c;
            return "one of " + list;
        }
        case Type::String:
            return "a string";
        case Type::Bool:
            return "true or false";
    }
    return {};
}

PluginMetadata PluginMetadata::fromJson(const json& j) {
    if (!j.is_object()) bad("must be a JSON object");
    PluginMetadata m;
    m.id = requireString(j, "id", "");
    if (m.id.empty() || !std::all_of(m.id.begin(), m.id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        }))
        bad("'id' must be lower-case letters, digits and '-', not '" + m.id + "'");
    m.name = requireString(j, "name", "");
    m.version = requireString(j, "version", "");
    m.description = requireString(j, "description", "");
    if (j.contains("parameters")) {
        if (!j["parameters"].is_array()) bad("'parameters' must be an array");
        for (size_t i = 0; i < j["parameters"].size(); ++i) {
            ParameterSpec spec = parseParameter(j["parameters"][i], i);
            if (m.parameter(spec.name)) bad("parameter '" + spec.name + "' is declared twice");
            m.parameters.push_back(std::move(spec));
        }
    }
    return m;
}

json PluginMetadata::toJson() const {
    json params = json::array();
    for (const ParameterSpec& p : parameters) {
        json entry = {{"name", p.name}, {"type", toString(p.type)}, {"default", p.defaultValue}};
        if (p.min) entry["min"] = *p.min;
        if (p.max) entry["max"] = *p.max;
        if (p.type == Type::Choice) entry["choices"] = p.choices;
        entry["help"] = p.help;
        params.push_back(std::move(entry));
    }
    return {{"id", id},
            {"name", name},
            {"version", version},
            {"description", description},
            {"parameters", std::move(params)}};
}

const ParameterSpec* PluginMetadata::parameter(const std::string& wanted) const {
    for (const ParameterSpec& p : parameters)
        if (p.name == wanted) return &p;
    return nullptr;
}

json PluginMetadata::resolve(const std::map<std::string, std::string>& given) const {
    json typed = json::object();
    for (const auto& [key, text] : given) {
        const ParameterSpec* spec = parameter(key);
        if (!spec) {
            typed[key] = text;  // resolve(json) names the unknown parameter
            continue;
        }
        json value = text;
        try {
            size_t used = 0;
            if (spec->type == Type::Int) {
                const long long v = std::stoll(text, &used);
                value = used == text.size() ? json(v) : json(text);
            } else if (spec->type == Type::Float) {
                const double v = std::stod(text, &used);
                value = used == text.size() ? json(v) : json(text);
            } else if (spec->type == Type::Bool) {
                if (text == "true" || text == "1") value = true;
                if (text == "false" || text == "0") value = false;
            }
        } catch (const std::exception&) {
            value = text;  // not a number: reported below as the wrong type
        }
        typed[key] = value;
    }
    return resolve(typed);
}

json PluginMetadata::resolve(const json& given) const {
    if (!given.is_object()) throw InputError("plugin parameters must be a JSON object");
    for (const auto& [key, value] : given.items()) {
        if (parameter(key)) continue;
        std::string known;
        for (const ParameterSpec& p : parameters) known += (known.empty() ? "" : ", ") + p.name;
        throw InputError("plugin '" + id + "' has no parameter '" + key + "'" +
                         (known.empty() ? " (it takes none)" : " (it takes " + known + ")"));
    }
    json values = json::object();
    for (const ParameterSpec& spec : parameters) {
        const json value = given.contains(spec.name) ? given[spec.name] : spec.defaultValue;
        if (const std::string why = misfit(spec, value); !why.empty())
            throw InputError("parameter '" + spec.name + "' of plugin '" + id + "' must be " +
                             spec.allowed() + ", got " +
                             (value.is_string() ? value.get<std::string>() : value.dump()));
        values[spec.name] = value;
    }
    return values;
}

}  // namespace loupe::plugins
