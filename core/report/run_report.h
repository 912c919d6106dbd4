#pragma once
// RunReport: everything a report of one run shows, gathered from its run folder (docs/formats.md
// "Run folder"): the dataset, the preprocessing, the model card, the curves, the metrics, ROC/PR
// and the confusion matrix of the evaluated split, SHAP values and the compression comparison.
// Plain values; widgets/report lays them out as HTML or PDF.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "core/device/device.h"
#include "core/eval/curves.h"
#include "core/explain/shap_summary.h"
#include "core/progress.h"
#include "core/train/experiment.h"

namespace loupe::report {

/// SHAP values of at most this many rows of the evaluated split are computed for a report.
constexpr int64_t kReportShapRows = 200;
/// The background a report's SHAP values are computed over: this many sampled training rows.
constexpr int64_t kReportShapBackground = 50;
/// Kernel and permutation SHAP samples per row in a report: a quarter of explain's 2048, so a
/// report of a 30-feature model takes seconds rather than a minute. Single values get noisier;
/// the summary averages that out: on breast_cancer (60 rows, background 50) the top 4 features
/// and the mean |SHAP| of the top 15 within 9% matched 2048 samples. shap.csv from `explain`
/// in the run folder is used instead when present.
constexpr int64_t kReportShapSamples = 512;

/// How many rows of each class fell in each split.
struct ClassBalance {
    std::string name;
    int64_t train = 0, val = 0, test = 0;
    int64_t total() const { return train + val + test; }
};

/// One curve of the evaluated split: one-vs-rest for `name` (the positive class).
struct RocSeries {
    std::string name;
    eval::RocCurve curve;
    double auc = 0.0;
};
struct PrSeries {
    std::string name;
    eval::PrCurve curve;
    double averagePrecision = 0.0;
    double prevalence = 0.0;  ///< share of positives: the PR curve of a random model
};

/// Mean |SHAP| of one feature, for the top features table.
struct FeatureImportance {
    std::string feature;
    double meanAbs = 0.0;
};

/// What a report needs besides the run folder.
struct ReportOptions {
    /// The dataset the run was trained on; empty: the file metrics.json's "training" names.
    std::string dataFile;
    int64_t shapRows = kReportShapRows;
    uint64_t seed = 0;  ///< the SHAP row sample and background
};

struct RunReport {
    std::filesystem::path folder;
    train::ExperimentResult run;  ///< model, history, split, predictions, reports, training

    // Dataset: from the data file when it could be read, else from predictions.csv alone.
    std::string dataFile;                    ///< empty when the run does not name one
    std::string dataNote;                    ///< why the data file was not read, or empty
    int64_t tableRows = -1;                  ///< -1: the file was not read
    int64_t tableColumns = -1;               ///< -1: the file was not read
    std::vector<ClassBalance> classBalance;  ///< classification
    double targetMean = 0.0, targetStd = 0.0, targetMin = 0.0, targetMax = 0.0;  ///< regression

    // Evaluation of the last split (test, else val, else train), as loupe-cli train reports.
    std::string evalSplit;
    nlohmann::json evalReport;
    std::vector<RocSeries> roc;  ///< binary: the positive (second) class; else one per class
    std::vector<PrSeries> pr;
    std::string curveNote;  ///< why a curve is missing, or empty

    // SHAP: from folder/shap.csv, else computed on the evaluated split, else a note saying why not.
    std::shared_ptr<const explain::ShapExplanation> shap;
    std::string shapSource;  ///< "shap.csv" or how it was computed; the reason when shap is null
    std::vector<FeatureImportance> topFeatures;  ///< largest mean |SHAP| first

    /// folder/compare.json (the compression comparison), or null when there is none.
    nlohmann::json compare;
};

/// Reads `folder` (io::readRunFolder), the dataset when it can and compare.json when present,
/// and computes the curves and, without a shap.csv, SHAP values of up to options.shapRows rows on
/// `device`. Throws InputError for a missing or malformed run folder or compare.json, Cancelled
/// when `stop` is requested. A dataset that cannot be read or does not match the run is no error:
/// the report says so (dataNote, shapSource).
RunReport gatherRunReport(const std::filesystem::path& folder, const ReportOptions& options,
                          device::Device& device, const Progress& progress = {},
                          std::stop_token stop = {});

/// shap.csv text (row, base_value, <feature>..., prediction) read back. Throws InputError naming
/// `source`, the line and the column for a malformed file.
explain::ShapResult parseShapCsv(std::string_view text, const std::string& source = {});

}  // namespace loupe::report
