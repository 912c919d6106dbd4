#pragma once
// Permutation feature importance (Breiman 2001; as sklearn.inspection.permutation_importance):
// how much a metric drops when one source feature's values are shuffled across rows, breaking
// its link to the target. One-hot columns of a categorical feature are shuffled together.

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "core/device/device.h"
#include "core/matrix.h"
#include "core/nn/model.h"
#include "core/progress.h"

namespace loupe::explain {

enum class ImportanceMetric { Auto, Accuracy, RocAuc, R2, Mse };

struct ImportanceOptions {
    ImportanceMetric metric = ImportanceMetric::Auto;  ///< Auto: accuracy, or R² for regression
    int64_t repeats = 5;
    uint64_t seed = 0;
};

/// Mean and standard deviation (ddof 0, as sklearn) over the repeats of each feature's drop.
struct ImportanceResult {
    std::vector<std::string> features;
    std::vector<double> mean;  ///< baseline - shuffled score (shuffled - baseline for MSE)
    std::vector<double> std;
    double baseline = 0.0;  ///< the metric on the unshuffled rows
    std::string metric;     ///< "accuracy", "roc_auc", "r2", "mse"
};

/// "auto", "accuracy", "roc_auc", "r2", "mse"; throws InputError on another name.
ImportanceMetric parseImportanceMetric(const std::string& name);

/// x: [rows, inputs] after the pipeline; labels: class index or value per row. Throws InputError
/// for a metric that does not fit the task, fewer than 2 rows or repeats < 1; Cancelled on stop.
ImportanceResult permutationImportance(device::Device& device, const nn::Model& model,
                                       const Matrix& x, const std::vector<double>& labels,
                                       const ImportanceOptions& options,
                                       const Progress& progress = {}, std::stop_token stop = {});

}  // namespace loupe::explain
