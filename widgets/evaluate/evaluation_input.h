#pragma once
// What the Evaluate view shows: a trained model's predictions on each split, as value structs the
// app fills from a run (the view itself reads no file).

#include <QString>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/matrix.h"

namespace loupe::widgets {

/// One split's predictions and its metrics report.
struct SplitPredictions {
    QString name;                     ///< "train", "val", "test" or "all"
    std::vector<int64_t> rows;        ///< data row of each prediction (0-based, in the dataset)
    std::vector<int> yTrue;           ///< classification: true class index per prediction
    MatrixD probs;                    ///< classification: probabilities, [rows, classes]
    std::vector<double> targets;      ///< regression: true value per prediction
    std::vector<double> predictions;  ///< regression: predicted value per prediction
    nlohmann::json metrics;           ///< the split's report as metrics.json holds it
};

/// Everything the Evaluate view needs; no class names means a regression model.
struct EvaluationInput {
    std::vector<std::string> classNames;   ///< in output order; positive class second when binary
    std::vector<SplitPredictions> splits;  ///< in the order the split selector lists them
};

}  // namespace loupe::widgets
