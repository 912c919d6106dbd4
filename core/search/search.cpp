#include "core/search/search.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "core/error.h"
#include "core/search/gaussian_process.h"
#include "core/search/trial_request.h"
#include "core/search/tpe.h"

namespace loupe::search {

namespace {

/// Validation values each rung epoch has seen, from the batches finished so far.
using Rungs = std::map<int64_t, std::vector<double>>;

/// Whether `epoch` is a successive-halving rung: minEpochs * eta^k for some k >= 0.
bool isRung(int64_t epoch, const SearchOptions& o) {
    for (double rung = static_cast<double>(o.halvingMinEpochs); rung <= static_cast<double>(epoch);
         rung *= o.halvingEta)
        if (static_cast<int64_t>(std::llround(rung)) == epoch) return true;
    return false;
}

/// ASHA's promotion rule as a stopping rule (Li et al. 2020; Optuna's SuccessiveHalvingPruner):
/// go on when `value` is among the top floor((n + 1) / eta) of the n earlier values at this rung
/// and itself. Until a rung has seen eta values there is too little to judge by: go on.
bool keepsGoing(double value, const std::vector<double>& earlier, double eta) {
    if (static_cast<double>(earlier.size()) + 1.0 < eta) return true;
    std::vector<double> all = earlier;
    all.push_back(value);
    std::sort(all.begin(), all.end(), std::greater<>());
    const auto keep = std::max<size_t>(1, static_cast<size_t>(std::floor(all.size() / eta)));
    return value >= all[keep - 1];
}

struct TrialOutcome {
    Trial trial;
    std::vector<std::pair<int64_t, double>> rungHits;  ///< (rung epoch, value) it reported
};

std::vector<nlohmann::json> pendingParams(const std::vector<Trial>& proposed) {
    std::vector<nlohmann::json> params;
    for (const Trial& t : proposed) params.push_back(t.params);
    return params;
}

TrialOutcome runTrial(const data::Table& table, const train::ExperimentRequest& base,
                      Trial trial, const SearchOptions& options, const Rungs& rungs,
                      const DeviceFactory& makeDevice, std::stop_token outer) {
    TrialOutcome out;
    const auto started = std::chrono::steady_clock::now();
    std::stop_source own;
    std::stop_callback forward(outer, [&] { own.request_stop(); });
    bool pruned = false;
    try {
        train::ExperimentRequest request = trialRequest(base, trial.params);
        request.train.seed = options.seed;
        const auto prepared = train::prepareExperiment(table, request);
        nn::Model model = train::buildModel(prepared, request);
        const auto device = makeDevice();
        train::TrainCallbacks callbacks;
        callbacks.onEpoch = [&](const train::EpochRecord& e) {
            if (!options.halving || pruned || !isRung(e.epoch, options)) return;
            out.rungHits.emplace_back(e.epoch, e.valMetric);
            const auto it = rungs.find(e.epoch);
            if (it != rungs.end() && !keepsGoing(e.valMetric, it->second, options.halvingEta)) {
                pruned = true;
                own.request_stop();
            }
        };
        const train::History history = train::trainModel(model, *device, table, prepared, request,
                                                         callbacks, own.get_token());
        trial.epochs = static_cast<int64_t>(history.epochs.size());
        trial.value = std::nan("");
        for (const auto& e : history.epochs)
            if (std::isfinite(e.valMetric) && !(e.valMetric <= trial.value)) trial.value = e.valMetric;
        if (outer.stop_requested() && !pruned) {
            trial.status = TrialStatus::Failed;
            trial.error = "stopped";
        } else {
            trial.status = pruned ? TrialStatus::Pruned : TrialStatus::Completed;
        }
    } catch (const Error& e) {
        trial.status = TrialStatus::Failed;
        trial.value = std::nan("");
        trial.error = e.what();
    }
    trial.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out.trial = std::move(trial);
    return out;
}

}  // namespace

std::string toString(Strategy strategy) {
    switch (strategy) {
        case Strategy::Grid: return "grid";
        case Strategy::Random: return "random";
        case Strategy::Bayes: return "bayes";
        case Strategy::Tpe: return "tpe";
    }
    return "bayes";
}

Strategy parseStrategy(const std::string& text) {
    if (text == "grid") return Strategy::Grid;
    if (text == "random") return Strategy::Random;
    if (text == "bayes") return Strategy::Bayes;
    if (text == "tpe") return Strategy::Tpe;
    throw InputError("unknown search strategy '" + text + "' (grid, random, bayes, tpe)");
}

std::string toString(TrialStatus status) {
    switch (status) {
        case TrialStatus::Completed: return "completed";
        case TrialStatus::Pruned: return "pruned";
        case TrialStatus::Failed: return "failed";
    }
    return "failed";
}

SearchResult runSearch(const data::Table& table, const train::ExperimentRequest& base,
                       const SearchSpace& space, const SearchOptions& options,
                       const DeviceFactory& makeDevice, const SearchCallbacks& callbacks,
                       std::stop_token stop) {
    if (!(base.valFraction > 0.0))
        throw InputError("a search compares trials on validation rows: the validation fraction "
                         "must be above 0");
    if (options.concurrency < 1) throw InputError("search concurrency must be at least 1");
    if (options.halving && (options.halvingMinEpochs < 1 || !(options.halvingEta > 1.0)))
        throw InputError("successive halving needs a minimum of 1 epoch or more and eta above 1");

    std::vector<nlohmann::json> grid;
    int64_t total = options.trials;
    if (options.strategy == Strategy::Grid) {
        grid = space.grid(options.gridSteps);
        const auto size = static_cast<int64_t>(grid.size());
        total = total <= 0 ? size : std::min(total, size);
    } else if (total < 1) {
        throw InputError("random, bayes and tpe search need --trials of 1 or more");
    }
    std::mt19937_64 rng(options.seed * 0x9E3779B97F4A7C15ull + 0x5EA7C4ull);
    {
        // Unknown names fail here, before anything trains.
        std::mt19937_64 probe(rng);
        (void)trialRequest(base, grid.empty() ? space.sample(probe) : grid.front());
    }
    const int64_t startup = options.startupTrials >= 0
                                ? options.startupTrials
                                : std::clamp<int64_t>(total / 4, 3, 10);

    SearchResult result;
    result.metric = train::prepareExperiment(table, base).target.task == data::Task::Regression
                        ? "val_r2"
                        : "val_accuracy";
    std::vector<Observation> observations;
    Rungs rungs;
    for (int64_t next = 0; next < total && !stop.stop_requested();) {
        const int64_t batch = std::min(options.concurrency, total - next);
        std::vector<Trial> proposed;
        for (int64_t i = 0; i < batch; ++i) {
            Trial t;
            t.index = next + i;
            if (options.strategy == Strategy::Grid) t.params = grid[static_cast<size_t>(t.index)];
            else if (options.strategy == Strategy::Random || t.index < startup) t.params = space.sample(rng);
            else if (options.strategy == Strategy::Tpe) t.params = proposeTpe(space, observations, rng);
            else t.params = proposeGp(space, observations, pendingParams(proposed), rng);
            if (callbacks.onTrialStarted) callbacks.onTrialStarted(t);
            proposed.push_back(std::move(t));
        }
        std::vector<TrialOutcome> outcomes(proposed.size());
        if (batch == 1) {
            outcomes[0] = runTrial(table, base, proposed[0], options, rungs, makeDevice, stop);
        } else {
            std::vector<std::jthread> workers;
            for (size_t i = 0; i < proposed.size(); ++i)
                workers.emplace_back([&, i] {
                    outcomes[i] = runTrial(table, base, proposed[i], options, rungs, makeDevice, stop);
                });
        }
        for (TrialOutcome& o : outcomes) {
            for (const auto& [epoch, value] : o.trial.status == TrialStatus::Failed
                                                  ? std::vector<std::pair<int64_t, double>>{}
                                                  : o.rungHits)
                rungs[epoch].push_back(value);
            if (std::isfinite(o.trial.value)) observations.push_back({o.trial.params, o.trial.value});
            if (callbacks.onTrialFinished) callbacks.onTrialFinished(o.trial);
            result.trials.push_back(std::move(o.trial));
        }
        next += batch;
    }
    result.cancelled = stop.stop_requested();
    for (const Trial& t : result.trials)
        if (t.status == TrialStatus::Completed && std::isfinite(t.value) &&
            (result.best < 0 || t.value > result.trials[static_cast<size_t>(result.best)].value))
            result.best = t.index;
    return result;
}

bool ranksBefore(const Trial& a, const Trial& b) {
    const auto order = [](TrialStatus status) {
        return status == TrialStatus::Completed ? 0 : status == TrialStatus::Pruned ? 1 : 2;
    };
    if (order(a.status) != order(b.status)) return order(a.status) < order(b.status);
    const bool aFinite = std::isfinite(a.value), bFinite = std::isfinite(b.value);
    if (aFinite != bFinite) return aFinite;
    if (aFinite && a.value != b.value) return a.value > b.value;
    return a.index < b.index;
}

std::string trialsCsv(const SearchResult& result, const SearchSpace& space) {
    const auto field = [](std::string text) {
        if (text.find_first_of(",\"\n") == std::string::npos) return text;
        std::string quoted = "\"";
        for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        return quoted + "\"";
    };
    std::string csv = "trial,status," + result.metric + ",epochs,seconds";
    for (const Dimension& d : space.dimensions) csv += "," + field(d.name);
    csv += ",error\n";
    for (const Trial& t : result.trials) {
        char value[32] = "", rest[48];
        if (std::isfinite(t.value)) std::snprintf(value, sizeof value, "%.10g", t.value);
        std::snprintf(rest, sizeof rest, "%lld,%.3f", static_cast<long long>(t.epochs), t.seconds);
        csv += std::to_string(t.index) + "," + toString(t.status) + "," + value + "," + rest;
        for (const Dimension& d : space.dimensions) {
            const auto& v = t.params.at(d.name);
            csv += "," + field(v.is_string() ? v.get<std::string>() : v.dump());
        }
        csv += "," + field(t.error) + "\n";
    }
    return csv;
}

}  // namespace loupe::search
