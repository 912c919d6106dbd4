#pragma once
// The model, data and training options `train` and `search` share: their fields, their
// registration on a subcommand, and the ExperimentRequest they make.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "core/train/experiment.h"

namespace loupe::cli {

/// Every `train` option (a search uses all but --cv and --tune-threshold).
struct TrainOptions {
    std::string data, target, out;
    std::string model = "mlp";
    std::string hidden = "64,32";
    std::string activation = "relu";
    float dropout = 0.0f;
    int64_t epochs = 100;
    int64_t batch = 32;
    float lr = 1e-3f;
    std::string optimizer = "adam";
    float l1 = 0.0f;
    float l2 = 0.0f;
    int64_t earlyStop = 0;  // off, as scikit-learn's MLP: see docs/cli.md
    double val = 0.15;
    double test = 0.15;
    uint64_t seed = 0;
    std::string device = "auto";
    std::string task = "auto";
    int64_t smote = 0;  // neighbours; 0 = no SMOTE
    bool oversample = false;
    bool undersample = false;
    std::string classWeight = "none";
    std::string scale = "standard";
    std::string impute = "mean";
    std::string encode = "onehot";
    std::string log, drop;  // comma-separated column names
    std::string schedule = "none";
    float clipGrad = 0.0f;
    float noise = 0.0f;
    float mixup = 0.0f;
    std::string monitor = "val_loss";
    int64_t cv = 0;             // folds; 0 = no cross-validation
    std::string tuneThreshold;  // empty: off
    bool quiet = false;
};

/// Adds --model through --monitor to `app`; returns --hidden (whether it was given matters to
/// --model logreg).
CLI::Option* addTrainingOptions(CLI::App* app, TrainOptions& o);

/// The experiment the options describe; throws InputError for a bad value.
train::ExperimentRequest experimentRequest(const TrainOptions& o, bool hiddenGiven);

}  // namespace loupe::cli
