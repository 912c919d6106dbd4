#include "core/report/report_shap.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "core/error.h"
#include "core/explain/explain_request.h"
#include "core/io/csv_records.h"

namespace loupe::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kTopFeatures = 15;

/// The rows' values when the dataset has the features; else all missing, so the summary plot
/// greys its points instead of colouring them by value.
explain::ExplainedValues valuesFor(const explain::ShapResult& shap, const data::Table* table) {
    if (table) try {
            return explain::explainedValues(*table, shap.rows, shap.features);
        } catch (const InputError&) {
        }
    explain::ExplainedValues values;
    values.numeric = MatrixD::Constant(shap.values.rows(), shap.values.cols(), kNaN);
    values.text.assign(shap.rows.size(), std::vector<std::string>(shap.features.size()));
    values.categorical.assign(shap.features.size(), false);
    return values;
}

explain::ExplainRows rowsOf(const std::string& split) {
    if (split == "test") return explain::ExplainRows::Test;
    if (split == "val") return explain::ExplainRows::Validation;
    return explain::ExplainRows::All;
}

std::string splitWords(const std::string& split) {
    return split == "val" ? "validation" : split == "train" ? "data" : split;
}

}  // namespace

explain::ShapResult parseShapCsv(std::string_view text, const std::string& source) {
    const std::vector<io::CsvRecord> records = io::parseCsvRecords(text, source);
    if (records.empty()) throw InputError("empty SHAP file", source);
    const std::vector<std::string>& header = records.front().fields;
    if (header.size() < 4 || header[0] != "row" || header[1] != "base_value" ||
        header.back() != "prediction")
        throw InputError(
            "not a SHAP file: expected the columns row, base_value, <feature>..., "
            "prediction",
            source, records.front().line, 1);
    explain::ShapResult r;
    r.features.assign(header.begin() + 2, header.end() - 1);
    const auto rows = static_cast<Eigen::Index>(records.size() - 1);
    const auto features = static_cast<Eigen::Index>(r.features.size());
    r.values.resize(rows, features);
    r.stdErr = MatrixD::Zero(rows, features);
    for (Eigen::Index i = 0; i < rows; ++i) {
        const io::CsvRecord& record = records[static_cast<size_t>(i) + 1];
        if (record.fields.size() != header.size())
            throw InputError("expected " + std::to_string(header.size()) + " fields, found " +
                                 std::to_string(record.fields.size()),
                             source, record.line, static_cast<int64_t>(record.fields.size()));
        const auto number = [&](Eigen::Index c) {
            return io::parseCsvNumber(record.fields[static_cast<size_t>(c)], source, record.line,
                                      c + 1);
        };
        r.rows.push_back(io::parseCsvInteger(record.fields[0], source, record.line, 1));
        r.baseValue.push_back(number(1));
        for (Eigen::Index f = 0; f < features; ++f) r.values(i, f) = number(f + 2);
        r.prediction.push_back(number(features + 2));
    }
    return r;
}

void addShap(RunReport& r, const data::Table* table, const ReportOptions& options,
             device::Device& device, const Progress& progress, std::stop_token stop) {
    const std::filesystem::path file = r.folder / "shap.csv";
    explain::ShapExplanation explanation;
    if (std::filesystem::exists(file)) {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw InputError("cannot read the file", file.string());
        explanation.shap = parseShapCsv(
            std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()),
            file.string());
        explanation.values = valuesFor(explanation.shap, table);
        explanation.summary = explain::summarizeShap(explanation.shap, explanation.values);
        r.shapSource = "read from shap.csv in the run folder (" +
                       std::to_string(explanation.shap.rows.size()) + " rows)";
    } else if (!table) {
        r.shapSource = "SHAP values were not computed: " + r.dataNote +
                       " (loupe-cli report --data FILE names it; loupe-cli explain --out RUN_DIR "
                       "writes shap.csv into the run folder)";
        return;
    } else {
        explain::ExplainRequest request;
        request.rows = rowsOf(r.evalSplit);
        request.maxRows = options.shapRows;
        request.seed = options.seed;
        request.backgroundSize = kReportShapBackground;
        request.samples = kReportShapSamples;
        explanation =
            explain::explainRun(device, r.run.model, *table, r.run.split, request, progress, stop);
        const explain::ShapResult& s = explanation.shap;
        r.shapSource =
            "computed for " + std::to_string(s.rows.size()) + " " + splitWords(r.evalSplit) +
            " rows: " + explain::shapMethodName(s.method) + " SHAP of the " + s.output +
            (s.method == explain::ShapMethod::Kernel || s.method == explain::ShapMethod::Permutation
                 ? " (" + std::to_string(request.samples) + " samples a row)"
                 : std::string()) +
            " over " + std::to_string(request.backgroundSize) + " sampled training rows";
    }
    const explain::ShapSummary& summary = explanation.summary;
    for (size_t k = 0; k < summary.order.size() && k < kTopFeatures; ++k) {
        const auto f = static_cast<size_t>(summary.order[k]);
        r.topFeatures.push_back({explanation.shap.features[f], summary.meanAbs[f]});
    }
    r.shap = std::make_shared<const explain::ShapExplanation>(std::move(explanation));
}

}  // namespace loupe::report
