#pragma once
// Trainer: the mini-batch loop. Plain values in, a trained Model and its History out; reports
// through callbacks and stops through a std::stop_token, leaving the best weights so far usable.

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/device/device.h"
#include "core/matrix.h"
#include "core/nn/lr_schedule.h"
#include "core/nn/model.h"
#include "core/progress.h"

namespace loupe::train {

enum class Optimizer { Adam, AdamW, Sgd };

/// What early stopping (and a plateau schedule) watches: the validation loss (lower is better) or
/// the validation metric, accuracy or R^2 (higher is better).
enum class Monitor { ValLoss, ValMetric };

/// Knowledge distillation's settings, used when the training data carries soft targets.
struct Distillation {
    float temperature = 4.0f;  ///< softens both the teacher's and the student's softmax
    float alpha = 0.7f;        ///< weight of the soft term; 1 - alpha weighs the hard labels
};

struct TrainConfig {
    int64_t epochs = 100;
    int64_t batchSize = 32;
    float learningRate = 1e-3f;
    Optimizer optimizer = Optimizer::Adam;
    float momentum = 0.9f;  ///< SGD only
    float l1 = 0.0f;
    float l2 = 0.0f;                ///< coupled L2 (Adam, SGD); AdamW uses it as decoupled decay
    int64_t earlyStopPatience = 0;  ///< epochs without improvement of `monitor`; 0 = off
    float earlyStopMinDelta = 0.0f;
    Monitor monitor = Monitor::ValLoss;  ///< early stopping and the plateau schedule
    nn::LearningRateSchedule schedule;   ///< none: learningRate throughout
    float clipGradNorm = 0.0f;           ///< max global L2 norm of the gradients; 0 = off
    /// Gaussian noise added to each training batch's inputs, as a share of each input column's
    /// standard deviation over the training rows; 0 = off.
    float inputNoise = 0.0f;
    /// mixup: each batch's rows and losses mixed with a shuffle of the batch by a weight drawn
    /// from Beta(alpha, alpha); 0 = off.
    float mixupAlpha = 0.0f;
    uint64_t seed = 0;                ///< shuffling and dropout
    std::vector<float> classWeights;  ///< classification; empty = all 1
    /// Weights held at 0 (pruned weights while fine-tuning): parameterMasks[layer][parameter] is
    /// a 0/1 matrix of that parameter's shape, multiplied in after every optimizer step; a
    /// missing or empty entry leaves that parameter free.
    std::vector<std::vector<Matrix>> parameterMasks;
    Distillation distillation{};  ///< with TrainData::soft on the training data only
};

/// One finished epoch.
struct EpochRecord {
    int64_t epoch = 0;  ///< 1-based
    double trainLoss = 0.0;
    double valLoss = 0.0;       ///< NaN without a validation set
    double valMetric = 0.0;     ///< accuracy (classification) or R^2 (regression); NaN without val
    double learningRate = 0.0;  ///< the rate of the epoch's last batch
    double seconds = 0.0;       ///< wall time since training started
};

struct History {
    std::vector<EpochRecord> epochs;
    std::string valMetricName;  ///< "val_accuracy" or "val_r2"
    int64_t bestEpoch = 0;      ///< epoch whose weights the model holds (1-based)
    bool stoppedEarly = false;
    bool cancelled = false;
};

/// Data already through the pipeline. X: [rows, inputs]; y: [rows] class index or value.
struct TrainData {
    Matrix x;
    std::vector<float> y;
    /// Classification, training data only: a teacher's logits [rows, outputs] to distil from
    /// (TrainConfig::distillation); empty = the labels alone.
    Matrix soft{};
};

struct TrainCallbacks {
    /// After each mini-batch: epoch (1-based), batch index, batches per epoch, batch loss.
    std::function<void(int64_t, int64_t, int64_t, double)> onBatch;
    std::function<void(const EpochRecord&)> onEpoch;
};

/// Trains `model` in place on `device`. With a validation set and early stopping on, the model
/// ends holding the weights of the epoch with the best monitored value. A plateau schedule watches
/// the monitored value (the training loss without a validation set). Cancelling through
/// `stop` ends after the current batch, keeps the best weights so far and sets History::cancelled.
History fit(nn::Model& model, device::Device& device, const TrainData& train, const TrainData& val,
            const TrainConfig& config, const TrainCallbacks& callbacks = {},
            std::stop_token stop = {});

}  // namespace loupe::train
