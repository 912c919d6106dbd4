#include "core/train/training_record.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <utility>

#include "core/data/resample.h"
#include "core/error.h"

namespace loupe::train {
namespace {

/// A float setting as the double its shortest text reads as: 0.001f is written 0.001, not
/// 0.0010000000474974513.
double asWritten(float value) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text - 1, value).ptr;
    *end = '\0';
    return std::strtod(text, nullptr);
}

std::string absolutePath(const std::string& path) {
    if (path.empty()) return path;
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(path, error);
    return error ? path : absolute.lexically_normal().string();
}

}  // namespace

std::string optimizerName(Optimizer optimizer) {
    switch (optimizer) {
        case Optimizer::Adam:
            return "adam";
        case Optimizer::AdamW:
            return "adamw";
        case Optimizer::Sgd:
            return "sgd";
    }
    return "adam";
}

nlohmann::json scheduleJson(const nn::LearningRateSchedule& s) {
    nlohmann::json json{{"kind", nn::toString(s.kind)}};
    switch (s.kind) {
        case nn::ScheduleKind::None:
            break;
        case nn::ScheduleKind::Step:
            json["every"] = s.stepEvery;
            json["gamma"] = s.gamma;
            break;
        case nn::ScheduleKind::Exponential:
            json["gamma"] = s.gamma;
            break;
        case nn::ScheduleKind::Cosine:
            json["warmup_epochs"] = s.warmupEpochs;
            json["min_lr"] = s.minLr;
            break;
        case nn::ScheduleKind::OneCycle:
            json["max_lr"] = s.maxLr;
            json["pct_start"] = s.pctStart;
            break;
        case nn::ScheduleKind::Plateau:
            json["factor"] = s.factor;
            json["patience"] = s.patience;
            json["min_lr"] = s.minLr;
            break;
    }
    return json;
}

nlohmann::json trainingRecord(const ExperimentRequest& request, const std::string& dataFile,
                              const std::string& deviceName, const History& history) {
    const TrainConfig& t = request.train;
    nlohmann::json record;
    record["data"] = absolutePath(dataFile);
    record["target"] = request.target;
    record["epochs"] = t.epochs;
    record["batch_size"] = t.batchSize;
    record["learning_rate"] = asWritten(t.learningRate);
    record["optimizer"] = optimizerName(t.optimizer);
    record["l1"] = asWritten(t.l1);
    record["l2"] = asWritten(t.l2);
    record["early_stop_patience"] = t.earlyStopPatience;
    record["val_fraction"] = request.valFraction;
    record["test_fraction"] = request.testFraction;
    record["seed"] = t.seed;
    record["device"] = deviceName;
    record["epochs_run"] = history.epochs.size();
    record["best_epoch"] = history.bestEpoch;
    record["stopped_early"] = history.stoppedEarly;
    record["seconds"] = history.epochs.empty() ? 0.0 : history.epochs.back().seconds;
    record["monitor"] = t.monitor == Monitor::ValMetric ? "val_metric" : "val_loss";
    record["schedule"] = scheduleJson(t.schedule);
    record["clip_grad_norm"] = asWritten(t.clipGradNorm);
    record["input_noise"] = asWritten(t.inputNoise);
    record["mixup_alpha"] = asWritten(t.mixupAlpha);
    const data::PipelineOptions& p = request.pipeline;
    record["impute"] = data::toString(p.numericImpute);
    record["scaling"] = data::toString(p.scaling);
    record["encoding"] = data::toString(p.encoding);
    record["log_columns"] = p.logColumns;
    record["dropped_columns"] = request.dropColumns;
    return record;
}

TrainConfig trainConfigFromRecord(const nlohmann::json& record, uint64_t seed) {
    TrainConfig config;
    config.batchSize = 32;
    config.seed = seed;
    if (!record.is_object()) return config;
    const auto number = [&](const char* key, auto fallback) {
        return record.contains(key) && record[key].is_number()
                   ? record[key].get<decltype(fallback)>()
                   : fallback;
    };
    config.batchSize = number("batch_size", config.batchSize);
    config.learningRate = number("learning_rate", config.learningRate);
    config.l1 = number("l1", config.l1);
    config.l2 = number("l2", config.l2);
    config.clipGradNorm = number("clip_grad_norm", config.clipGradNorm);
    config.seed = number("seed", config.seed);
    const std::string optimizer = record.value("optimizer", std::string());
    for (Optimizer o : {Optimizer::Adam, Optimizer::AdamW, Optimizer::Sgd})
        if (optimizerName(o) == optimizer) config.optimizer = o;
    return config;
}

FineTuningSetup fineTuningSetup(const nlohmann::json& record, TrainData rows, int64_t classes,
                                uint64_t seed) {
    FineTuningSetup tuning{std::move(rows), trainConfigFromRecord(record, seed)};
    if (!record.is_object() || classes <= 0) return tuning;
    const std::string method = record.value("resample", std::string("none"));
    data::ResampleOptions options;
    bool known = false;
    for (data::Resampling r : {data::Resampling::None, data::Resampling::Oversample,
                               data::Resampling::Undersample, data::Resampling::Smote})
        if (data::toString(r) == method) {
            options.method = r;
            known = true;
        }
    if (!known)
        throw InputError("the training record's \"resample\" is '" + method +
                         "'; expected none, oversample, undersample or smote");
    const std::string weights = record.value("class_weight", std::string("none"));
    if (weights != "none" && weights != "balanced")
        throw InputError("the training record's \"class_weight\" is '" + weights +
                         "'; expected none or balanced");
    if (options.method != data::Resampling::None) {
        options.smoteK = record.contains("smote_k") && record["smote_k"].is_number_integer()
                             ? record["smote_k"].get<int64_t>()
                             : options.smoteK;
        options.seed = tuning.config.seed;  // the record's, as training seeded it
        data::Resampled r = data::resample(tuning.train.x, tuning.train.y, options);
        tuning.train = {std::move(r.x), std::move(r.y)};
    }
    if (weights == "balanced")
        tuning.config.classWeights = data::balancedClassWeights(tuning.train.y, classes);
    return tuning;
}

}  // namespace loupe::train
