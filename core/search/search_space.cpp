#include "core/search/search_space.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "core/error.h"

namespace loupe::search {

nlohmann::json Dimension::valueAt(double u) const {
    u = std::clamp(u, 0.0, 1.0);
    switch (scale) {
        case Scale::Log: return std::exp(std::log(low) + u * (std::log(high) - std::log(low)));
        case Scale::Linear: return low + u * (high - low);
        case Scale::Int:  // each integer an equal share of [0, 1]
            return std::min(static_cast<int64_t>(high),
                            static_cast<int64_t>(std::floor(low + u * (high - low + 1.0))));
        case Scale::Choice: {
            const auto n = static_cast<int64_t>(choices.size());
            return choices[static_cast<size_t>(std::min(n - 1, static_cast<int64_t>(u * n)))];
        }
    }
    return {};
}

double Dimension::position(const nlohmann::json& value) const {
    if (scale == Scale::Choice) {
        const auto it = std::find(choices.begin(), choices.end(), value);
        return static_cast<double>(it - choices.begin());
    }
    const double v = value.get<double>();
    if (high == low) return 0.0;
    if (scale == Scale::Log) return (std::log(v) - std::log(low)) / (std::log(high) - std::log(low));
    return (v - low) / (high - low);
}

SearchSpace SearchSpace::parse(const nlohmann::json& json, const std::string& source) {
    if (!json.is_object() || json.empty())
        throw InputError("a search space is a JSON object of dimensions, e.g. "
                         "{\"learning_rate\": {\"log\": [1e-4, 1e-1]}}",
                         source);
    SearchSpace space;
    for (const auto& [name, spec] : json.items()) {
        const auto bad = [&](const std::string& why) {
            return InputError("dimension '" + name + "': " + why +
                                  " (expected {\"log\"|\"linear\"|\"int\": [low, high]} or "
                                  "{\"choice\": [values...]})",
                              source);
        };
        if (!spec.is_object() || spec.size() != 1) throw bad("not a one-key object");
        const std::string kind = spec.begin().key();
        const nlohmann::json& values = spec.begin().value();
        Dimension d;
        d.name = name;
        if (kind == "choice") {
            if (!values.is_array() || values.empty()) throw bad("choice needs a non-empty array");
            d.scale = Scale::Choice;
            d.choices.assign(values.begin(), values.end());
            d.high = static_cast<double>(d.choices.size() - 1);
        } else {
            if (kind == "log") d.scale = Scale::Log;
            else if (kind == "linear") d.scale = Scale::Linear;
            else if (kind == "int") d.scale = Scale::Int;
            else throw bad("unknown kind '" + kind + "'");
            if (!values.is_array() || values.size() != 2 || !values[0].is_number() ||
                !values[1].is_number())
                throw bad(kind + " needs [low, high]");
            d.low = values[0].get<double>();
            d.high = values[1].get<double>();
            if (!(d.low <= d.high)) throw bad("low > high");
            if (d.scale == Scale::Log && d.low <= 0.0) throw bad("a log range must be above 0");
            if (d.scale == Scale::Int && (d.low != std::floor(d.low) || d.high != std::floor(d.high)))
                throw bad("an int range needs whole numbers");
        }
        space.dimensions.push_back(std::move(d));
    }
    return space;
}

SearchSpace SearchSpace::load(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw InputError("cannot read the search space", path.string());
    try {
        return parse(nlohmann::json::parse(in), path.string());
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(std::string("not valid JSON: ") + e.what(), path.string());
    }
}

std::vector<nlohmann::json> SearchSpace::grid(int64_t steps) const {
    steps = std::max<int64_t>(steps, 1);
    std::vector<std::vector<nlohmann::json>> axes;
    for (const Dimension& d : dimensions) {
        std::vector<nlohmann::json> axis;
        if (d.scale == Scale::Choice) {
            axis = d.choices;
        } else {
            std::set<int64_t> seenInts;
            for (int64_t i = 0; i < steps; ++i) {
                const double u = steps == 1 ? 0.5 : static_cast<double>(i) / (steps - 1);
                nlohmann::json v = d.valueAt(u);
                if (d.scale == Scale::Int && !seenInts.insert(v.get<int64_t>()).second) continue;
                axis.push_back(std::move(v));
            }
        }
        axes.push_back(std::move(axis));
    }
    std::vector<nlohmann::json> points;
    std::vector<size_t> at(axes.size(), 0);
    while (true) {
        nlohmann::json point = nlohmann::json::object();
        for (size_t i = 0; i < axes.size(); ++i) point[dimensions[i].name] = axes[i][at[i]];
        points.push_back(std::move(point));
        size_t i = axes.size();
        while (i > 0 && ++at[i - 1] == axes[i - 1].size()) at[--i] = 0;
        if (i == 0) break;
    }
    return points;
}

nlohmann::json SearchSpace::sample(std::mt19937_64& rng) const {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    nlohmann::json point = nlohmann::json::object();
    for (const Dimension& d : dimensions) point[d.name] = d.valueAt(unit(rng));
    return point;
}

}  // namespace loupe::search
