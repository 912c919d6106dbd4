#pragma once
// How a search point's named values set an experiment's settings.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/train/experiment.h"

namespace loupe::search {

/// The parameter names a search space may use.
const std::vector<std::string>& searchableParameters();

/// `base` with `params` applied: learning_rate, batch_size, epochs, hidden ("64,32", [64, 32] or
/// 64; "" or [] for none), dropout, l1, l2, momentum, optimizer (adam|adamw|sgd), activation
/// (relu|tanh|sigmoid|gelu), early_stop_patience. A trial's dropout or activation replaces the
/// base's per-layer ones; hidden with another layer count makes the first layer's every layer's.
/// Throws InputError naming the parameter for an unknown name or a value of the wrong kind or range.
train::ExperimentRequest trialRequest(const train::ExperimentRequest& base,
                                      const nlohmann::json& params);

}  // namespace loupe::search
