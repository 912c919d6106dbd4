#include "plugins/distill/distill_plugin.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/nn/layer.h"
#include "core/nn/model.h"
#include "plugins/distill/distillation.h"

namespace loupe::plugins {
namespace {

/// "auto": a quarter of each of the teacher's hidden layers, at least 2 units: about a sixteenth
/// of the weights between hidden layers, so a student smaller than any teacher it is given.
std::vector<int64_t> quarterOfTeacher(const nn::Model& teacher) {
    std::vector<int64_t> units;
    for (const auto& layer : teacher.architectureJson())
        if (layer.contains("units")) units.push_back(layer["units"].get<int64_t>());
    if (!units.empty()) units.pop_back();  // the output layer
    for (int64_t& u : units) u = std::max<int64_t>(2, (u + 3) / 4);
    return units;
}

std::string unitsText(const std::vector<int64_t>& units) {
    std::string text;
    for (const int64_t u : units) text += (text.empty() ? "" : ",") + std::to_string(u);
    return text;
}

}  // namespace

CompressionResult DistillPlugin::compress(const CompressionInput& input,
                                          const nlohmann::json& parameters) {
    if (!input.model || !input.train || !input.device)
        throw InputError("distill needs a model, training rows and a device");
    DistillOptions options;
    const std::string hidden = parameters.at("hidden").get<std::string>();
    options.student.hidden =
        hidden == "auto" ? quarterOfTeacher(*input.model) : parseHiddenUnits(hidden);
    options.student.activation =
        nn::parseActivation(parameters.at("activation").get<std::string>());
    // The teacher's batch size, optimizer, regularisation and early stopping; the student's own
    // epochs, rate and seed. mixup cannot be combined with soft targets.
    options.train = input.trainConfig;
    options.train.mixupAlpha = 0.0f;
    options.train.epochs = parameters.at("epochs").get<int64_t>();
    options.train.learningRate = parameters.at("learning_rate").get<float>();
    options.train.seed = parameters.at("seed").get<uint64_t>();
    options.train.distillation.temperature = parameters.at("temperature").get<float>();
    options.train.distillation.alpha = parameters.at("alpha").get<float>();

    train::TrainCallbacks callbacks;
    const int64_t epochs = options.train.epochs;
    if (input.progress)
        callbacks.onEpoch = [&](const train::EpochRecord& e) {
            std::ostringstream detail;
            detail << "loss " << e.trainLoss;
            input.progress({"distill", e.epoch, epochs, detail.str()});
        };
    const train::TrainData noValidation;
    DistillReport report;
    nn::Model student = distill(*input.model, *input.device, *input.train,
                                input.validation ? *input.validation : noValidation, options,
                                callbacks, input.stop, &report);
    throwIfStopped(input.stop);

    std::ostringstream notes;
    notes << "student "
          << (options.student.hidden.empty() ? std::string("without hidden layers")
                                             : unitsText(options.student.hidden))
          << ": " << report.studentParameters << " parameters (teacher " << report.teacherParameters
          << ", "
          << static_cast<double>(report.studentParameters) /
                 static_cast<double>(std::max<int64_t>(1, report.teacherParameters))
          << "x); " << report.history.epochs.size() << " epochs";
    if (input.model->task == data::Task::Classification)
        notes << ", temperature " << options.train.distillation.temperature;
    notes << ", alpha " << options.train.distillation.alpha;
    if (report.history.stoppedEarly)
        notes << "; stopped early at epoch " << report.history.bestEpoch;
    return {std::move(student), notes.str()};
}

}  // namespace loupe::plugins
