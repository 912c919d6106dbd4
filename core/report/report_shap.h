#pragma once
// Internal to core/report: the SHAP part of a RunReport (shap.csv read back, or computed).

#include <stop_token>

#include "core/data/table.h"
#include "core/device/device.h"
#include "core/progress.h"
#include "core/report/run_report.h"

namespace loupe::report {

/// Fills r.shap, r.shapSource and r.topFeatures: from r.folder/shap.csv when present, else SHAP
/// of up to options.shapRows rows of the evaluated split when `table` (the run's dataset, or
/// null) is given, else only r.shapSource saying why there are none.
void addShap(RunReport& r, const data::Table* table, const ReportOptions& options,
             device::Device& device, const Progress& progress, std::stop_token stop);

}  // namespace loupe::report
