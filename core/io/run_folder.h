#pragma once
// Run folder files (docs/formats.md): model.h5, metrics.json, history.csv, predictions.csv. Numbers
// are printed in shortest round-trip form, and metrics are computed from exactly the numbers
// printed, so scikit-learn recomputes metrics.json from predictions.csv to the last bit, and a
// run read back (readRunFolder) reports exactly what it reported when it was trained.

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/data/target.h"
#include "core/matrix.h"
#include "core/train/experiment.h"
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

/// predictions.csv text read back (the inverse of predictionsCsv): classification when it has
/// p_<class> columns, labels as class indices (-1 for an empty label). The predicted column is
/// not kept (it follows from the probabilities). Throws InputError naming `source`, the line and
/// the column for a malformed file.
train::PredictionSet parsePredictionsCsv(std::string_view text, const std::string& source = {});

/// history.csv text read back (the inverse of historyCsv; empty fields are NaN). The file does
/// not say which epoch's weights were kept: bestEpoch is the last epoch. Throws InputError naming
/// `source`, the line and the column for a malformed file.
train::History parseHistoryCsv(std::string_view text, const std::string& source = {});

/// Reads predictions.csv; throws InputError naming the file when it cannot be read or parsed.
train::PredictionSet readPredictions(const std::filesystem::path& path);
/// Reads history.csv; throws InputError naming the file when it cannot be read or parsed.
train::History readHistory(const std::filesystem::path& path);

/// metrics.json's "training" object (train::trainingRecord), or null when the file or the
/// object is absent (runs written before it existed). Throws InputError naming the file when it
/// is not a JSON object.
nlohmann::json readTrainingRecord(const std::filesystem::path& path);

/// Writes model.h5, metrics.json, history.csv and predictions.csv into `folder` as loupe-cli
/// train does: staged beside it and moved into place once every file is written.
void writeRunFolder(const std::filesystem::path& folder, const train::ExperimentResult& result);

/// Reads a run folder written by loupe-cli train or writeRunFolder back into the experiment it
/// came from (train::rebuildExperiment), with metrics.json's "training" record when it has one. Throws InputError naming the file that is missing or
/// malformed, ModelError when the files do not belong together.
train::ExperimentResult readRunFolder(const std::filesystem::path& folder);

}  // namespace loupe::io
