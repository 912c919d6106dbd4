#include "core/train/experiment.h"

#include <algorithm>

#include "core/error.h"
#include "core/train/training_record.h"

namespace loupe::train {
namespace {

void checkFractions(const ExperimentRequest& request) {
    const auto inRange = [](double f) { return f >= 0.0 && f <= 0.8; };
    if (!inRange(request.valFraction) || !inRange(request.testFraction))
        throw InputError("the validation and test fractions must each be between 0 and 0.8");
    if (request.valFraction + request.testFraction >= 0.9)
        throw InputError(
            "the validation and test fractions must leave at least 10% of the rows for training");
}

}  // namespace

std::vector<float> labelsOf(const data::Target& target, const std::vector<int64_t>& rows) {
    std::vector<float> out;
    out.reserve(rows.size());
    for (int64_t row : rows) {
        const auto at = std::lower_bound(target.rows.begin(), target.rows.end(), row);
        out.push_back(target.values[static_cast<size_t>(at - target.rows.begin())]);
    }
    return out;
}

nn::ModelSpec ExperimentRequest::defaultModelSpec() {
    nn::ModelSpec spec;
    spec.hidden = {64, 32};
    return spec;
}

PreparedExperiment prepareExperiment(const data::Table& table, const ExperimentRequest& request) {
    if (request.target.empty()) throw InputError("no target column chosen", table.source());
    checkFractions(request);
    const data::Column& targetColumn = table.column(request.target);
    const data::Task task = request.task ? *request.task : data::inferTask(targetColumn);
    PreparedExperiment d;
    d.target = data::encodeTarget(targetColumn, task, table.source());
    const bool classification = task == data::Task::Classification;
    d.split = data::stratifiedSplit(d.target.rows,
                                    classification ? d.target.values : std::vector<float>{},
                                    request.valFraction, request.testFraction, request.train.seed);
    if (d.split.train.size() < 2)
        throw InputError(
            "too few rows with a target to train on (" + std::to_string(d.target.rows.size()) + ")",
            table.source());
    d.features =
        request.features.empty() ? data::defaultFeatures(table, request.target) : request.features;
    for (const std::string& name : request.features) {
        if (name == request.target)
            throw InputError("the target column '" + name + "' cannot also be a feature",
                             table.source());
        table.column(name);  // throws, naming the file, when there is no such column
    }
    for (const std::string& name : request.dropColumns) {
        table.column(name);  // throws, naming the file, when there is no such column
        d.features.erase(std::remove(d.features.begin(), d.features.end(), name), d.features.end());
    }
    if (d.features.empty())
        throw InputError("no usable feature columns besides the target '" + request.target + "'",
                         table.source());
    if (!classification &&
        (request.resample != data::Resampling::None || request.balancedClassWeights))
        throw InputError("resampling and class weights apply to classification targets only; '" +
                             request.target + "' is a regression target",
                         table.source());
    d.pipeline = data::Pipeline(request.pipeline);
    d.pipeline.fit(table, d.features, d.split.train);
    d.outputs = classification ? static_cast<int64_t>(d.target.classNames.size()) : 1;
    return d;
}

nn::Model buildModel(const PreparedExperiment& prepared, const ExperimentRequest& request) {
    nn::Model model = nn::Model::build(request.model, prepared.pipeline.outputWidth(),
                                       prepared.outputs, request.train.seed);
    model.task = prepared.target.task;
    model.classNames = model.task == data::Task::Classification ? prepared.target.classNames
                                                                : std::vector<std::string>{};
    model.targetName = request.target;
    model.pipeline = prepared.pipeline;
    return model;
}

TrainingSets trainingSets(const data::Table& table, const PreparedExperiment& prepared,
                          const ExperimentRequest& request) {
    const data::Split& split = prepared.split;
    TrainingSets sets;
    sets.train = {prepared.pipeline.transform(table, split.train),
                  labelsOf(prepared.target, split.train)};
    sets.val = {prepared.pipeline.transform(table, split.val),
                labelsOf(prepared.target, split.val)};
    sets.trainSource = split.train;
    sets.classWeights = request.train.classWeights;
    if (request.resample != data::Resampling::None) {
        data::Resampled r = data::resample(sets.train.x, sets.train.y,
                                           {request.resample, request.smoteK, request.train.seed});
        for (int64_t& source : r.source)
            if (source >= 0) source = split.train[static_cast<size_t>(source)];
        sets.train = {std::move(r.x), std::move(r.y)};
        sets.trainSource = std::move(r.source);
    }
    if (request.balancedClassWeights)
        sets.classWeights = data::balancedClassWeights(sets.train.y, prepared.outputs);
    return sets;
}

nlohmann::json imbalanceSettings(const ExperimentRequest& request) {
    nlohmann::json settings;
    settings["resample"] = std::string(data::toString(request.resample));
    if (request.resample == data::Resampling::Smote) settings["smote_k"] = request.smoteK;
    settings["class_weight"] = request.balancedClassWeights ? "balanced" : "none";
    return settings;
}

History trainModel(nn::Model& model, device::Device& device, const data::Table& table,
                   const PreparedExperiment& prepared, const ExperimentRequest& request,
                   const TrainCallbacks& callbacks, std::stop_token stop) {
    const TrainingSets sets = trainingSets(table, prepared, request);
    TrainConfig config = request.train;
    config.classWeights = sets.classWeights;
    if (prepared.split.val.empty()) config.earlyStopPatience = 0;
    return fit(model, device, sets.train, sets.val, config, callbacks, std::move(stop));
}

PredictionSet predictAll(device::Device& device, const nn::Model& model, const data::Table& table,
                         const PreparedExperiment& prepared) {
    const std::vector<int64_t>& rows = prepared.target.rows;
    PredictionSet predictions = predictRows(device, model, table, rows);
    predictions.labels.assign(prepared.target.values.begin(), prepared.target.values.end());
    if (model.task == data::Task::Regression) {
        // The float32 encoded values would round the labels the metrics are computed against.
        const data::Column& column = table.column(model.targetName);
        for (size_t i = 0; i < rows.size(); ++i)
            predictions.labels[i] = column.numeric[static_cast<size_t>(rows[i])];
    }
    predictions.splits.assign(rows.size(), "train");
    for (const auto& [name, picked] :
         {std::pair{"val", &prepared.split.val}, std::pair{"test", &prepared.split.test}})
        for (int64_t row : *picked) {
            const auto at = std::lower_bound(rows.begin(), rows.end(), row);
            predictions.splits[static_cast<size_t>(at - rows.begin())] = name;
        }
    return predictions;
}

std::vector<std::pair<std::string, nlohmann::json>> splitReports(const PredictionSet& predictions,
                                                                 const data::Split& split) {
    std::vector<std::pair<std::string, nlohmann::json>> reports;
    for (const auto& [name, rows] : {std::pair{"train", &split.train}, std::pair{"val", &split.val},
                                     std::pair{"test", &split.test}})
        if (!rows->empty()) reports.emplace_back(name, splitReport(predictions, name));
    return reports;
}

ExperimentResult rebuildExperiment(nn::Model model, History history, PredictionSet predictions) {
    checkPredictionSet(predictions);
    if (predictions.task != model.task || predictions.classNames != model.classNames)
        throw ModelError("the predictions do not match the model's task and classes");
    if (predictions.splits.empty() || predictions.labels.empty())
        throw ModelError("the predictions need a split and a label per row to rebuild a run");
    ExperimentResult result;
    for (size_t i = 0; i < predictions.rows.size(); ++i) {
        const std::string& name = predictions.splits[i];
        std::vector<int64_t>* rows = name == "train"  ? &result.split.train
                                     : name == "val"  ? &result.split.val
                                     : name == "test" ? &result.split.test
                                                      : nullptr;
        if (!rows) throw ModelError("predictions: unknown split '" + name + "'");
        rows->push_back(predictions.rows[i]);
    }
    for (auto* rows : {&result.split.train, &result.split.val, &result.split.test})
        std::sort(rows->begin(), rows->end());
    for (const data::FeatureStep& step : model.pipeline.steps())
        result.features.push_back(step.column);
    result.reports = splitReports(predictions, result.split);
    result.model = std::move(model);
    result.history = std::move(history);
    result.predictions = std::move(predictions);
    return result;
}

ExperimentResult runExperiment(const data::Table& table, const ExperimentRequest& request,
                               device::Device& device, const TrainCallbacks& callbacks,
                               std::stop_token stop) {
    PreparedExperiment prepared = prepareExperiment(table, request);
    ExperimentResult result;
    result.model = buildModel(prepared, request);
    result.history =
        trainModel(result.model, device, table, prepared, request, callbacks, std::move(stop));
    result.predictions = predictAll(device, result.model, table, prepared);
    result.reports = splitReports(result.predictions, prepared.split);
    result.training = trainingRecord(request, table.source(), device.name(), result.history);
    result.training.update(imbalanceSettings(request));
    result.split = std::move(prepared.split);
    result.features = std::move(prepared.features);
    return result;
}

}  // namespace loupe::train
