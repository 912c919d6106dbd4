#pragma once
// How a run was trained, as metrics.json's "training" object keeps it (docs/formats.md "Run
// folder"): the data file, the settings, the device and the time. Reports and the model card read
// it back; predictions and metrics do not depend on it.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/train/experiment.h"
#include "core/train/trainer.h"

namespace loupe::train {

/// {"data", "target", "epochs", "batch_size", "learning_rate", "optimizer", "l1", "l2",
/// "early_stop_patience", "val_fraction", "test_fraction", "seed", "device", "epochs_run",
/// "best_epoch", "stopped_early", "seconds", "monitor", "schedule", "clip_grad_norm",
/// "input_noise", "mixup_alpha", "impute", "scaling", "encoding", "log_columns",
/// "dropped_columns"}; "data" is made absolute so a report finds the file from any folder, and
/// float settings are written as the float32 they were ("0.001").
nlohmann::json trainingRecord(const ExperimentRequest& request, const std::string& dataFile,
                              const std::string& deviceName, const History& history);

/// The schedule as metrics.json keeps it: {"kind": "none"}, or the kind and its parameters
/// ({"kind": "step", "every": 10, "gamma": 0.1}, ...).
nlohmann::json scheduleJson(const nn::LearningRateSchedule& schedule);

/// "adam", "adamw" or "sgd".
std::string optimizerName(Optimizer optimizer);

/// The settings fine-tuning after compression reuses, read back from a "training" record:
/// batch size, learning rate, optimizer, L1, L2, gradient clipping and seed; train's defaults
/// (batch 32, `seed`) where the record says nothing or is not an object.
TrainConfig trainConfigFromRecord(const nlohmann::json& record, uint64_t seed = 0);

/// What fine-tuning after compression trains on and with, as the run trained.
struct FineTuningSetup {
    TrainData train;     ///< the training rows, resampled as the run's were
    TrainConfig config;  ///< trainConfigFromRecord, with the run's class weights
};

/// The training rows and settings prepared as trainingSets prepared the run's, with the same
/// calls: `rows` (the training split through the model's pipeline, in row order, labels as class
/// indices) resampled as the record's "resample" and "smote_k" say, seeded by its "seed" (else
/// `seed`); then, when its "class_weight" is "balanced", config.classWeights =
/// data::balancedClassWeights of the rows trained on over `classes` classes. A record without
/// these keys or a regression model (`classes` 0) keeps the rows and leaves the weights empty.
/// Throws InputError for an unknown "resample" or "class_weight", or, as training does, a class
/// too small for SMOTE.
FineTuningSetup fineTuningSetup(const nlohmann::json& record, TrainData rows, int64_t classes,
                                uint64_t seed = 0);

}  // namespace loupe::train
