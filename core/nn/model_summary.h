#pragma once
// ModelSummary: what the Structure view shows of a Model, computed here so no widget does math.
// Per layer: shapes, parameter count, FLOPs and activations per row, float32 bytes, and the stats
// and histogram of each parameter; the pipeline's steps as nodes; and a per-layer comparison of a
// model with its compressed version.
//
// FLOPs per row (one input row through the layer at inference), the convention of fvcore/ptflops
// for a dense layer: Dense in->out is 2*in*out (per output, `in` multiplies, `in - 1` adds and the
// bias add); an activation is 1 FLOP per element whatever its function (ReLU, tanh, sigmoid, GELU),
// fused into a Dense or standing alone; Dropout is 0 (identity at inference).

#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/model.h"

namespace loupe::nn {

/// Statistics of one parameter array (a Dense weight or bias).
struct ParameterStats {
    std::string name;  ///< "weight" or "bias"
    int64_t rows = 0, cols = 0;
    int64_t count = 0;
    int64_t zeros = 0;                                   ///< values exactly 0
    double mean = 0.0, std = 0.0, min = 0.0, max = 0.0;  ///< std: population (divides by count)
    double sparsity = 0.0;                               ///< zeros / count; 0 when empty
    std::vector<int64_t> histogram;       ///< counts of equal-width bins over [histMin, histMax]
    double histMin = 0.0, histMax = 0.0;  ///< the bins' range; widened by 0.5 around a constant
};

/// A dense_int8 layer's quantization: what its int8 codes use of their range, per unit.
struct Int8Summary {
    double inputScale = 0.0;  ///< the u8 input quantization's step
    int inputZeroPoint = 0;   ///< the u8 code of 0.0
    /// The weight codes in 51 bins of 5 codes each over [-127.5, 127.5], the same for every
    /// layer so two layers' histograms compare; name "int8 weight".
    ParameterStats codes;
    int64_t saturated = 0;                  ///< codes at -127 or 127 (each unit's largest |w|)
    std::vector<double> unitScales;         ///< "weight_scale": one float step per output unit
    double scaleMin = 0.0, scaleMax = 0.0;  ///< over unitScales (0 when empty)
};

/// One layer of a Model.
struct LayerSummary {
    int64_t index = 0;       ///< position in Model::layers()
    std::string type;        ///< Layer::type(): "dense", "relu", "dropout", ...
    std::string activation;  ///< Dense: its fused activation ("identity" for none); else empty
    int64_t inputs = 0, outputs = 0;
    int64_t parameters = 0;
    int64_t nonzeros = 0;      ///< parameters not exactly 0
    int64_t bytes = 0;         ///< as a model file stores it: 4 per parameter, 1 per int8 weight
    int64_t flops = 0;         ///< per input row; see the file comment
    int64_t activations = 0;   ///< values the layer outputs per row
    double dropoutRate = 0.0;  ///< Dropout only
    std::vector<ParameterStats> params;  ///< Model order: weight then bias
    bool int8 = false;                   ///< a dense_int8 layer: int8Stats is filled
    Int8Summary int8Stats;

    /// Share of parameters exactly 0 (0 without parameters).
    double sparsity() const;
};

/// One preprocessing step of the Pipeline, drawn as a node before the layers.
struct PipelineStepSummary {
    std::string kind;                  ///< "impute", "scale" or "one-hot"
    std::string method;                ///< "mean"/"median" + "most frequent", "standard", ...
    std::vector<std::string> columns;  ///< input columns the step touches
    int64_t inputs = 0;                ///< columns in (all pipeline inputs flow through each step)
    int64_t outputs = 0;               ///< columns out (one-hot: the encoded width)
};

/// A whole Model.
struct ModelSummary {
    std::vector<std::string> inputColumns;  ///< raw columns (the pipeline's), else "x0", "x1", ...
    int64_t encodedWidth = 0;               ///< columns after the pipeline = the model's inputs
    std::vector<PipelineStepSummary> pipeline;  ///< empty without a fitted pipeline
    std::vector<LayerSummary> layers;
    data::Task task = data::Task::Classification;
    std::vector<std::string> outputs;  ///< class names, else the target (or "y0", ...)
    int64_t parameters = 0, nonzeros = 0, bytes = 0, flops = 0;

    /// Share of all parameters exactly 0.
    double sparsity() const;
};

/// Summarises `model`; each parameter's histogram gets `bins` bins (at least 1).
ModelSummary summarizeModel(const Model& model, int bins = 40);

/// Statistics of `values` with `bins` histogram bins (at least 1).
ParameterStats parameterStats(const std::string& name, const Matrix& values, int bins);
/// As parameterStats, with the bins over the fixed range [lo, hi] (values outside it fall in
/// the first or the last bin).
ParameterStats parameterStats(const std::string& name, const Matrix& values, int bins, double lo,
                              double hi);

/// One row of a comparison: a layer with parameters in either model, matched by order.
struct LayerComparison {
    std::string label;           ///< "Dense 1", "Dense 2", ... (or "Total")
    int64_t originalIndex = -1;  ///< LayerSummary::index, -1 when the model lacks it
    int64_t compressedIndex = -1;
    LayerSummary original, compressed;  ///< empty summaries where the index is -1
    int64_t parameterChange = 0;        ///< compressed - original
    int64_t nonzeroChange = 0;
    int64_t byteChange = 0;
};

/// Two models' layers with parameters side by side, plus the totals.
struct ModelComparison {
    std::vector<LayerComparison> layers;
    LayerComparison total;  ///< label "Total"; index -1; sums of both models
};

/// Matches the layers that hold parameters (Dense) in order: the k-th of `original` with the
/// k-th of `compressed` (pruning keeps the layer list; a model with more of them gets rows
/// without a partner).
ModelComparison compareModels(const ModelSummary& original, const ModelSummary& compressed);

}  // namespace loupe::nn
