#pragma once
// How long work reports how far it has come. Core calls a Progress callback; the app turns the
// calls into throttled queued signals, the CLI into a terminal progress bar.

#include <functional>
#include <stop_token>
#include <string>

namespace loupe {

/// One progress report: `done` of `total` steps of `stage` (total 0 when unknown).
struct ProgressInfo {
    std::string stage;
    long long done = 0;
    long long total = 0;
    std::string detail;  ///< e.g. "loss 0.231"
};

/// Called from the thread that does the work; must be cheap and must not throw.
using Progress = std::function<void(const ProgressInfo&)>;

/// Throws loupe::Cancelled when `stop` has been requested.
void throwIfStopped(const std::stop_token& stop);

}  // namespace loupe
