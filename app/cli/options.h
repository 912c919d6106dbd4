#pragma once
// Shared option parsing and checking for loupe-cli's commands. Every problem is thrown as an
// InputError so that main reports it as bad input (exit code 2).

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/data/target.h"
#include "core/device/device.h"
#include "core/nn/lr_schedule.h"
#include "core/train/trainer.h"

namespace loupe::cli {

/// Accepts a number in [low, high], or (low, high] when `lowOpen`; its error names the range.
CLI::Validator numberIn(double low, double high, bool lowOpen = false);
/// Accepts a whole number in [low, high].
CLI::Validator wholeNumberIn(int64_t low, int64_t high);

/// Accepts a whole number from 0 to 2^64 - 1 (CLI11 alone would wrap "-1" around).
CLI::Validator unsignedNumber();

/// "64,32" -> {64, 32}; each size a positive integer. Throws InputError naming `option`.
std::vector<int64_t> parseLayerSizes(const std::string& text, const std::string& option);
/// "relu", "tanh", "sigmoid", "gelu".
device::Activation parseActivation(const std::string& name);
/// "adam", "adamw", "sgd".
train::Optimizer parseOptimizer(const std::string& name);
/// "none", "step:EVERY:GAMMA", "exp:GAMMA", "cosine:WARMUP[:MINLR]", "onecycle:MAXLR[:PCT]",
/// "plateau:FACTOR:PATIENCE[:MINLR]"; checked by nn::checkSchedule. Throws InputError naming
/// --schedule.
nn::LearningRateSchedule parseSchedule(const std::string& text);
/// "a,b" -> {"a", "b"}; an empty name throws InputError naming `option`.
std::vector<std::string> parseColumnList(const std::string& text, const std::string& option);
/// "classification" / "regression"; "auto" gives nullopt.
std::optional<data::Task> parseTask(const std::string& name);

/// Throws InputError naming `path` when it is missing or not a regular file.
void requireInputFile(const std::string& path);

/// Four decimals, or "n/a" for NaN.
std::string fixed4(double value);
/// A metric for the summary: four decimals, or "n/a" for a null or absent value.
std::string formatMetric(const nlohmann::json& report, const std::string& key);

/// `text` on one line: line breaks become "; " so an error stays one line on stderr.
std::string oneLine(std::string text);

}  // namespace loupe::cli
