#pragma once
// Pipeline: the preprocessing between a Table and the model's input matrix. Fitted on the
// training rows only; stored with the model so a loaded model predicts from a raw file.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/data/table.h"
#include "core/matrix.h"

namespace loupe::data {

enum class NumericImpute { Mean, Median };
enum class Scaling { Standard, None };

struct PipelineOptions {
    NumericImpute numericImpute = NumericImpute::Mean;  ///< categoricals: most frequent
    Scaling scaling = Scaling::Standard;
};

/// One input column's fitted step: imputation value, scaling, or the one-hot categories.
struct FeatureStep {
    std::string column;
    ColumnType type = ColumnType::Numeric;
    double fill = 0.0;                    ///< Numeric: value that replaces a missing one
    double mean = 0.0, scale = 1.0;       ///< Numeric: (x - mean) / scale
    std::vector<std::string> categories;  ///< Categorical: one output column each, in order
    int32_t fillCategory = 0;             ///< Categorical: index used for a missing value
};

class Pipeline {
public:
    Pipeline() = default;
    explicit Pipeline(PipelineOptions options) : m_options(options) {}

    /// Fits on `rows` of `table` for the named feature columns (numeric or categorical).
    void fit(const Table& table, const std::vector<std::string>& features,
             std::span<const int64_t> rows);
    /// X: [rows.size(), outputWidth()]. Columns are found by name; a missing one throws
    /// InputError; an unseen category encodes as all zeros.
    Matrix transform(const Table& table, std::span<const int64_t> rows) const;

    bool fitted() const { return !m_steps.empty(); }
    int64_t inputWidth() const { return static_cast<int64_t>(m_steps.size()); }
    int64_t outputWidth() const;
    /// Output column names: the numeric column's name, or "column=category" for one-hot.
    std::vector<std::string> outputNames() const;
    /// For each output column, the index of its input column (groups one-hot columns for SHAP).
    std::vector<int64_t> outputSource() const;
    const std::vector<FeatureStep>& steps() const { return m_steps; }
    const PipelineOptions& options() const { return m_options; }

    nlohmann::json toJson() const;
    /// Throws ModelError on a malformed description.
    static Pipeline fromJson(const nlohmann::json& json);

private:
    PipelineOptions m_options;
    std::vector<FeatureStep> m_steps;
};

/// Every column except `target` that can be a feature (numeric or categorical; text is skipped).
std::vector<std::string> defaultFeatures(const Table& table, const std::string& target);

}  // namespace loupe::data
