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

/// Numeric imputation, as scikit-learn's SimpleImputer strategies (most frequent: the smallest
/// of the most frequent values).
enum class NumericImpute { Mean, Median, MostFrequent };
/// Numeric scaling, as scikit-learn's StandardScaler, MinMaxScaler and RobustScaler (median and
/// the 25-75 interquartile range); every one is (x - mean) / scale with its own mean and scale.
enum class Scaling { Standard, MinMax, Robust, None };
/// Categorical encoding: one column per category, or one column holding the category's index in
/// sorted order (scikit-learn's OrdinalEncoder; an unseen category encodes as -1).
enum class Encoding { OneHot, Ordinal };

struct PipelineOptions {
    NumericImpute numericImpute = NumericImpute::Mean;  ///< categoricals: most frequent
    Scaling scaling = Scaling::Standard;
    Encoding encoding = Encoding::OneHot;
    /// Numeric columns transformed by log1p before imputing and scaling; fit refuses a negative
    /// training value, and transform treats a value below -1 as missing.
    std::vector<std::string> logColumns{};
};

/// "mean", "median", "most_frequent"; the others: "standard", "minmax", "robust", "none";
/// "onehot", "ordinal". The parse functions throw InputError naming the accepted words.
std::string toString(NumericImpute impute);
std::string toString(Scaling scaling);
std::string toString(Encoding encoding);
NumericImpute parseImpute(const std::string& text);
Scaling parseScaling(const std::string& text);
Encoding parseEncoding(const std::string& text);

/// One input column's fitted step: imputation value, scaling, or the one-hot categories.
struct FeatureStep {
    std::string column;
    ColumnType type = ColumnType::Numeric;
    double fill = 0.0;                    ///< Numeric: value that replaces a missing one
    double mean = 0.0, scale = 1.0;       ///< Numeric: (x - mean) / scale
    bool log = false;                     ///< Numeric: log1p(x) before imputing and scaling
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
    /// Output columns of `step`: 1, or its categories' count for one-hot.
    int64_t widthOf(const FeatureStep& step) const;
    /// Output column names: the column's name, or "column=category" for one-hot.
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
