#pragma once
// Bayesian optimisation with a Gaussian process and expected improvement: what small budgets
// (tens of trials) need, where a Parzen estimator has too few points to model. Points live in the
// unit cube (ranges by their [0, 1] position, each choice one-hot); the model sees the normal
// scores of the values' ranks (metrics are heavy-tailed); a Matern 5/2 kernel with one length
// scale per dimension and a noise level, chosen by marginal likelihood; EI scored on random points
// and perturbations of the best, then hill-climbed (bounds included: optima often sit on one).
// A point already tried or pending is never proposed again (trials share a seed, so it would
// score the same). Trials still running are "kriging believers": they count as observed at the
// model's mean, so a batch spreads out instead of proposing one point n times.

#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/search/search_space.h"
#include "core/search/tpe.h"

namespace loupe::search {

/// The next point to try (higher values are better). With fewer than 2 observations it samples
/// uniformly. `pending`: points proposed but not yet observed.
nlohmann::json proposeGp(const SearchSpace& space, const std::vector<Observation>& history,
                         const std::vector<nlohmann::json>& pending, std::mt19937_64& rng);

}  // namespace loupe::search
