// loupe-cli search: hyperparameter search on a dataset. Writes trials.csv, search.json and best/
// (the best trial's run folder, retrained with the search's seed: the same model the trial had).
// With --project, the search and each trial are recorded in the project's run database.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "app/cli/commands.h"
#include "app/cli/interrupt_guard.h"
#include "app/cli/options.h"
#include "app/cli/run_outputs.h"
#include "app/cli/terminal.h"
#include "app/cli/train_options.h"
#include "core/data/reader.h"
#include "core/device/device.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "core/io/run_folder.h"
#include "core/search/search.h"
#include "core/search/search_record.h"
#include "core/search/trial_request.h"
#include "core/store/run_database.h"
#include "core/train/training_record.h"

namespace loupe::cli {
namespace {

struct SearchCliOptions {
    TrainOptions train;
    std::string space;
    std::string strategy = "bayes";
    int64_t trials = 20;
    int64_t gridSteps = 3;
    int64_t parallel = 1;
    bool halving = false;
    int64_t halvingMinEpochs = 4;
    double halvingEta = 3.0;
    std::string project;
};

/// "name=value ..." for the terminal: numbers to 4 significant digits (trials.csv has them all).
std::string paramsText(const nlohmann::json& params) {
    std::string text;
    for (const auto& [name, value] : params.items()) {
        std::string shown = value.is_string() ? value.get<std::string>() : value.dump();
        if (value.is_number_float()) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%.4g", value.get<double>());
            shown = buffer;
        }
        text += (text.empty() ? "" : " ") + name + "=" + shown;
    }
    return text;
}

/// Writes the best trial's run folder into `folder` (train's layout).
void writeBest(const std::filesystem::path& folder, const data::Table& table,
               const train::ExperimentRequest& request, const std::string& dataPath,
               device::Device& device) {
    train::ExperimentResult best = train::runExperiment(table, request, device);
    best.training = train::trainingRecord(request, dataPath, device.name(), best.history);
    io::writeRunFolder(folder, best);
}

int runSearchCommand(const SearchCliOptions& o, bool hiddenGiven) {
    Terminal terminal(o.train.quiet);
    const train::ExperimentRequest base = experimentRequest(o.train, hiddenGiven);
    search::SearchOptions options;
    options.strategy = search::parseStrategy(o.strategy);
    options.trials = o.trials;
    options.gridSteps = o.gridSteps;
    options.concurrency = o.parallel;
    options.seed = o.train.seed;
    options.halving = o.halving;
    options.halvingMinEpochs = o.halvingMinEpochs;
    options.halvingEta = o.halvingEta;
    if (options.strategy != search::Strategy::Grid && o.trials < 1)
        throw InputError("--trials: random, bayes and tpe search need 1 or more trials");
    const search::SearchSpace space = search::SearchSpace::load(o.space);
    requireInputFile(o.train.data);
    io::checkOutputFolder(o.train.out);
    // The database is opened (and checked) before anything trains.
    std::unique_ptr<store::RunDatabase> db;
    if (!o.project.empty()) db = std::make_unique<store::RunDatabase>(
                                store::RunDatabase::pathFor(o.project));

    const data::Table table = data::readTable(o.train.data);
    device::DeviceChoice choice = device::makeDevice(o.train.device);
    if (!choice.note.empty()) terminal.say(choice.note);
    const std::string deviceSpec = o.train.device;
    search::DeviceFactory makeDevice = [deviceSpec] {
        return device::makeDevice(deviceSpec).device;
    };

    int64_t searchId = 0;
    store::RunRecord searchRun;
    if (db) {
        std::ifstream spaceFile(o.space);
        searchRun = search::searchRecord(options, nlohmann::json::parse(spaceFile, nullptr, false),
                                         o.train.data, choice.device->name());
        searchId = db->begin(searchRun);
    }

    int64_t planned = o.trials;
    if (options.strategy == search::Strategy::Grid) {
        const auto points = static_cast<int64_t>(space.grid(o.gridSteps).size());
        planned = o.trials > 0 ? std::min(o.trials, points) : points;
    }
    double bestValue = std::nan("");
    int64_t done = 0;
    search::SearchCallbacks callbacks;
    callbacks.onTrialFinished = [&](const search::Trial& t) {
        ++done;
        if (t.status == search::TrialStatus::Completed && !(t.value <= bestValue)) bestValue = t.value;
        terminal.endProgress();
        terminal.say("trial " + std::to_string(t.index) + " " + search::toString(t.status) +
                     (std::isfinite(t.value) ? " " + fixed4(t.value) : std::string()) + " (" +
                     std::to_string(t.epochs) + " epochs)  " + paramsText(t.params) +
                     (t.error.empty() ? "" : "  error: " + t.error) + "  best " +
                     (std::isfinite(bestValue) ? fixed4(bestValue) : std::string("n/a")));
        terminal.progress(done, planned, "search", true);
        if (db) {
            const double now = std::chrono::duration<double>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
            db->record(search::trialRecord(searchRun, searchId, t, now), {});
        }
    };

    search::SearchResult result;
    bool interrupted = false;
    {
        InterruptGuard guard;
        result = search::runSearch(table, base, space, options, makeDevice, callbacks, guard.token());
        interrupted = guard.interrupted();
    }
    terminal.endProgress();
    if (interrupted || result.cancelled) {
        if (db) db->finish(searchId, store::RunStatus::Cancelled, {});
        throw Cancelled();
    }

    io::StagedFolder staged(o.train.out);
    io::writeFileAtomic(staged.file("trials.csv"), search::trialsCsv(result, space));
    nlohmann::json summary = {{"strategy", o.strategy},
                              {"metric", result.metric},
                              {"seed", o.train.seed},
                              {"trials", result.trials.size()},
                              {"best_trial", result.best < 0 ? nlohmann::json() : nlohmann::json(result.best)}};
    // The leaderboard: the top five, as the window's Search tab ranks them.
    std::vector<search::Trial> ranked = result.trials;
    std::sort(ranked.begin(), ranked.end(), search::ranksBefore);
    for (size_t rank = 0; rank < std::min<size_t>(5, ranked.size()); ++rank) {
        const search::Trial& t = ranked[rank];
        if (rank == 0) terminal.say("leaderboard (" + result.metric + "):");
        terminal.say("  " + std::to_string(rank + 1) + ". trial " + std::to_string(t.index) + " " +
                     (std::isfinite(t.value) ? fixed4(t.value) : std::string("n/a")) + " " +
                     search::toString(t.status) + "  " + paramsText(t.params));
    }
    if (result.best >= 0) {
        const search::Trial& best = result.trials[static_cast<size_t>(result.best)];
        summary["best_params"] = best.params;
        summary["best_value"] = best.value;
        terminal.say("best: trial " + std::to_string(best.index) + " " + result.metric + " " +
                     fixed4(best.value) + "  " + paramsText(best.params) + "; training it into best/");
        train::ExperimentRequest request = search::trialRequest(base, best.params);
        request.train.seed = o.train.seed;
        writeBest(staged.file("best"), table, request, o.train.data, *choice.device);
    }
    io::writeFileAtomic(staged.file("search.json"), summary.dump(2) + "\n");
    staged.commit();
    if (db) {
        std::map<std::string, double> metrics;
        if (std::isfinite(bestValue)) metrics["val.best_metric"] = bestValue;
        db->finish(searchId, store::RunStatus::Finished, metrics,
                   std::filesystem::absolute(o.train.out).string());
    }
    terminal.say("wrote " + o.train.out + " (trials.csv, search.json" +
                 (result.best >= 0 ? ", best/)" : ")"));
    return 0;
}

}  // namespace

Command addSearchCommand(CLI::App& parent) {
    auto options = std::make_shared<SearchCliOptions>();
    SearchCliOptions& o = *options;
    CLI::App* app = parent.add_subcommand(
        "search", "Search hyperparameters: trials.csv, search.json and the best model in best/");
    app->add_option("DATA", o.train.data, "Dataset file (CSV or HDF5)")->required();
    app->add_option("--target", o.train.target, "Target column")->required();
    app->add_option("--space", o.space,
                    "space.json: {\"learning_rate\": {\"log\": [1e-4, 1e-1]}, \"hidden\": "
                    "{\"choice\": [\"64\", \"128,64\"]}, ...}")
        ->required();
    app->add_option("--out", o.train.out, "Output folder")->required();
    app->add_option("--strategy", o.strategy,
                    "grid, random, bayes (a Gaussian process with expected improvement: tens of "
                    "trials) or tpe (Tree-structured Parzen Estimator: hundreds)")
        ->check(CLI::IsMember({"grid", "random", "bayes", "tpe"}))
        ->capture_default_str();
    app->add_option("--trials", o.trials, "Trials to run (grid: 0 = the whole grid)")
        ->check(wholeNumberIn(0, 1'000'000))
        ->capture_default_str();
    app->add_option("--grid-steps", o.gridSteps, "Grid points per range")
        ->check(wholeNumberIn(1, 1000))
        ->capture_default_str();
    app->add_option("--parallel", o.parallel, "Trials trained at the same time")
        ->check(wholeNumberIn(1, 256))
        ->capture_default_str();
    app->add_flag("--halving", o.halving,
                  "Successive halving: stop a trial at epochs E, E*eta, ... when its validation "
                  "metric is not in the top 1/eta of earlier trials' at that epoch");
    app->add_option("--halving-min-epochs", o.halvingMinEpochs, "E, the first halving epoch")
        ->check(wholeNumberIn(1, 1'000'000))
        ->capture_default_str();
    app->add_option("--halving-eta", o.halvingEta, "eta, the halving factor")
        ->check(numberIn(1.0, 100.0, true))
        ->capture_default_str();
    app->add_option("--project", o.project,
                    "Record the search and its trials in this project's run database "
                    "(NAME.runs/runs.sqlite for NAME.loupe)");
    CLI::Option* hidden = addTrainingOptions(app, o.train);
    app->add_flag("--quiet,-q", o.train.quiet, "Print nothing but errors");
    return {app, [options, hidden] { return runSearchCommand(*options, hidden->count() > 0); }};
}

}  // namespace loupe::cli
