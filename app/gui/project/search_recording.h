#pragma once
// The window records a search and its trials through its RunRecorder, the one writer of the
// project's run database, so they follow the project when its first save copies the history
// (a trial ending after that save lands beside its search, not in the recovery's database).

namespace loupe::gui {

class RunRecorder;
class SearchJob;

/// From now on records each search `job` runs in `recorder`: the search as it starts (kind
/// "search"), each trial as it ends (kind "trial", the search its parent), and the search's end:
/// finished with the best trial's value, cancelled, or failed with the reason.
void recordSearches(SearchJob& job, RunRecorder& recorder);

}  // namespace loupe::gui
