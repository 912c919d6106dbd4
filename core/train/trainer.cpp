// The mini-batch loop. Everything a batch touches is allocated before the loop: the training set
// lives on the device, each batch is gathered into a preallocated workspace (one for full
// batches, one for the smaller last batch), and optimizer state stays on the device.

#include "core/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <numeric>
#include <random>
#include <string>

#include "core/device/counter_rng.h"
#include "core/error.h"
#include "core/nn/dropout.h"
#include "core/nn/loss.h"
#include "core/nn/optimizer.h"
#include "core/nn/workspace.h"
#include "core/train/batch_augment.h"
#include "core/train/validation.h"

namespace loupe::train {
namespace {

void checkData(const nn::Model& model, const TrainData& data, const char* what) {
    if (data.x.rows() != static_cast<int64_t>(data.y.size()))
        throw InputError(std::string(what) + ": " + std::to_string(data.x.rows()) +
                         " rows of features but " + std::to_string(data.y.size()) + " targets");
    if (data.x.cols() != model.inputs())
        throw ModelError(std::string(what) + ": the model takes " + std::to_string(model.inputs()) +
                         " inputs, the data has " + std::to_string(data.x.cols()) + " columns");
    if (model.task == data::Task::Classification) {
        for (const float label : data.y)
            if (!(label >= 0.0f) || label >= static_cast<float>(model.outputs()) ||
                label != std::floor(label))
                throw InputError(std::string(what) + ": class label " + std::to_string(label) +
                                 " is not an index below " + std::to_string(model.outputs()));
    } else if (model.outputs() != 1) {
        throw ModelError("a regression model needs exactly one output");
    }
}

nn::OptimizerSettings optimizerSettings(const TrainConfig& config) {
    nn::OptimizerSettings s;
    s.learningRate = config.learningRate;
    s.l1 = config.l1;
    switch (config.optimizer) {
        case Optimizer::Adam:
            s.kind = nn::OptimizerKind::Adam;
            s.l2 = config.l2;
            break;
        case Optimizer::AdamW:
            s.kind = nn::OptimizerKind::AdamW;
            s.weightDecay = config.l2;
            break;
        case Optimizer::Sgd:
            s.kind = nn::OptimizerKind::Sgd;
            s.momentum = config.momentum;
            s.l2 = config.l2;
            break;
    }
    return s;
}

/// Fisher-Yates on mt19937_64. j = draw mod (i + 1): the modulo bias is below 2^-40 for any
/// realistic row count, and unlike std::uniform_int_distribution it is the same in every library.
void shuffle(std::vector<int64_t>& order, std::mt19937_64& rng) {
    for (size_t i = order.size(); i-- > 1;) {
        const auto j = static_cast<size_t>(rng() % static_cast<uint64_t>(i + 1));
        std::swap(order[i], order[j]);
    }
}

/// The buffers one batch size needs besides the workspace: labels, loss scratch, loss value.
struct BatchBuffers {
    std::unique_ptr<nn::Workspace> ws;
    device::Tensor labels, scratch, loss;
    device::Tensor partnerLabels, partnerGrad, partnerLoss;  ///< mixup only
    device::Tensor teacher;                                  ///< distillation only
};

BatchBuffers makeBuffers(device::Device& dev, std::unique_ptr<nn::Workspace> ws, int64_t outputs,
                         bool mixup, bool distill) {
    BatchBuffers b;
    const int64_t n = ws->batch();
    b.ws = std::move(ws);
    b.labels = dev.allocate(n, 1);
    b.scratch = dev.allocate(n, outputs);
    b.loss = dev.allocate(1, 1);
    if (mixup) {
        b.partnerLabels = dev.allocate(n, 1);
        b.partnerGrad = dev.allocate(n, outputs);
        b.partnerLoss = dev.allocate(1, 1);
    }
    if (distill) b.teacher = dev.allocate(n, outputs);
    return b;
}

}  // namespace

History fit(nn::Model& model, device::Device& device, const TrainData& train, const TrainData& val,
            const TrainConfig& config, const TrainCallbacks& callbacks, std::stop_token stop) {
    checkData(model, train, "training data");
    const int64_t rows = train.x.rows();
    if (rows == 0) throw InputError("no training rows");
    const bool hasVal = val.x.rows() > 0;
    if (hasVal) checkData(model, val, "validation data");
    if (config.epochs < 0) throw InputError("epochs must not be negative");
    const nn::LayerList& layers = model.layers();
    const int64_t outputs = model.outputs();
    const auto start = std::chrono::steady_clock::now();

    // Dropout streams keyed by the seed and the layer's position.
    for (size_t i = 0; i < layers.size(); ++i)
        if (auto* dropout = dynamic_cast<nn::Dropout*>(layers[i].get()))
            dropout->setSeed(device::splitmix64(config.seed ^ (0xD1B54A32D192ED03ull * (i + 1))));

    nn::checkSchedule(config.schedule);
    if (!(config.clipGradNorm >= 0.0f)) throw InputError("the gradient clipping norm must be >= 0");
    if (!(config.inputNoise >= 0.0f)) throw InputError("the input noise must be >= 0");
    if (!(config.mixupAlpha >= 0.0f)) throw InputError("the mixup alpha must be >= 0");
    std::unique_ptr<BatchAugment> augment;
    if (config.inputNoise > 0.0f || config.mixupAlpha > 0.0f)
        augment = std::make_unique<BatchAugment>(train.x, config.inputNoise, config.mixupAlpha,
                                                 config.seed);
    const bool mixup = augment && augment->mixup();
    const bool distill = train.soft.size() > 0;
    if (distill) {
        if (model.task != data::Task::Classification)
            throw InputError("soft targets apply to classification only");
        if (train.soft.rows() != rows || train.soft.cols() != outputs)
            throw InputError("soft targets: expected " + std::to_string(rows) + " x " +
                             std::to_string(outputs) + " teacher logits, got " +
                             std::to_string(train.soft.rows()) + " x " +
                             std::to_string(train.soft.cols()));
        if (mixup) throw InputError("mixup and distillation cannot be combined");
        const Distillation& d = config.distillation;
        if (!(d.temperature > 0.0f) || !std::isfinite(d.temperature))
            throw InputError("the distillation temperature must be > 0");
        if (!(d.alpha >= 0.0f && d.alpha <= 1.0f))
            throw InputError("the distillation alpha must be in [0, 1]");
    }

    const nn::Loss loss(device, model.task, config.classWeights);
    const int64_t batch = std::clamp<int64_t>(config.batchSize, 1, rows);
    BatchBuffers full =
        makeBuffers(device, std::make_unique<nn::Workspace>(device, layers, batch, true), outputs,
                    mixup, distill);
    BatchBuffers tail;
    if (rows % batch != 0)
        tail = makeBuffers(device,
                           std::make_unique<nn::Workspace>(*full.ws, layers, rows % batch, true),
                           outputs, mixup, distill);
    device::Tensor identity;  // [outputs, outputs], mixup's GEMM
    std::vector<int64_t> partner;
    if (mixup) {
        const Matrix eye = Matrix::Identity(outputs, outputs);
        identity = device.allocate(outputs, outputs);
        device.upload(eye.data(), identity);
    }
    nn::Optimizer optimizer(device, optimizerSettings(config));
    for (size_t i = 0; i < layers.size(); ++i) {
        const nn::LayerState& state = full.ws->states()[i];
        for (size_t p = 0; p < state.params.size(); ++p)
            optimizer.add(state.params[p], state.grads[p], layers[i]->parameters()[p].decay);
    }
    // Masked (pruned) weights: (parameter, mask) on the device, applied after each step.
    std::vector<std::pair<device::Tensor, device::Tensor>> masks;
    if (config.parameterMasks.size() > layers.size())
        throw InputError("parameter masks given for more layers than the model has");
    for (size_t i = 0; i < config.parameterMasks.size(); ++i) {
        const nn::LayerState& state = full.ws->states()[i];
        if (config.parameterMasks[i].size() > state.params.size())
            throw InputError("layer " + std::to_string(i + 1) + " has fewer parameters than masks");
        for (size_t p = 0; p < config.parameterMasks[i].size(); ++p) {
            const Matrix& mask = config.parameterMasks[i][p];
            if (mask.size() == 0) continue;
            const device::Tensor& param = state.params[p];
            if (mask.rows() != param.rows() || mask.cols() != param.cols())
                throw InputError("the mask of layer " + std::to_string(i + 1) + " parameter " +
                                 std::to_string(p + 1) + " does not have the parameter's shape");
            device::Tensor t = device.allocate(mask.rows(), mask.cols());
            device.upload(mask.data(), t);
            masks.emplace_back(param, std::move(t));
        }
    }
    std::unique_ptr<Validation> validation;
    if (hasVal) validation = std::make_unique<Validation>(device, layers, *full.ws, val, loss);

    // The best weights so far (by validation loss), kept on the device for early stopping.
    const bool earlyStop = hasVal && config.earlyStopPatience > 0;
    std::vector<device::Tensor> best;
    if (earlyStop)
        for (const nn::LayerState& state : full.ws->states())
            for (const device::Tensor& p : state.params)
                best.push_back(device.allocate(p.rows(), p.cols()));
    auto snapshot = [&](bool restore) {
        size_t k = 0;
        for (nn::LayerState& state : full.ws->states())
            for (device::Tensor& p : state.params) {
                if (restore)
                    device.copy(best[k++], p);
                else
                    device.copy(p, best[k++]);
            }
    };

    const device::Tensor xTrain = [&] {
        device::Tensor t = device.allocate(rows, train.x.cols());
        device.upload(train.x.data(), t);
        return t;
    }();
    const device::Tensor yTrain = [&] {
        device::Tensor t = device.allocate(rows, 1);
        device.upload(train.y.data(), t);
        return t;
    }();
    device::Tensor softTrain;  // [rows, outputs] teacher logits
    if (distill) {
        softTrain = device.allocate(rows, outputs);
        device.upload(train.soft.data(), softTrain);
    }

    History history;
    history.valMetricName = model.task == data::Task::Classification ? "val_accuracy" : "val_r2";
    std::vector<int64_t> order(static_cast<size_t>(rows));
    std::iota(order.begin(), order.end(), int64_t{0});
    std::vector<float> batchTargets(static_cast<size_t>(batch));
    std::mt19937_64 rng(config.seed);
    const int64_t batches = (rows + batch - 1) / batch;
    const bool maximize = config.monitor == Monitor::ValMetric;
    double bestValue = maximize ? -std::numeric_limits<double>::infinity()
                                : std::numeric_limits<double>::infinity();
    const nn::LearningRateSchedule& schedule = config.schedule;
    const bool scheduled =
        schedule.kind != nn::ScheduleKind::None && schedule.kind != nn::ScheduleKind::Plateau;
    nn::PlateauTracker plateau(schedule, config.learningRate, maximize && hasVal);
    int64_t bestEpoch = 0, sinceBest = 0;
    uint64_t step = 0;

    for (int64_t epoch = 1; epoch <= config.epochs && !history.cancelled; ++epoch) {
        shuffle(order, rng);
        double lossSum = 0.0, weightSum = 0.0;
        if (schedule.kind == nn::ScheduleKind::Plateau)
            optimizer.setLearningRate(static_cast<float>(plateau.rate()));
        for (int64_t b = 0; b < batches; ++b) {
            if (scheduled && (b == 0 || nn::perBatch(schedule)))
                optimizer.setLearningRate(static_cast<float>(nn::scheduledRate(
                    schedule, config.learningRate, epoch - 1, b, config.epochs, batches)));
            const int64_t first = b * batch;
            const int64_t n = std::min(batch, rows - first);
            BatchBuffers& buf = n == batch ? full : tail;
            const int64_t* idx = order.data() + first;
            double lambda = 1.0;
            if (augment)
                lambda = augment->batch(device, idx, n, buf.ws->input(), partner);
            else
                device.gatherRows(xTrain, idx, n, buf.ws->input());
            device.gatherRows(yTrain, idx, n, buf.labels);
            buf.ws->forward(layers, true, step++);
            if (distill) {
                device.gatherRows(softTrain, idx, n, buf.teacher);
                loss.computeDistilled(device, buf.ws->output(), buf.labels, buf.teacher,
                                      config.distillation.temperature, config.distillation.alpha,
                                      buf.scratch, &buf.ws->outputGrad(), buf.loss);
            } else {
                loss.compute(device, buf.ws->output(), buf.labels, buf.scratch,
                             &buf.ws->outputGrad(), buf.loss);
            }
            float partnerLoss = 0.0f;
            if (mixup) {
                // mixup's loss lambda L(y) + (1 - lambda) L(y_partner); its gradient is the same
                // mix of the two, combined by one GEMM with the identity.
                device.gatherRows(yTrain, partner.data(), n, buf.partnerLabels);
                loss.compute(device, buf.ws->output(), buf.partnerLabels, buf.scratch,
                             &buf.partnerGrad, buf.partnerLoss);
                device.gemm(buf.partnerGrad, false, identity, false, buf.ws->outputGrad(),
                            static_cast<float>(1.0 - lambda), static_cast<float>(lambda));
                device.download(buf.partnerLoss, &partnerLoss);
            }
            buf.ws->backward(layers);
            if (config.clipGradNorm > 0.0f) optimizer.clipGradNorm(config.clipGradNorm);
            optimizer.step();
            for (auto& [param, mask] : masks) device.multiply(param, mask, param);
            float batchLoss = 0.0f;
            device.download(buf.loss, &batchLoss);
            if (mixup)
                batchLoss = static_cast<float>(lambda * batchLoss + (1.0 - lambda) * partnerLoss);
            for (int64_t i = 0; i < n; ++i)
                batchTargets[static_cast<size_t>(i)] = train.y[static_cast<size_t>(idx[i])];
            const double weight = loss.batchWeight(batchTargets.data(), n, outputs);
            lossSum += static_cast<double>(batchLoss) * weight;
            weightSum += weight;
            if (callbacks.onBatch) callbacks.onBatch(epoch, b, batches, batchLoss);
            if (stop.stop_requested()) {
                history.cancelled = true;
                break;
            }
        }
        if (history.cancelled) break;

        EpochRecord record;
        record.epoch = epoch;
        record.trainLoss = lossSum / weightSum;
        record.valLoss = record.valMetric = std::numeric_limits<double>::quiet_NaN();
        if (validation) {
            const ValidationResult v = validation->evaluate(layers);
            record.valLoss = v.loss;
            record.valMetric = v.metric;
        }
        record.learningRate = optimizer.learningRate();
        record.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        history.epochs.push_back(record);
        history.bestEpoch = epoch;
        if (callbacks.onEpoch) callbacks.onEpoch(record);

        const double monitored = !hasVal    ? record.trainLoss
                                 : maximize ? record.valMetric
                                            : record.valLoss;
        if (schedule.kind == nn::ScheduleKind::Plateau) plateau.observe(monitored);
        if (earlyStop) {
            const bool improved = maximize ? monitored > bestValue + config.earlyStopMinDelta
                                           : monitored < bestValue - config.earlyStopMinDelta;
            if (improved || bestEpoch == 0) {
                bestValue = monitored;
                bestEpoch = epoch;
                sinceBest = 0;
                snapshot(false);
            } else if (++sinceBest >= config.earlyStopPatience) {
                history.stoppedEarly = true;
                break;
            }
        }
    }
    if (earlyStop && bestEpoch > 0) {
        snapshot(true);
        history.bestEpoch = bestEpoch;
    }
    full.ws->downloadParameters(layers);
    return history;
}

}  // namespace loupe::train
