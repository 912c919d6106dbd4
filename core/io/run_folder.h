#pragma once
// Run folder files (docs/formats.md): metrics.json, history.csv, predictions.csv. Numbers are
// printed in shortest round-trip form, and metrics are computed from exactly the numbers printed,
// so scikit-learn recomputes metrics.json from predictions.csv to the last bit.

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/data/target.h"
#include "core/matrix.h"
#include "core/train/trainer.h"

namespace loupe::io {

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

/// The predicted class of each row: the first arg-max, as numpy.argmax picks it.
std::vector<int> predictedClasses(const MatrixD& probs);

/// The eval report of the predictions whose split is `split` ("all" or empty split names: every
/// row). Classification reports need labels; rows with a negative label are not allowed.
nlohmann::json splitReport(const PredictionSet& predictions, const std::string& split);

/// {"task", "classes", "splits": {name: report}} as metrics.json holds it.
nlohmann::json metricsDocument(data::Task task, const std::vector<std::string>& classNames,
                               const std::vector<std::pair<std::string, nlohmann::json>>& splits);

/// predictions.csv text: row[, split][, label], predicted, then p_<class> per class
/// (classification) or nothing more (regression).
std::string predictionsCsv(const PredictionSet& predictions);

/// history.csv text: epoch, train_loss, val_loss, <val metric>, lr, seconds.
std::string historyCsv(const train::History& history);

/// Writes metrics.json atomically (two-space indented JSON).
void writeMetrics(const std::filesystem::path& path, const nlohmann::json& metrics);
/// Writes predictions.csv atomically.
void writePredictions(const std::filesystem::path& path, const PredictionSet& predictions);
/// Writes history.csv atomically.
void writeHistory(const std::filesystem::path& path, const train::History& history);

}  // namespace loupe::io
