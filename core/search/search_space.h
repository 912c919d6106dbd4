#pragma once
// A hyperparameter search space: named dimensions, each a log or linear range, an integer range,
// or a choice among values. Read from space.json:
//   {"learning_rate": {"log": [1e-4, 1e-1]}, "dropout": {"linear": [0, 0.5]},
//    "batch_size": {"choice": [32, 64, 128]}, "epochs": {"int": [10, 60]}, "hidden": {"choice": ["64", "128,64"]}}
// Grid search takes `steps` evenly spaced points (log-evenly for "log") of each range.

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace loupe::search {

enum class Scale { Log, Linear, Int, Choice };

struct Dimension {
    std::string name;
    Scale scale = Scale::Linear;
    double low = 0.0;
    double high = 1.0;
    std::vector<nlohmann::json> choices;  ///< Choice only

    /// The value at `u` in [0, 1] of the range (log-uniform for Log; rounded for Int); for a
    /// Choice, the choice floor(u * n).
    nlohmann::json valueAt(double u) const;
    /// The inverse of valueAt for a range (a value's position in [0, 1]); a choice's index.
    double position(const nlohmann::json& value) const;
};

struct SearchSpace {
    std::vector<Dimension> dimensions;  ///< by name (a JSON object's keys have no order)

    /// Throws InputError naming `source` (the file) and the dimension for a bad entry.
    static SearchSpace parse(const nlohmann::json& json, const std::string& source = {});
    static SearchSpace load(const std::filesystem::path& path);

    /// Every combination of each range at `steps` points and every choice, in odometer order
    /// (the last dimension varies fastest). Ranges of Int with fewer integers give fewer points.
    std::vector<nlohmann::json> grid(int64_t steps) const;
    /// One point drawn uniformly (log-uniformly for Log).
    nlohmann::json sample(std::mt19937_64& rng) const;
};

}  // namespace loupe::search
