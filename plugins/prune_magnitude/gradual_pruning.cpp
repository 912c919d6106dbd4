// Gradual magnitude pruning with fine-tuning (see the header).

#include "plugins/prune_magnitude/gradual_pruning.h"

#include <cmath>
#include <sstream>

#include "core/error.h"
#include "core/nn/dense.h"
#include "plugins/prune_magnitude/magnitude_pruning.h"

namespace loupe::plugins {
namespace {

bool isDense(const nn::Layer& layer) { return dynamic_cast<const nn::Dense*>(&layer) != nullptr; }

/// A Dense layer's weights, [inputs, units].
const Matrix& weightOf(const nn::Layer& layer) { return layer.parameters()[0].value; }

/// One 0/1 mask per Dense weight (1 where the weight is not 0), none for other parameters.
std::vector<std::vector<Matrix>> zeroMasks(const nn::Model& model) {
    std::vector<std::vector<Matrix>> masks(model.layers().size());
    for (size_t i = 0; i < model.layers().size(); ++i)
        if (isDense(*model.layers()[i]))
            masks[i] = {(weightOf(*model.layers()[i]).array() != 0.0f).cast<float>().matrix()};
    return masks;
}

/// Dense weights that are exactly 0, and all Dense weights.
std::pair<int64_t, int64_t> zeroCount(const nn::Model& model) {
    int64_t zeros = 0, total = 0;
    for (const auto& layer : model.layers())
        if (isDense(*layer)) {
            zeros += (weightOf(*layer).array() == 0.0f).count();
            total += weightOf(*layer).size();
        }
    return {zeros, total};
}

}  // namespace

double scheduledSparsity(double sparsity, int64_t step, int64_t steps) {
    if (step >= steps) return sparsity;
    const double left = 1.0 - double(step) / double(steps);
    return sparsity * (1.0 - left * left * left);
}

GradualPruningResult pruneGradually(const nn::Model& model, const GradualPruningOptions& options,
                                    const FineTuning& tuning) {
    if (!(options.sparsity >= 0.0 && options.sparsity < 1.0))
        throw ModelError("sparsity must be at least 0 and below 1");
    if (options.steps < 1) throw ModelError("pruning needs at least one step");
    if (options.fineTuneEpochs < 0) throw ModelError("fine-tuning epochs must not be negative");
    if (options.fineTuneEpochs > 0 && (!tuning.train || !tuning.validation || !tuning.device))
        throw ModelError("fine-tuning needs training data and a device");

    const std::vector<int64_t> widths = hiddenWidths(model);
    const int64_t paramsBefore = model.parameterCount();
    nn::Model current = model.clone();
    std::ostringstream notes;
    notes.setf(std::ios::fixed);
    notes.precision(1);
    const int64_t totalEpochs = options.steps * options.fineTuneEpochs;
    for (int64_t step = 1; step <= options.steps; ++step) {
        throwIfStopped(tuning.stop);
        const double target = scheduledSparsity(options.sparsity, step, options.steps);
        const std::string stage =
            "prune step " + std::to_string(step) + "/" + std::to_string(options.steps);
        if (options.structured) {
            std::vector<int64_t> keep(widths.size());
            for (size_t l = 0; l < widths.size(); ++l)
                keep[l] = std::max<int64_t>(
                    1, widths[l] - static_cast<int64_t>(std::floor(target * double(widths[l]))));
            current = pruneNeuronsTo(current, keep);
        } else {
            current = pruneMagnitude(current, target);
        }
        if (options.fineTuneEpochs == 0) continue;

        train::TrainConfig config = tuning.config;
        config.epochs = options.fineTuneEpochs;
        config.earlyStopPatience = 0;  // every step ends on its last epoch, masks applied
        config.seed = tuning.config.seed + static_cast<uint64_t>(step);
        if (!options.structured) config.parameterMasks = zeroMasks(current);
        train::TrainCallbacks callbacks;
        if (tuning.progress)
            callbacks.onEpoch = [&](const train::EpochRecord& r) {
                tuning.progress({stage, (step - 1) * options.fineTuneEpochs + r.epoch, totalEpochs,
                                 "loss " + std::to_string(r.trainLoss)});
            };
        const train::History history =
            train::fit(current, *tuning.device, *tuning.train, *tuning.validation, config,
                       callbacks, tuning.stop);
        if (history.cancelled) throw Cancelled();
    }

    if (options.structured) {
        const std::vector<int64_t> after = hiddenWidths(current);
        notes << "Structured magnitude pruning: " << 100.0 * options.sparsity
              << "% of each hidden layer's units removed in " << options.steps
              << " step(s); widths";
        for (size_t l = 0; l < widths.size(); ++l)
            notes << (l ? ", " : " ") << widths[l] << " -> " << after[l];
        notes << ".\n";
    } else {
        const auto [zeros, total] = zeroCount(current);
        notes << "Global unstructured magnitude pruning: " << zeros << " of " << total
              << " dense weights are 0 (" << 100.0 * double(zeros) / double(total) << "%), in "
              << options.steps << " step(s); stored sparse (CSR) in the model file.\n";
    }
    notes << "Parameters " << paramsBefore << " -> " << current.parameterCount() << "; "
          << options.fineTuneEpochs << " fine-tuning epoch(s) after each step.\n";
    return {std::move(current), notes.str()};
}

}  // namespace loupe::plugins
