#pragma once
// Knowledge distillation, the algorithm behind the `distill` compression plugin. Qt-free; trains
// a new, smaller MLP (the student) and leaves the teacher alone.
//
// - Classification: the student learns from the teacher's logits softened by a temperature T and
//   from the labels, loss = alpha * T^2 * KL(softmax(t/T) || softmax(s/T)) + (1 - alpha) * CE(s, y)
//   (Hinton, Vinyals, Dean 2015, "Distilling the Knowledge in a Neural Network"), through
//   train::fit with TrainData::soft.
// - Regression: the student fits alpha * teacher + (1 - alpha) * y by mean squared error, whose
//   gradient is that of alpha * MSE(s, teacher) + (1 - alpha) * MSE(s, y); T plays no part.

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "core/device/device.h"
#include "core/matrix.h"
#include "core/nn/model.h"
#include "core/train/trainer.h"

namespace loupe::plugins {

/// The student and how to train it.
struct DistillOptions {
    /// The student's layers (its output layer is the teacher's); the CLI's default 64,32 MLP.
    nn::ModelSpec student = {{64, 32}};
    /// Epochs, rate, batch, seed (the student's weights and shuffling) and distillation's
    /// temperature and alpha.
    train::TrainConfig train;
};

/// What distill() did.
struct DistillReport {
    int64_t teacherParameters = 0;
    int64_t studentParameters = 0;
    train::History history;  ///< of the student's training
};

/// "64,32" -> {64, 32}; "" or "none" -> {} (a logistic or linear student). Throws InputError
/// for anything but positive integers separated by commas.
std::vector<int64_t> parseHiddenUnits(const std::string& text);

/// The teacher's raw outputs (logits, or values for regression) for X: [rows, inputs], computed
/// once in large batches -> [rows, outputs].
Matrix teacherOutputs(const nn::Model& teacher, device::Device& device, const Matrix& x);

/// Trains a student on `train` (validating on `val`, which may have 0 rows) from the teacher's
/// outputs and the labels. The student keeps the teacher's task, class names, target name and
/// pipeline, so it predicts from raw tables as the teacher does. A stop ends training after the
/// current batch with report->history.cancelled set. Throws InputError or ModelError for data
/// that does not fit the teacher or bad settings.
nn::Model distill(const nn::Model& teacher, device::Device& device, const train::TrainData& train,
                  const train::TrainData& val, const DistillOptions& options,
                  const train::TrainCallbacks& callbacks = {}, std::stop_token stop = {},
                  DistillReport* report = nullptr);

}  // namespace loupe::plugins
