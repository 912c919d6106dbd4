#pragma once
// The files --cv adds to a run folder: cv.json (per-fold reports, each metric's mean and std)
// and cv_history.csv (every fold's training curves), described in docs/formats.md.

#include <filesystem>
#include <string>

#include "core/train/cross_validation.h"

namespace loupe::io {

/// cv_history.csv: fold, epoch, train_loss, val_loss, val_metric, lr; one row per fold and epoch.
std::string crossValidationHistoryCsv(const train::CrossValidation& cv);

/// Writes `folder`/cv.json and `folder`/cv_history.csv, each through a temporary file.
void writeCrossValidation(const std::filesystem::path& folder, const train::CrossValidation& cv);

}  // namespace loupe::io
