#include "core/search/search_record.h"

#include <cmath>
#include <filesystem>
#include <system_error>

#include "core/store/fingerprint.h"

namespace loupe::search {

store::RunRecord searchRecord(const SearchOptions& options, const nlohmann::json& space,
                              const std::string& datasetPath, const std::string& device) {
    store::RunRecord run;
    run.kind = "search";
    run.config = {
        {"strategy", toString(options.strategy)}, {"trials", options.trials}, {"space", space}};
    std::error_code error;
    run.datasetPath = datasetPath.empty() ? std::string()
                                          : std::filesystem::absolute(datasetPath, error).string();
    // A table built in memory (the window's edited rows) has no file to fingerprint.
    if (!datasetPath.empty() && std::filesystem::is_regular_file(datasetPath, error))
        run.datasetFingerprint = store::fingerprintFile(datasetPath);
    run.seed = options.seed;
    run.device = device;
    return run;
}

store::RunRecord trialRecord(const store::RunRecord& search, int64_t searchId, const Trial& trial,
                             double now) {
    store::RunRecord run = search;
    run.kind = "trial";
    run.parent = searchId;
    run.name = "trial " + std::to_string(trial.index);
    run.config = trial.params;
    run.status =
        trial.status == TrialStatus::Failed ? store::RunStatus::Failed : store::RunStatus::Finished;
    run.startedAt = now - trial.seconds;
    run.finishedAt = now;
    run.tags = trial.status == TrialStatus::Pruned ? std::vector<std::string>{"pruned"}
                                                   : std::vector<std::string>{};
    run.error = trial.error;
    run.metrics.clear();
    if (std::isfinite(trial.value)) run.metrics["val.best_metric"] = trial.value;
    return run;
}

}  // namespace loupe::search
