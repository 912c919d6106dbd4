#pragma once
// What the SHAP plots show besides the values themselves: the explained rows' raw feature values
// (for colour and "feature = value" labels), features ordered by mean |SHAP|, each point's
// colour position and beeswarm offset, and the feature that interacts most with another. Pure
// data preparation; the widgets only draw it.

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/table.h"
#include "core/explain/shap.h"
#include "core/matrix.h"

namespace loupe::explain {

/// The raw values of the explained rows for the SHAP result's source features.
struct ExplainedValues {
    MatrixD numeric;  ///< [rows, features]: the value; a categorical's category code; NaN missing
    std::vector<std::vector<std::string>> text;  ///< [rows][features]: as the file has it
    std::vector<bool> categorical;               ///< per feature
};

/// Per-feature summary of a ShapResult for the summary (beeswarm) and bar plots.
struct ShapSummary {
    std::vector<int64_t> order;  ///< feature indices, largest mean |SHAP| first
    std::vector<double> meanAbs;  ///< per feature (ShapResult::features order)
    /// [rows, features] in [0, 1]: the value between the feature's 5th and 95th percentile
    /// (clipped), as shap's summary plot colours it; NaN for a missing value and for every row
    /// of a categorical feature (shap greys both; a constant feature sits at 0.5).
    MatrixD colour;
    /// [rows, features] in [-1, 1]: the vertical offset of the point in its feature's row of the
    /// beeswarm, wider where more points share a SHAP bin (density jitter).
    MatrixD jitter;
};

/// Everything the plots need about one explanation.
struct ShapExplanation {
    ShapResult shap;
    ExplainedValues values;
    ShapSummary summary;
};

/// The values of `rows` of `table` for `features` (column names). Throws InputError naming the
/// table's file for a missing column or a row out of range.
ExplainedValues explainedValues(const data::Table& table, const std::vector<int64_t>& rows,
                                const std::vector<std::string>& features);

/// Orders the features and places every point. `bins`: SHAP-axis bins for the density jitter.
ShapSummary summarizeShap(const ShapResult& shap, const ExplainedValues& values, int bins = 100);

/// shap + its rows' values + summary, in one call.
ShapExplanation describeShap(ShapResult shap, const data::Table& table);

/// The feature (other than `feature`) whose values best account for the spread of `feature`'s
/// SHAP values, as shap.utils.approximate_interactions picks the dependence plot's colour;
/// -1 when there is only one feature.
int64_t strongestInteraction(const ShapExplanation& explanation, int64_t feature);

}  // namespace loupe::explain
