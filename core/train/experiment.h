#pragma once
// An experiment: encode the target, split the rows (stratified by class), fit the pipeline on the
// training rows, build and train a model, predict every row with a target and report each split.
// The CLI's train command and the GUI's training job both run it; it never touches a thread.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "core/data/pipeline.h"
#include "core/data/resample.h"
#include "core/data/split.h"
#include "core/data/table.h"
#include "core/data/target.h"
#include "core/device/device.h"
#include "core/nn/model.h"
#include "core/train/predictions.h"
#include "core/train/trainer.h"

namespace loupe::train {

/// What to train on a table and how; the defaults are loupe-cli train's.
struct ExperimentRequest {
    std::string target;                    ///< target column
    std::optional<data::Task> task;        ///< empty: inferred from the target column
    std::vector<std::string> features;     ///< empty: data::defaultFeatures
    std::vector<std::string> dropColumns;  ///< left out of the features; each must exist
    data::PipelineOptions pipeline;        ///< imputation, scaling, encoding, log columns
    nn::ModelSpec model = defaultModelSpec();
    TrainConfig train;  ///< train.seed also seeds the split and the weights
    double valFraction = 0.15;
    double testFraction = 0.15;
    /// Classification only: resampling of the training rows after the pipeline (its seed is
    /// train.seed); validation and test rows are never resampled.
    data::Resampling resample = data::Resampling::None;
    int64_t smoteK = 5;
    /// Classification only: train.classWeights become scikit-learn's "balanced" weights of the
    /// rows trained on (after resampling).
    bool balancedClassWeights = false;

    /// The CLI's default MLP: two ReLU layers of 64 and 32 units, no dropout.
    static nn::ModelSpec defaultModelSpec();
};

/// The target encoded, the rows split and the pipeline fitted on the training rows.
struct PreparedExperiment {
    data::Target target;
    data::Split split;
    std::vector<std::string> features;
    data::Pipeline pipeline;
    int64_t outputs = 1;  ///< classes (classification) or 1
};

/// A trained model with everything measured about it.
struct ExperimentResult {
    nn::Model model;  ///< the weights of the best epoch when early stopping or a stop ended it
    History history;
    data::Split split;
    std::vector<std::string> features;
    PredictionSet predictions;  ///< every row with a target, tagged train/val/test, with labels
    std::vector<std::pair<std::string, nlohmann::json>> reports;  ///< per non-empty split
    /// How it was trained (train::trainingRecord: data file, settings, device, time), kept in
    /// metrics.json; null when not recorded.
    nlohmann::json training;
};

/// Checks the request against the table and prepares the data. Throws InputError (naming the
/// table's file) for a missing target or feature column, bad fractions or too few rows.
PreparedExperiment prepareExperiment(const data::Table& table, const ExperimentRequest& request);

/// The untrained model for prepared data: its layers, task, class names, target and pipeline.
nn::Model buildModel(const PreparedExperiment& prepared, const ExperimentRequest& request);

/// The encoded labels of `rows`, a subset of target.rows (sorted); target.values[i] is
/// target.rows[i]'s.
std::vector<float> labelsOf(const data::Target& target, const std::vector<int64_t>& rows);

/// The data one training run sees: the training rows through the pipeline, resampled as
/// requested (never the validation rows), and the validation rows as they are.
struct TrainingSets {
    TrainData train;
    TrainData val;
    std::vector<int64_t> trainSource;  ///< data row of each training row; -1 for synthetic SMOTE
    std::vector<float> classWeights;   ///< balanced weights when requested, else train.classWeights
};

/// Builds the TrainingSets of a prepared experiment (what trainModel trains on).
TrainingSets trainingSets(const data::Table& table, const PreparedExperiment& prepared,
                          const ExperimentRequest& request);

/// metrics.json "training" keys for the imbalance settings: "resample", "smote_k" (SMOTE only),
/// "class_weight" ("none" or "balanced").
nlohmann::json imbalanceSettings(const ExperimentRequest& request);

/// Trains `model` on the prepared training rows, validating on the validation rows (early
/// stopping is off without them). A stop ends after the current batch with History::cancelled.
History trainModel(nn::Model& model, device::Device& device, const data::Table& table,
                   const PreparedExperiment& prepared, const ExperimentRequest& request,
                   const TrainCallbacks& callbacks = {}, std::stop_token stop = {});

/// Predictions for every row with a target, tagged with its split, with true labels
/// (regression: the column's exact values).
PredictionSet predictAll(device::Device& device, const nn::Model& model, const data::Table& table,
                         const PreparedExperiment& prepared);

/// One report per non-empty split, in the order train, val, test.
std::vector<std::pair<std::string, nlohmann::json>> splitReports(const PredictionSet& predictions,
                                                                 const data::Split& split);

/// A finished experiment rebuilt from what a run folder keeps: the split from the predictions'
/// split names, the features from the model's pipeline and the reports recomputed from the
/// predictions (the same numbers, so the same reports). Throws ModelError when the predictions
/// lack split names or labels, or do not match the model's task and classes.
ExperimentResult rebuildExperiment(nn::Model model, History history, PredictionSet predictions);

/// The whole flow. A stop keeps the best weights so far and still predicts and reports with
/// them (History::cancelled tells).
ExperimentResult runExperiment(const data::Table& table, const ExperimentRequest& request,
                               device::Device& device, const TrainCallbacks& callbacks = {},
                               std::stop_token stop = {});

}  // namespace loupe::train
