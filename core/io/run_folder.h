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
#include "core/train/predictions.h"
#include "core/train/trainer.h"

namespace loupe::io {

/// The predicted class of each row: the first arg-max, as numpy.argmax picks it.
std::vector<int> predictedClasses(const MatrixD& probs);

/// {"task", "classes", "splits": {name: report}} as metrics.json holds it.
nlohmann::json metricsDocument(data::Task task, const std::vector<std::string>& classNames,
                               const std::vector<std::pair<std::string, nlohmann::json>>& splits);

/// predictions.csv text: row[, split][, label], predicted, then p_<class> per class
/// (classification) or nothing more (regression).
std::string predictionsCsv(const train::PredictionSet& predictions);

/// history.csv text: epoch, train_loss, val_loss, <val metric>, lr, seconds.
std::string historyCsv(const train::History& history);

/// Writes metrics.json atomically (two-space indented JSON).
void writeMetrics(const std::filesystem::path& path, const nlohmann::json& metrics);
/// Writes predictions.csv atomically.
void writePredictions(const std::filesystem::path& path, const train::PredictionSet& predictions);
/// Writes history.csv atomically.
void writeHistory(const std::filesystem::path& path, const train::History& history);

}  // namespace loupe::io
