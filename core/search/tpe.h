#pragma once
// Bayesian optimisation by the Tree-structured Parzen Estimator (Bergstra et al., 2011), one
// dimension at a time as Optuna's default sampler: the trials so far split into the best share
// ("good") and the rest; each side gets a Parzen density per dimension (hyperopt's adaptive
// Gaussian kernels in the range's [0, 1] position; smoothed counts for a choice); candidates drawn from
// the good density are scored by log l(x) - log g(x) and the best is proposed.

#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/search/search_space.h"

namespace loupe::search {

/// A finished trial as the sampler sees it: its point and its objective (higher is better).
struct Observation {
    nlohmann::json params;
    double value = 0.0;
};

struct TpeOptions {
    double gamma = 0.15;   ///< share of the observations that are "good" (at most 25 of them)
    int candidates = 64;   ///< points drawn from the good density per proposal
};

/// The next point to try. With fewer than 2 observations it samples uniformly.
nlohmann::json proposeTpe(const SearchSpace& space, const std::vector<Observation>& history,
                          std::mt19937_64& rng, const TpeOptions& options = {});

}  // namespace loupe::search
