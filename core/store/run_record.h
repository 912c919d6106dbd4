#pragma once
// One run as the run database keeps it: what was run (kind, config, dataset fingerprint, seed,
// device), how it ended (status, metrics per split, duration), where its files are, and the
// user's notes and tags.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace loupe::store {

/// Interrupted: the process that ran it ended without saying how the run ended (a crash, a kill).
enum class RunStatus { Running, Finished, Cancelled, Failed, Interrupted };

/// "running", "finished", "cancelled", "failed", "interrupted".
std::string toString(RunStatus status);
/// The inverse of toString(); throws InputError naming the accepted words.
RunStatus parseRunStatus(const std::string& text);

/// One finished epoch of a run's history.
struct EpochRow {
    int64_t epoch = 0;  ///< 1-based
    double trainLoss = 0.0;
    double valLoss = 0.0;       ///< NaN without a validation set
    double valMetric = 0.0;     ///< NaN without a validation set
    double learningRate = 0.0;
    double seconds = 0.0;  ///< since the run started
};

struct RunRecord {
    int64_t id = 0;     ///< assigned by the database
    std::string kind;   ///< "train", "compress", "explain", "trial"
    std::string name;   ///< shown in the Runs view; defaults to "<kind> <id>"
    RunStatus status = RunStatus::Running;
    double startedAt = 0.0;                 ///< Unix time, seconds
    std::optional<double> finishedAt;       ///< empty while running
    nlohmann::json config = nlohmann::json::object();  ///< model, training, pipeline settings
    std::string datasetPath;
    std::string datasetFingerprint;  ///< fingerprint.h's hash of the dataset file
    uint64_t seed = 0;
    std::string device;  ///< "cpu", "cuda:0", ...
    std::string folder;  ///< the run folder with its artifacts (model.h5, metrics.json, ...)
    std::string notes;
    std::vector<std::string> tags;
    bool archived = false;
    int64_t parent = 0;  ///< the run this one derives from (a search, a compressed model's original)
    std::string error;   ///< why it failed
    /// "<split>.<metric>" -> value, e.g. "test.accuracy", "validation.roc_auc".
    std::map<std::string, double> metrics;

    /// finishedAt - startedAt, or NaN while running.
    double durationSeconds() const;
};

/// The run as JSON (loupe-cli runs --json): every field, status as text, times as Unix seconds.
nlohmann::json toJson(const RunRecord& run);

/// metrics.json's {"splits": {split: {metric: number}}} (the run folder layout) flattened to
/// "<split>.<metric>"; objects and non-numbers (confusion matrices, curves) are left out.
std::map<std::string, double> flattenMetrics(const nlohmann::json& metricsJson);

}  // namespace loupe::store
