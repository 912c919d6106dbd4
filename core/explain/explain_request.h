#pragma once
// Explaining a trained run: which rows, over which background, with which SHAP settings. The GUI's
// Explain view fills an ExplainRequest and its job calls explainRun(); the background always comes
// from the run's training rows, the rows the model learnt from.

#include <cstdint>
#include <stop_token>
#include <vector>

#include "core/data/split.h"
#include "core/data/table.h"
#include "core/device/device.h"
#include "core/explain/background.h"
#include "core/explain/shap.h"
#include "core/explain/shap_summary.h"
#include "core/nn/model.h"
#include "core/progress.h"

namespace loupe::explain {

/// The rows of a run an explanation covers.
enum class ExplainRows { Test, Validation, All, Given };
/// How the background summarises the training rows.
enum class BackgroundKind { Sample, KMeans };

/// Rows beyond this many are subsampled: SHAP costs a forward pass per coalition and row.
constexpr int64_t kDefaultMaxExplainedRows = 500;
/// k-means runs over at most this many training rows (a seeded sample): each of its iterations
/// costs rows x clusters distances, and a summary of 100 centres gains nothing from more.
constexpr int64_t kMaxKMeansRows = 20000;

/// What to explain and how.
struct ExplainRequest {
    ShapMethod method = ShapMethod::Auto;
    ExplainRows rows = ExplainRows::Test;
    std::vector<int64_t> givenRows;  ///< ExplainRows::Given: 0-based table rows, in this order
    int64_t maxRows = kDefaultMaxExplainedRows;  ///< Test/Validation/All: more are subsampled
    BackgroundKind background = BackgroundKind::Sample;
    int64_t backgroundSize = 100;  ///< sampled rows or k-means clusters
    int64_t classIndex = -1;       ///< -1: the last class (the positive one of two)
    int64_t samples = 2048;        ///< kernel and permutation, as ShapOptions::samples
    uint64_t seed = 0;             ///< the row subsample, the background and the sampling
};

/// The table rows `request` names, ascending (Given: as given). A set larger than maxRows is cut
/// to a seeded uniform sample of maxRows rows. Throws InputError for an empty set (naming the
/// split) or a given row outside [0, tableRows).
std::vector<int64_t> explainedRows(const ExplainRequest& request, const data::Split& split,
                                   int64_t tableRows);

/// The background over the training rows of `split`, through the model's pipeline: a seeded
/// sample of backgroundSize of them, or backgroundSize k-means centres of (at most
/// kMaxKMeansRows of) them. Only those rows are transformed. Throws InputError when there are no
/// training rows or the size is below 1; Cancelled when `stop` is requested (k-means).
Background trainingBackground(const nn::Model& model, const data::Table& table,
                              const data::Split& split, const ExplainRequest& request,
                              std::stop_token stop = {});

/// SHAP values of the rows `request` names over `background` (from trainingBackground()), with
/// their raw values and the plots' summary. `progress` reports explained rows. Throws as
/// explainedRows and computeShap do.
ShapExplanation explainRun(device::Device& device, const nn::Model& model, const data::Table& table,
                           const data::Split& split, const ExplainRequest& request,
                           const Background& background, const Progress& progress = {},
                           std::stop_token stop = {});
/// The same over trainingBackground(model, table, split, request).
ShapExplanation explainRun(device::Device& device, const nn::Model& model, const data::Table& table,
                           const data::Split& split, const ExplainRequest& request,
                           const Progress& progress = {}, std::stop_token stop = {});

}  // namespace loupe::explain
