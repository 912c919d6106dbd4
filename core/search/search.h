#pragma once
// Hyperparameter search: grid, random or Bayesian (Gaussian process or TPE) proposals, trials trained concurrently up
// to a limit, and successive halving (ASHA's rule) stopping weak trials early. Every trial trains
// with the same seed, so trials differ only by their parameters and the same seed gives the same
// search: trials run in batches of `concurrency`, each batch proposed from the trials finished
// before it and judged against their rung values, so timing never changes a decision.

#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/table.h"
#include "core/device/device.h"
#include "core/search/search_space.h"
#include "core/train/experiment.h"

namespace loupe::search {

/// Bayes: a Gaussian process with expected improvement (best for tens of trials); Tpe: the
/// Tree-structured Parzen Estimator (cheaper per proposal, for hundreds of trials and more).
enum class Strategy { Grid, Random, Bayes, Tpe };
/// "grid", "random", "bayes", "tpe".
std::string toString(Strategy strategy);
/// The inverse of toString(); throws InputError naming the accepted words.
Strategy parseStrategy(const std::string& text);

struct SearchOptions {
    Strategy strategy = Strategy::Bayes;
    /// Trials to run; for grid, 0 means every grid point (more than the grid has is the grid).
    int64_t trials = 20;
    int64_t gridSteps = 3;    ///< points per range in grid search
    int64_t concurrency = 1;  ///< trials trained at the same time
    uint64_t seed = 0;        ///< proposals, and every trial's split, weights and shuffling
    /// Bayes, Tpe: random trials before the model takes over; -1: a quarter of the trials, 3 to 10.
    int64_t startupTrials = -1;
    /// Successive halving: at epochs minEpochs * eta^k a trial goes on only when its validation
    /// metric is in the top 1/eta of the values earlier trials had at that epoch.
    bool halving = false;
    int64_t halvingMinEpochs = 4;
    double halvingEta = 3.0;
};

enum class TrialStatus { Completed, Pruned, Failed };
/// "completed", "pruned", "failed".
std::string toString(TrialStatus status);

struct Trial {
    int64_t index = 0;  ///< 0-based, in proposal order
    nlohmann::json params;
    TrialStatus status = TrialStatus::Completed;
    double value = 0.0;    ///< the best validation metric it reached (NaN when failed)
    int64_t epochs = 0;    ///< epochs trained
    double seconds = 0.0;  ///< wall time
    std::string error;     ///< why it failed
};

struct SearchResult {
    std::vector<Trial> trials;  ///< in index order
    int64_t best = -1;          ///< index of the completed trial with the highest value; -1: none
    std::string metric;         ///< "val_accuracy" or "val_r2": what value holds
    bool cancelled = false;
};

struct SearchCallbacks {
    std::function<void(const Trial&)> onTrialStarted;   ///< params and index set
    std::function<void(const Trial&)> onTrialFinished;  ///< every field set
};

/// Makes one device per concurrent trial (devices are not shared between threads).
using DeviceFactory = std::function<std::unique_ptr<device::Device>()>;

/// Runs the search over `space` on top of `base` (whose validation fraction must be above 0).
/// Throws InputError for a bad space parameter (checked on the first proposal, before training)
/// or no validation rows. A stop ends after the running trials' current batch.
SearchResult runSearch(const data::Table& table, const train::ExperimentRequest& base,
                       const SearchSpace& space, const SearchOptions& options,
                       const DeviceFactory& makeDevice, const SearchCallbacks& callbacks = {},
                       std::stop_token stop = {});

/// Leaderboard order: completed trials by value (best first), then pruned by value, then failed;
/// ties by index (so the first is SearchResult::best).
bool ranksBefore(const Trial& a, const Trial& b);

/// trials.csv: index, status, value (named by the metric), epochs, seconds, then one column per
/// dimension (its value as JSON text for choices that are not numbers), then error.
std::string trialsCsv(const SearchResult& result, const SearchSpace& space);

}  // namespace loupe::search
