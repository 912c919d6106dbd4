#pragma once
// How a search and its trials are recorded in a project's run database (core/store): the search
// as a run of kind "search", each finished trial as a run of kind "trial" whose parent is the
// search. loupe-cli search --project and the window's Search tab record through these, so the
// Runs view shows a search the same whichever started it.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/search/search.h"
#include "core/store/run_record.h"

namespace loupe::search {

/// The record of a search as it begins: strategy, trials and `space` (the space JSON) as its
/// config, the dataset (fingerprinted when `datasetPath` names a readable file), seed and device.
store::RunRecord searchRecord(const SearchOptions& options, const nlohmann::json& space,
                              const std::string& datasetPath, const std::string& device);

/// The record of a finished trial of the search `searchId` begun from `search`: its parameters
/// as config, its status (a pruned trial is finished and tagged "pruned"), its error, and its
/// value as the metric "val.best_metric"; it ended at `now` (Unix seconds).
store::RunRecord trialRecord(const store::RunRecord& search, int64_t searchId, const Trial& trial,
                             double now);

}  // namespace loupe::search
