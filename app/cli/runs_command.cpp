// loupe-cli runs: the runs a project's run database holds, as a table, JSON or CSV.

#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli/commands.h"
#include "app/cli/options.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/store/run_database.h"

namespace loupe::cli {
namespace {

struct RunsOptions {
    std::string project;
    bool json = false;
    std::string csv;
    std::string filter;
    std::string status;
    std::string kind;
    std::string sort = "id";
    bool ascending = false;
    bool archived = false;
    int64_t limit = -1;
};

/// The run database of PROJECT (a *.loupe file) or the database file itself.
std::filesystem::path databasePath(const std::string& project) {
    const std::filesystem::path path(project);
    const auto db = path.extension() == ".sqlite" ? path : store::RunDatabase::pathFor(path);
    if (!std::filesystem::exists(db))
        throw InputError("no run database for this project (looked for " + db.string() + ")",
                         project);
    return db;
}

/// The metric a row shows: test accuracy or R^2, else validation's, else the search's best.
std::string headline(const store::RunRecord& run) {
    for (const char* name : {"test.accuracy", "test.r2", "val.accuracy", "val.r2",
                             "val.best_metric"})
        if (const auto it = run.metrics.find(name); it != run.metrics.end())
            return std::string(name) + " " + fixed4(it->second);
    return "-";
}

std::string startedText(double unixSeconds) {
    const std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
    return text;
}

int runRuns(const RunsOptions& o) {
    store::RunDatabase db(databasePath(o.project));
    store::RunQuery query;
    query.text = o.filter;
    if (!o.status.empty()) query.status = store::parseRunStatus(o.status);
    query.kind = o.kind;
    query.includeArchived = o.archived;
    query.orderBy = o.sort;
    query.descending = !o.ascending;
    query.limit = o.limit;
    const auto runs = db.runs(query);

    if (!o.csv.empty()) {
        io::writeFileAtomic(o.csv, store::runsCsv(runs));
        std::cerr << "wrote " << o.csv << " (" << runs.size() << " runs)\n";
    }
    if (o.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& run : runs) out.push_back(store::toJson(run));
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (!o.csv.empty()) return 0;
    std::printf("%6s  %-22s %-9s %-11s %-16s %9s  %s\n", "id", "name", "kind", "status", "started",
                "seconds", "metric");
    for (const auto& run : runs) {
        const double seconds = run.durationSeconds();
        std::printf("%6lld  %-22.22s %-9.9s %-11s %-16s %9s  %s\n", static_cast<long long>(run.id),
                    run.name.c_str(), run.kind.c_str(), store::toString(run.status).c_str(),
                    startedText(run.startedAt).c_str(),
                    std::isfinite(seconds) ? fixed4(seconds).c_str() : "-", headline(run).c_str());
    }
    std::printf("%zu of %lld runs\n", runs.size(), static_cast<long long>(db.count()));
    return 0;
}

}  // namespace

Command addRunsCommand(CLI::App& parent) {
    auto options = std::make_shared<RunsOptions>();
    RunsOptions& o = *options;
    CLI::App* app = parent.add_subcommand("runs", "List the runs in a project's run database");
    app->add_option("PROJECT", o.project,
                    "Project file (*.loupe; its runs are in PROJECT.runs/runs.sqlite) or the "
                    "database file")
        ->required();
    app->add_flag("--json", o.json, "Every field of every run as a JSON array on stdout");
    app->add_option("--csv", o.csv, "Also write the runs as CSV to this file");
    app->add_option("--filter", o.filter,
                    "Only runs whose name, kind, status, notes, tags, dataset, device or config "
                    "contains this text (case-insensitive)");
    app->add_option("--status", o.status, "Only runs with this status")
        ->check(CLI::IsMember({"running", "finished", "cancelled", "failed", "interrupted"}));
    app->add_option("--kind", o.kind, "Only runs of this kind (train, compress, explain, search, "
                                      "trial)");
    app->add_option("--sort", o.sort,
                    "id, name, kind, status, started_at, duration, seed, device or "
                    "metric:SPLIT.NAME (e.g. metric:test.accuracy)")
        ->capture_default_str();
    app->add_flag("--ascending", o.ascending, "Sort ascending (default descending)");
    app->add_flag("--archived", o.archived, "Include archived runs");
    app->add_option("--limit", o.limit, "At most this many runs")->check(wholeNumberIn(1, 1'000'000'000));
    return {app, [options] { return runRuns(*options); }};
}

}  // namespace loupe::cli
