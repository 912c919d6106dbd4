#pragma once
// Comparison rows for compressed models (Qt-free): size, speed and quality of a model on held-out
// rows, and compare.json (docs/formats.md) with each compressed model's change from the original.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/device/device.h"
#include "core/matrix.h"
#include "core/nn/model.h"

namespace loupe::plugins {

/// Held-out rows to score models on. X: [rows, inputs] through the model's pipeline; labels:
/// class index (classification) or value (regression) per row.
struct HeldOutRows {
    Matrix x;
    std::vector<double> labels;
    std::string split = "test";  ///< what the rows are, e.g. "test"
};

/// What measureModel() found; a metric undefined on the rows (ROC-AUC with one class) is null.
struct ComparisonRow {
    std::string name;    ///< e.g. "original", "prune-magnitude"
    std::string plugin;  ///< the plugin id; empty for the original
    int64_t parameters = 0;
    int64_t nonzeroParameters = 0;
    int64_t sizeBytes = 0;       ///< of the model file saveModel writes
    double latencyBatch1 = 0.0;  ///< milliseconds per call, median
    double latencyBatch1024 = 0.0;
    /// classification: accuracy, roc_auc (binary) or roc_auc_ovr_macro; regression: r2, rmse.
    nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
};

/// Measures `model` on `rows`: parameters, bytes on disk (saved to a temporary file), median
/// latency of predict() at batch 1 and 1024 (rows repeated to fill the batch) on `device`, and
/// its metrics. Throws InputError when the temporary file cannot be written.
ComparisonRow measureModel(const nn::Model& model, device::Device& device, const HeldOutRows& rows,
                           const std::string& name, const std::string& plugin = {});

/// compare.json: {"note", "split", "models": [row...]} with, for every row after the first, the
/// change from the first: <metric>_change (difference), size_ratio and speedup_batch1/1024
/// (original latency / this latency).
nlohmann::ordered_json comparisonJson(const std::vector<ComparisonRow>& rows,
                                      const std::string& split, const std::string& note = {});

/// compare.json's numbers of `original` and `compressed` as "original.<key>" and
/// "compressed.<key>" (size_bytes, parameters, accuracy, accuracy_change, size_ratio, ...): what
/// the run database keeps of a compression beside the compressed model's split metrics.
std::map<std::string, double> comparisonMetrics(const ComparisonRow& original,
                                                const ComparisonRow& compressed,
                                                const std::string& split);

/// "prune-magnitude (sparsity=0.8, mode=unstructured)": a plugin id and its parameters, the name
/// of a compressed run.
std::string compressedRunName(const std::string& id, const nlohmann::json& parameters);

}  // namespace loupe::plugins
