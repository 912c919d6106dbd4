#pragma once
// What train and evaluate share: finding the true labels a loaded model is evaluated against, and
// the summary line of a report.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/table.h"
#include "core/nn/model.h"

namespace loupe::cli {

/// Data rows with a true label.
struct LabeledRows {
    std::vector<int64_t> rows;   ///< 0-based data rows, ascending
    std::vector<double> labels;  ///< class index or value of each row
};

/// The rows of `table` whose target (the model's target column) is present, with their labels.
/// Throws InputError naming the file for a missing target column, a label the model does not
/// know, or a non-numeric regression target.
LabeledRows labeledRows(const nn::Model& model, const data::Table& table);

/// "accuracy 0.9767, roc_auc 0.9987, log_loss 0.0712" (classification) or
/// "r2 0.8123, mae 0.3012, rmse 0.4410" (regression).
std::string summarize(const nlohmann::json& report, data::Task task);

}  // namespace loupe::cli
