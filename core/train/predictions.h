#pragma once
// A model's predictions for some data rows, with their splits and true labels, and the metrics
// report of one split. Shared by the run folder writers (core/io), the CLI and the GUI.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/table.h"
#include "core/data/target.h"
#include "core/device/device.h"
#include "core/matrix.h"
#include "core/nn/model.h"

namespace loupe::train {

/// A model's outputs for some data rows, with what predictions.csv needs beside them.
struct PredictionSet {
    data::Task task = data::Task::Classification;
    std::vector<std::string> classNames;  ///< classification: one per output column
    std::vector<int64_t> rows;            ///< 0-based data row of each prediction
    std::vector<std::string> splits;      ///< split name per row; empty: no split column
    std::vector<double> labels;           ///< class index or true value; empty: no label column
    MatrixD outputs;  ///< [rows, classes] probabilities, or [rows, 1] regression values
};

/// float32 model outputs widened to double. Classification rows are divided by their sum in
/// double, so each sums to 1 as scikit-learn's log_loss assumes (it rescales rows that do not).
/// probs: [rows, outputs].
MatrixD widenOutputs(const Matrix& outputs, data::Task task);

/// Throws ModelError when the outputs, splits, labels or class names do not match the rows.
void checkPredictionSet(const PredictionSet& predictions);

/// Runs `model` (pipeline included) on `rows` of `table`, outputs widened. Throws InputError
/// naming the file when an output is not finite.
PredictionSet predictRows(device::Device& device, const nn::Model& model, const data::Table& table,
                          const std::vector<int64_t>& rows);

/// The eval report of the predictions whose split is `split` ("all" or empty split names: every
/// row). Classification reports need labels; rows with a negative label are not allowed.
nlohmann::json splitReport(const PredictionSet& predictions, const std::string& split);

}  // namespace loupe::train
