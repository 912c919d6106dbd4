// Rows, background and SHAP values for an ExplainRequest over a trained run.

#include "core/explain/explain_request.h"

#include <algorithm>
#include <random>
#include <string>
#include <utility>

#include "core/error.h"

namespace loupe::explain {
namespace {

/// `count` of `rows` drawn uniformly (partial Fisher-Yates), ascending; all of them when fewer.
std::vector<int64_t> sampleRows(std::vector<int64_t> rows, size_t count, uint64_t seed) {
    if (rows.size() > count) {
        std::mt19937_64 rng(seed);
        for (size_t i = 0; i < count; ++i)
            std::swap(rows[i], rows[i + static_cast<size_t>(rng() % (rows.size() - i))]);
        rows.resize(count);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

}  // namespace

std::vector<int64_t> explainedRows(const ExplainRequest& request, const data::Split& split,
                                   int64_t tableRows) {
    std::vector<int64_t> rows;
    switch (request.rows) {
        case ExplainRows::Given:
            for (int64_t r : request.givenRows)
                if (r < 0 || r >= tableRows)
                    throw InputError("row " + std::to_string(r) +
                                     " is out of range: the data has " + std::to_string(tableRows) +
                                     " rows");
            if (request.givenRows.empty()) throw InputError("no rows to explain");
            return request.givenRows;
        case ExplainRows::Test:
            rows = split.test;
            if (rows.empty())
                throw InputError(
                    "the run has no test rows: explain the validation rows or all rows");
            break;
        case ExplainRows::Validation:
            rows = split.val;
            if (rows.empty())
                throw InputError(
                    "the run has no validation rows: explain the test rows or all rows");
            break;
        case ExplainRows::All:
            rows.resize(static_cast<size_t>(std::max<int64_t>(tableRows, 0)));
            for (int64_t r = 0; r < tableRows; ++r) rows[static_cast<size_t>(r)] = r;
            if (rows.empty()) throw InputError("the data has no rows");
            break;
    }
    if (request.maxRows < 1) throw InputError("explain at least one row");
    // A uniform sample rather than the first rows: files are often sorted by class.
    return sampleRows(std::move(rows), static_cast<size_t>(request.maxRows), request.seed);
}

Background trainingBackground(const nn::Model& model, const data::Table& table,
                              const data::Split& split, const ExplainRequest& request,
                              std::stop_token stop) {
    if (split.train.empty())
        throw InputError("the run has no training rows to draw the background from",
                         table.source());
    if (request.backgroundSize < 1) throw InputError("the background needs at least one row");
    const bool kmeans = request.background == BackgroundKind::KMeans;
    const std::vector<int64_t> rows = sampleRows(
        split.train, static_cast<size_t>(kmeans ? kMaxKMeansRows : request.backgroundSize),
        request.seed);
    const Matrix x = model.pipeline.transform(table, rows);  // [rows, inputs]
    if (kmeans) return kmeansBackground(x, request.backgroundSize, request.seed, std::move(stop));
    return sampleBackground(x, x.rows(), request.seed);  // every sampled row, weight 1
}

ShapExplanation explainRun(device::Device& device, const nn::Model& model, const data::Table& table,
                           const data::Split& split, const ExplainRequest& request,
                           const Background& background, const Progress& progress,
                           std::stop_token stop) {
    const std::vector<int64_t> rows = explainedRows(request, split, table.rowCount());
    const Matrix x = model.pipeline.transform(table, rows);  // [rows, inputs]
    ShapOptions options;
    options.method = request.method;
    options.classIndex = request.classIndex;
    options.samples = request.samples;
    options.seed = request.seed;
    ShapResult shap =
        computeShap(device, model, x, rows, background, options, progress, std::move(stop));
    return describeShap(std::move(shap), table);
}

ShapExplanation explainRun(device::Device& device, const nn::Model& model, const data::Table& table,
                           const data::Split& split, const ExplainRequest& request,
                           const Progress& progress, std::stop_token stop) {
    const Background background = trainingBackground(model, table, split, request, stop);
    return explainRun(device, model, table, split, request, background, progress, std::move(stop));
}

}  // namespace loupe::explain
