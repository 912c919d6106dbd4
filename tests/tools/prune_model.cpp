// prune_model: the models behind docs/images/structure_compare.png. Trains on a dataset exactly
// as `loupe-cli train DATA --target COL` and the Train view do by default (two ReLU layers of 64
// and 32 units, 100 epochs, seed 0, on the CPU), then prunes copies with plugins/prune_magnitude.
// Not a test; run by hand:
//   prune_model DATA TARGET OUTDIR [SPARSITY] [UNIT_FRACTION]     (defaults 0.8 and 0.5)
// writes OUTDIR/model.h5, OUTDIR/pruned_magnitude.h5 (global unstructured to SPARSITY of the
// dense weights) and OUTDIR/pruned_units.h5 (UNIT_FRACTION of each hidden layer's units removed)
// and prints each one's test accuracy, so the cost of pruning is on record beside the image:
//   loupe --screenshot structure_compare.png --open DATA --target TARGET --view structure
//         --compare OUTDIR/pruned_magnitude.h5

#include <cstdio>
#include <exception>
#include <string>

#include "core/data/reader.h"
#include "core/device/device.h"
#include "core/io/model_file.h"
#include "core/train/experiment.h"
#include "plugins/prune_magnitude/magnitude_pruning.h"

using namespace loupe;

namespace {

/// The test split's report line of `model` (accuracy or R^2), as the Evaluate view shows it.
std::string testScore(device::Device& device, const nn::Model& model, const data::Table& table,
                      const train::PreparedExperiment& prepared) {
    const train::PredictionSet predictions = train::predictAll(device, model, table, prepared);
    for (const auto& [split, report] : train::splitReports(predictions, prepared.split))
        if (split == "test")
            for (const char* key : {"accuracy", "r2"})
                if (report.contains(key)) return std::string(key) + " " + report[key].dump();
    return "no test split";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4 || argc > 6) {
        std::fprintf(stderr, "usage: %s DATA TARGET OUTDIR [SPARSITY] [UNIT_FRACTION]\n", argv[0]);
        return 2;
    }
    try {
        const double sparsity = argc > 4 ? std::stod(argv[4]) : 0.8;
        const double units = argc > 5 ? std::stod(argv[5]) : 0.5;
        const std::string out = argv[3];
        const data::Table table = data::readTable(argv[1]);
        train::ExperimentRequest request;
        request.target = argv[2];
        auto device = device::makeDevice("cpu").device;
        train::ExperimentResult run = train::runExperiment(table, request, *device);
        const train::PreparedExperiment prepared = train::prepareExperiment(table, request);

        plugins::MagnitudePruningReport magnitude;
        plugins::NeuronPruningReport neurons;
        const nn::Model byMagnitude = plugins::pruneMagnitude(run.model, sparsity, &magnitude);
        const nn::Model byUnits = plugins::pruneNeurons(run.model, units, &neurons);
        io::saveModel(run.model, out + "/model.h5");
        io::saveModel(byMagnitude, out + "/pruned_magnitude.h5");
        io::saveModel(byUnits, out + "/pruned_units.h5");

        std::printf("model.h5: %lld parameters, %zu epochs, test %s\n",
                    static_cast<long long>(run.model.parameterCount()), run.history.epochs.size(),
                    testScore(*device, run.model, table, prepared).c_str());
        std::printf(
            "pruned_magnitude.h5: %lld of %lld dense weights zero (threshold %.4g), test %s\n",
            static_cast<long long>(magnitude.zeros), static_cast<long long>(magnitude.weights),
            magnitude.threshold, testScore(*device, byMagnitude, table, prepared).c_str());
        std::string shape;
        for (size_t i = 0; i < neurons.unitsBefore.size(); ++i)
            shape += (i ? ", " : "") + std::to_string(neurons.unitsBefore[i]) + "->" +
                     std::to_string(neurons.unitsAfter[i]);
        std::printf("pruned_units.h5: hidden units %s, %lld parameters, test %s\n", shape.c_str(),
                    static_cast<long long>(byUnits.parameterCount()),
                    testScore(*device, byUnits, table, prepared).c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "prune_model: %s\n", e.what());
        return 1;
    }
    return 0;
}
