#include "core/train/cross_validation.h"

#include <algorithm>
#include <cmath>

#include "core/data/folds.h"
#include "core/error.h"

namespace loupe::train {
namespace {

/// Mean and population std of each top-level number the reports share.
void summarize(CrossValidation& cv) {
    cv.mean = nlohmann::json::object();
    cv.std = nlohmann::json::object();
    if (cv.folds.empty()) return;
    for (const auto& [name, value] : cv.folds.front().report.items()) {
        if (!value.is_number() || name == "support") continue;
        std::vector<double> values;
        for (const FoldResult& fold : cv.folds) {
            const auto it = fold.report.find(name);
            if (it != fold.report.end() && it->is_number()) values.push_back(it->get<double>());
        }
        double sum = 0.0;
        for (double v : values) sum += v;
        const double mean = sum / double(values.size());
        double squares = 0.0;
        for (double v : values) squares += (v - mean) * (v - mean);
        cv.mean[name] = mean;
        cv.std[name] = std::sqrt(squares / double(values.size()));
    }
}

}  // namespace

CrossValidation crossValidate(const data::Table& table, const ExperimentRequest& request,
                              device::Device& device, int64_t folds, const Progress& progress,
                              std::stop_token stop) {
    // prepareExperiment checks the request and encodes the target; its split is not used.
    const PreparedExperiment whole = prepareExperiment(table, request);
    const bool classification = whole.target.task == data::Task::Classification;
    const std::vector<std::vector<int64_t>> heldOut = data::stratifiedFolds(
        whole.target.rows, classification ? whole.target.values : std::vector<float>{}, folds,
        request.train.seed);

    CrossValidation cv;
    const int64_t epochs = request.train.epochs;
    for (size_t f = 0; f < heldOut.size(); ++f) {
        throwIfStopped(stop);
        PreparedExperiment prepared;
        prepared.target = whole.target;
        prepared.features = whole.features;
        prepared.outputs = whole.outputs;
        std::vector<int64_t> rest;
        std::set_difference(whole.target.rows.begin(), whole.target.rows.end(), heldOut[f].begin(),
                            heldOut[f].end(), std::back_inserter(rest));
        const double valShare = request.valFraction / (1.0 - request.testFraction);
        prepared.split = data::stratifiedSplit(
            rest, classification ? labelsOf(whole.target, rest) : std::vector<float>{},
            std::min(valShare, 0.8), 0.0, request.train.seed + f + 1);
        prepared.split.test = heldOut[f];
        if (prepared.split.train.size() < 2)
            throw InputError("fold " + std::to_string(f + 1) + " leaves too few rows to train on",
                             table.source());
        prepared.pipeline = data::Pipeline(request.pipeline);
        prepared.pipeline.fit(table, prepared.features, prepared.split.train);

        nn::Model model = buildModel(prepared, request);
        TrainCallbacks callbacks;
        const std::string stage =
            "fold " + std::to_string(f + 1) + "/" + std::to_string(heldOut.size());
        if (progress)
            callbacks.onEpoch = [&](const EpochRecord& e) {
                progress({stage, static_cast<long long>(int64_t(f) * epochs + e.epoch),
                          static_cast<long long>(int64_t(heldOut.size()) * epochs), ""});
            };
        FoldResult result;
        result.fold = int64_t(f) + 1;
        result.history = trainModel(model, device, table, prepared, request, callbacks, stop);
        if (result.history.cancelled) throw Cancelled();
        const PredictionSet predictions = predictAll(device, model, table, prepared);
        result.report = splitReport(predictions, "test");
        result.trainRows = int64_t(prepared.split.train.size());
        result.valRows = int64_t(prepared.split.val.size());
        result.heldOutRows = int64_t(prepared.split.test.size());
        cv.folds.push_back(std::move(result));
    }
    summarize(cv);
    return cv;
}

nlohmann::json crossValidationJson(const CrossValidation& cv) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, mean] : cv.mean.items())
        metrics[name] = {{"mean", mean}, {"std", cv.std.at(name)}};
    nlohmann::json perFold = nlohmann::json::array();
    for (const FoldResult& fold : cv.folds)
        perFold.push_back({{"fold", fold.fold},
                           {"train_rows", fold.trainRows},
                           {"val_rows", fold.valRows},
                           {"held_out_rows", fold.heldOutRows},
                           {"epochs_run", fold.history.epochs.size()},
                           {"best_epoch", fold.history.bestEpoch},
                           {"report", fold.report}});
    return {{"folds", cv.folds.size()}, {"metrics", metrics}, {"per_fold", perFold}};
}

}  // namespace loupe::train
