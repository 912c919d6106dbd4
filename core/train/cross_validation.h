#pragma once
// Stratified K-fold cross-validation of an experiment: each fold trains the experiment's model
// on the other folds (split into training and validation rows as the experiment splits its data,
// the pipeline fitted and any resampling done on those training rows only) and reports on the
// held-out fold. Long work: it takes a Progress and a std::stop_token, and never a thread.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "core/data/table.h"
#include "core/device/device.h"
#include "core/progress.h"
#include "core/train/experiment.h"
#include "core/train/trainer.h"

namespace loupe::train {

/// One fold: its rows, its training curves and the report on its held-out rows.
struct FoldResult {
    int64_t fold = 0;  ///< 1-based
    int64_t trainRows = 0, valRows = 0, heldOutRows = 0;
    History history;
    nlohmann::json report;  ///< eval report of the held-out rows, as metrics.json's "test"
};

struct CrossValidation {
    std::vector<FoldResult> folds;
    /// For each top-level metric of the folds' reports (accuracy, f1_macro, rmse, ...): its mean
    /// and population standard deviation (ddof 0, as numpy's std) over the folds where it is
    /// defined.
    nlohmann::json mean, std;
};

/// Runs `folds`-fold cross-validation of `request` on `table` (stratified by class for a
/// classification target; request.testFraction is not used, every row is held out once).
/// Throws InputError for folds < 2 or more folds than rows with a target, and Cancelled when
/// `stop` is requested (between batches).
CrossValidation crossValidate(const data::Table& table, const ExperimentRequest& request,
                              device::Device& device, int64_t folds, const Progress& progress = {},
                              std::stop_token stop = {});

/// cv.json: {"folds": K, "metrics": {name: {"mean", "std"}}, "per_fold": [{"fold", "train_rows",
/// "val_rows", "held_out_rows", "epochs_run", "best_epoch", "report"}]}.
nlohmann::json crossValidationJson(const CrossValidation& cv);

}  // namespace loupe::train
