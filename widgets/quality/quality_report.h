#pragma once
// QualityReport: what the data-quality checks found in one table, as the Quality view shows it
// (the app's QualityJob fills it from core; the view only draws it).

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/column_stats.h"
#include "core/data/leakage.h"
#include "core/train/label_issues.h"

namespace loupe::widgets {

/// Outliers, label issues and leakage warnings of one table.
struct QualityReport {
    std::vector<double> outlierScores;                 ///< Isolation Forest score of every data row
    std::vector<int64_t> outlierOrder;                 ///< data rows, most anomalous first
    std::vector<data::HistogramBin> outlierHistogram;  ///< of outlierScores
    std::vector<data::LeakageWarning> leakage;
    std::vector<train::LabelIssue> labelIssues;  ///< likeliest label errors first (flagged first)
    std::vector<std::string> classNames;         ///< what LabelIssue's class indices name
    int64_t labelledRows = 0;                    ///< rows judged for label errors
    int64_t folds = 0;                           ///< 0: no label check (a regression target)
};

}  // namespace loupe::widgets
