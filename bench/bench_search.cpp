// Bayesian search against grid search, in one run, over 5 seeds: does Bayes (a Gaussian process
// with expected improvement) reach within 0.5% of the best grid configuration's validation metric
// with at most a third of grid's trials?
//
// Data: Friedman #1 regression (1000 rows, 10 uniform features, y = 10 sin(pi x1 x2) +
// 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + N(0, 1)), seeded, so validation R^2 is continuous and trials
// rarely tie. Space: learning rate log [1e-4, 1e-1] x hidden {16, 64, 64-32} x dropout [0, 0.3];
// grid: 4 steps per range = 48 trials; bayes and tpe: 16 trials. 40 epochs, batch 32; every trial
// with the seed for the split and the weights. Prints one JSON line per seed, then a summary.
// Usage: bench_search [seeds=5]

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <string>

#include "core/data/reader.h"
#include "core/device/cpu/cpu_device.h"
#include "core/search/search.h"

using namespace loupe;

namespace {

std::filesystem::path writeFriedman1(const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder);
    const auto path = folder / "friedman1.csv";
    std::mt19937_64 rng(0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::ofstream out(path);
    for (int i = 0; i < 10; ++i) out << "x" << i << ",";
    out << "y\n";
    for (int row = 0; row < 1000; ++row) {
        double x[10];
        for (double& v : x) v = unit(rng);
        const double y = 10.0 * std::sin(std::numbers::pi * x[0] * x[1]) +
                         20.0 * (x[2] - 0.5) * (x[2] - 0.5) + 10.0 * x[3] + 5.0 * x[4] + noise(rng);
        for (double v : x) out << v << ",";
        out << y << "\n";
    }
    return path;
}

struct Outcome {
    double best = -1e9;
    int64_t trials = 0;
    double seconds = 0.0;
};

Outcome run(const data::Table& table, const search::SearchSpace& space, search::Strategy strategy,
            int64_t trials, uint64_t seed) {
    train::ExperimentRequest base;
    base.target = std::string(1, 'y');  // (a literal here trips GCC 12's -Wrestrict false positive)
    base.train.epochs = 40;
    base.train.batchSize = 32;
    search::SearchOptions options;
    options.strategy = strategy;
    options.trials = trials;
    options.gridSteps = 4;
    options.seed = seed;
    const auto start = std::chrono::steady_clock::now();
    const search::SearchResult result = search::runSearch(
        table, base, space, options, [] { return std::make_unique<device::CpuDevice>(1); });
    Outcome o;
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const search::Trial& t : result.trials)
        if (t.status == search::TrialStatus::Completed) {
            ++o.trials;
            o.best = std::max(o.best, t.value);
        }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const int seeds = argc > 1 ? std::stoi(argv[1]) : 5;
    const auto folder = std::filesystem::temp_directory_path() / "loupe-bench-search";
    const data::Table table = data::readTable(writeFriedman1(folder).string());
    const search::SearchSpace space = search::SearchSpace::parse(nlohmann::json::parse(
        R"({"learning_rate": {"log": [1e-4, 1e-1]}, "hidden": {"choice": ["16", "64", "64,32"]},
            "dropout": {"linear": [0.0, 0.3]}})"));
    int within = 0, tpeWithin = 0;
    double gaps = 0.0;
    for (int seed = 1; seed <= seeds; ++seed) {
        const Outcome grid = run(table, space, search::Strategy::Grid, 0, static_cast<uint64_t>(seed));
        const int64_t budget = grid.trials / 3;
        const Outcome bayes = run(table, space, search::Strategy::Bayes, budget, static_cast<uint64_t>(seed));
        const Outcome tpe = run(table, space, search::Strategy::Tpe, budget, static_cast<uint64_t>(seed));
        const double gap = (grid.best - bayes.best) / std::abs(grid.best);
        const double tpeGap = (grid.best - tpe.best) / std::abs(grid.best);
        within += gap <= 0.005;
        tpeWithin += tpeGap <= 0.005;
        gaps += gap;
        std::printf("{\"seed\": %d, \"grid_best_val_r2\": %.5f, \"grid_trials\": %lld, "
                    "\"bayes_best_val_r2\": %.5f, \"bayes_trials\": %lld, \"bayes_gap\": %.5f, "
                    "\"tpe_best_val_r2\": %.5f, \"tpe_gap\": %.5f, \"grid_s\": %.2f, "
                    "\"bayes_s\": %.2f, \"tpe_s\": %.2f}\n",
                    seed, grid.best, static_cast<long long>(grid.trials), bayes.best,
                    static_cast<long long>(bayes.trials), gap, tpe.best, tpeGap, grid.seconds,
                    bayes.seconds, tpe.seconds);
        std::fflush(stdout);
    }
    std::printf("{\"seeds\": %d, \"bayes_within_0.5pct\": %d, \"tpe_within_0.5pct\": %d, "
                "\"bayes_mean_gap\": %.5f}\n",
                seeds, within, tpeWithin, gaps / seeds);
    return 0;
}
