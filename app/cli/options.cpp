#include "app/cli/options.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/error.h"

namespace loupe::cli {

namespace {

std::string shortNumber(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

}  // namespace

CLI::Validator numberIn(double low, double high, bool lowOpen) {
    const std::string range =
        (lowOpen ? "(" : "[") + shortNumber(low) + ", " + shortNumber(high) + "]";
    return CLI::Validator(
        [=](std::string& text) -> std::string {
            double value = 0.0;
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            const bool number = ec == std::errc() && ptr == text.data() + text.size();
            const bool inside = number && (lowOpen ? value > low : value >= low) && value <= high;
            return inside ? std::string()
                          : "expected a number in " + range + ", got '" + text + "'";
        },
        range);
}

CLI::Validator wholeNumberIn(int64_t low, int64_t high) {
    const std::string range = std::to_string(low) + " to " + std::to_string(high);
    return CLI::Validator(
        [=](std::string& text) -> std::string {
            int64_t value = 0;
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            const bool number = ec == std::errc() && ptr == text.data() + text.size();
            return number && value >= low && value <= high
                       ? std::string()
                       : "expected a whole number from " + range + ", got '" + text + "'";
        },
        range);
}

CLI::Validator unsignedNumber() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            uint64_t value = 0;
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            return ec == std::errc() && ptr == text.data() + text.size()
                       ? std::string()
                       : "expected a whole number from 0 to 18446744073709551615, got '" + text +
                             "'";
        },
        "0 to 2^64-1");
}

std::vector<int64_t> parseLayerSizes(const std::string& text, const std::string& option) {
    std::vector<int64_t> sizes;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        const std::string part = text.substr(start, end - start);
        int64_t value = 0;
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || ptr != part.data() + part.size() || value < 1 ||
            value > 1'000'000)
            throw InputError(option +
                             ": expected layer sizes like 64,32 (each 1 to 1000000), got '" + text +
                             "'");
        sizes.push_back(value);
        start = end + 1;
    }
    return sizes;
}

device::Activation parseActivation(const std::string& name) {
    if (name == "relu") return device::Activation::ReLU;
    if (name == "tanh") return device::Activation::Tanh;
    if (name == "sigmoid") return device::Activation::Sigmoid;
    if (name == "gelu") return device::Activation::GELU;
    throw InputError("--activation: unknown activation '" + name +
                     "' (expected relu, tanh, sigmoid or gelu)");
}

train::Optimizer parseOptimizer(const std::string& name) {
    if (name == "adam") return train::Optimizer::Adam;
    if (name == "adamw") return train::Optimizer::AdamW;
    if (name == "sgd") return train::Optimizer::Sgd;
    throw InputError("--optimizer: unknown optimizer '" + name + "' (expected adam, adamw or sgd)");
}

namespace {

std::vector<std::string> splitOn(const std::string& text, char separator) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        const size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

}  // namespace

nn::LearningRateSchedule parseSchedule(const std::string& text) {
    const std::vector<std::string> parts = splitOn(text, ':');
    const std::string usage =
        "--schedule: expected none, step:EVERY:GAMMA, exp:GAMMA, cosine:WARMUP[:MINLR], "
        "onecycle:MAXLR[:PCT] or plateau:FACTOR:PATIENCE[:MINLR], got '" +
        text + "'";
    auto number = [&](size_t i) {
        double value = 0.0;
        const std::string& part = parts[i];
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || ptr != part.data() + part.size() ||
            !std::isfinite(value))
            throw InputError(usage);
        return value;
    };
    auto whole = [&](size_t i) {
        int64_t value = 0;
        const std::string& part = parts[i];
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || ptr != part.data() + part.size())
            throw InputError(usage);
        return value;
    };
    nn::LearningRateSchedule s;
    const std::string& kind = parts[0];
    const size_t n = parts.size();
    if (kind == "none" && n == 1) {
        s.kind = nn::ScheduleKind::None;
    } else if (kind == "step" && n == 3) {
        s.kind = nn::ScheduleKind::Step;
        s.stepEvery = whole(1);
        s.gamma = number(2);
    } else if (kind == "exp" && n == 2) {
        s.kind = nn::ScheduleKind::Exponential;
        s.gamma = number(1);
    } else if (kind == "cosine" && (n == 2 || n == 3)) {
        s.kind = nn::ScheduleKind::Cosine;
        s.warmupEpochs = whole(1);
        if (n == 3) s.minLr = number(2);
    } else if (kind == "onecycle" && (n == 2 || n == 3)) {
        s.kind = nn::ScheduleKind::OneCycle;
        s.maxLr = number(1);
        if (n == 3) s.pctStart = number(2);
    } else if (kind == "plateau" && (n == 3 || n == 4)) {
        s.kind = nn::ScheduleKind::Plateau;
        s.factor = number(1);
        s.patience = whole(2);
        if (n == 4) s.minLr = number(3);
    } else {
        throw InputError(usage);
    }
    try {
        nn::checkSchedule(s);
    } catch (const InputError& error) {
        throw InputError(std::string("--schedule: ") + error.what());
    }
    return s;
}

std::vector<std::string> parseColumnList(const std::string& text, const std::string& option) {
    std::vector<std::string> names = splitOn(text, ',');
    for (const std::string& name : names)
        if (name.empty())
            throw InputError(option + ": expected column names separated by commas, got '" + text +
                             "'");
    return names;
}

std::optional<data::Task> parseTask(const std::string& name) {
    if (name == "auto") return std::nullopt;
    if (name == "classification") return data::Task::Classification;
    if (name == "regression") return data::Task::Regression;
    throw InputError("--task: unknown task '" + name +
                     "' (expected auto, classification or regression)");
}

void requireInputFile(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError("no such file", path);
    if (fs::is_directory(path, ec)) throw InputError("is a folder, expected a file", path);
    // A pipe or a device would block or never end.
    if (!fs::is_regular_file(path, ec)) throw InputError("not a regular file", path);
}

std::string fixed4(double value) {
    if (std::isnan(value)) return "n/a";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", value);
    return buffer;
}

std::string formatMetric(const nlohmann::json& report, const std::string& key) {
    const auto it = report.find(key);
    return it == report.end() || !it->is_number() ? "n/a" : fixed4(it->get<double>());
}

std::string oneLine(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    std::string out;
    for (char c : text) {
        if (c == '\n')
            out += "; ";
        else if (c != '\r')
            out += c;
    }
    return out;
}

}  // namespace loupe::cli
