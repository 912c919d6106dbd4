#include "core/explain/shap_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"

namespace loupe::explain {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// numpy.percentile's default ("linear") on values already sorted, NaNs removed.
double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return kNaN;
    const double pos = p / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto low = static_cast<size_t>(std::floor(pos));
    const size_t high = std::min(low + 1, sorted.size() - 1);
    return sorted[low] + (pos - static_cast<double>(low)) * (sorted[high] - sorted[low]);
}

/// The colour range shap's summary plot uses: the 5th..95th percentile, widened to the 1st..99th
/// and then to min..max when it is empty, so a feature that is mostly one value still shows colour.
std::pair<double, double> colourRange(std::vector<double> values) {
    std::erase_if(values, [](double v) { return std::isnan(v); });
    std::sort(values.begin(), values.end());
    double lo = percentile(values, 5), hi = percentile(values, 95);
    if (lo == hi) {
        lo = percentile(values, 1);
        hi = percentile(values, 99);
        if (lo == hi && !values.empty()) {
            lo = values.front();
            hi = values.back();
        }
    }
    return {std::min(lo, hi), hi};
}

/// shap's beeswarm layout: SHAP values fall into `bins` bins; within a bin the points take turns
/// above and below the centre line (0, +1, -1, +2, -2, ...), so a crowded bin is a wide swarm.
/// Scaled by max + 1 as shap does, so a sparse feature stays thin. Ties go by row (deterministic,
/// where shap shuffles).
void placeJitter(const MatrixD& values, int64_t feature, int bins, MatrixD& jitter) {
    const int64_t n = values.rows();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int64_t r = 0; r < n; ++r) {
        lo = std::min(lo, values(r, feature));
        hi = std::max(hi, values(r, feature));
    }
    std::vector<int64_t> bin(n);
    for (int64_t r = 0; r < n; ++r)
        bin[r] = std::llround(bins * (values(r, feature) - lo) / (hi - lo + 1e-8));
    std::vector<int64_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return bin[a] < bin[b]; });
    std::vector<double> ys(n, 0.0);
    double top = 0.0;
    int64_t layer = 0, lastBin = -1;
    for (const int64_t r : order) {
        if (bin[r] != lastBin) layer = 0;
        ys[r] = static_cast<double>((layer + 1) / 2) * (layer % 2 == 1 ? 1.0 : -1.0);
        top = std::max(top, std::abs(ys[r]));
        ++layer;
        lastBin = bin[r];
    }
    for (int64_t r = 0; r < n; ++r) jitter(r, feature) = ys[r] / (top + 1.0);
}

/// |correlation| of a and b, or 0 when either does not vary (or holds a NaN).
double absCorrelation(const double* a, const double* b, size_t n) {
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= static_cast<double>(n);
    mb /= static_cast<double>(n);
    double saa = 0, sbb = 0, sab = 0;
    for (size_t i = 0; i < n; ++i) {
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
        sab += (a[i] - ma) * (b[i] - mb);
    }
    if (!(saa > 0) || !(sbb > 0)) return 0.0;
    return std::abs(sab / std::sqrt(saa * sbb));
}

/// shap.utils.approximate_interactions' score: the rows sorted by the feature, cut into chunks of
/// `chunk`, summing |corr(SHAP, other)| over the chunks; 0 when `other` is all zero.
double chunkedInteraction(const std::vector<double>& shapSorted,
                          const std::vector<double>& otherSorted, size_t chunk) {
    double absSum = 0;
    for (const double v : otherSorted) absSum += std::abs(v);
    if (absSum < 1e-8) return 0.0;  // NaN compares false: kept, as numpy's sum would be NaN
    double total = 0;
    for (size_t start = 0; start < shapSorted.size(); start += chunk) {
        const size_t n = std::min(chunk, shapSorted.size() - start);
        total += absCorrelation(shapSorted.data() + start, otherSorted.data() + start, n);
    }
    return total;
}

}  // namespace

ExplainedValues explainedValues(const data::Table& table, const std::vector<int64_t>& rows,
                                const std::vector<std::string>& features) {
    for (const int64_t r : rows)
        if (r < 0 || r >= table.rowCount())
            throw InputError("row " + std::to_string(r) + " is out of range: the data has " +
                                 std::to_string(table.rowCount()) + " rows",
                             table.source());
    const auto nRows = static_cast<int64_t>(rows.size());
    const auto nFeatures = static_cast<int64_t>(features.size());
    ExplainedValues out;
    out.numeric.resize(nRows, nFeatures);
    out.text.assign(rows.size(), std::vector<std::string>(features.size()));
    out.categorical.assign(features.size(), false);
    for (int64_t f = 0; f < nFeatures; ++f) {
        const data::Column& column = table.column(features[f]);  // throws for a missing one
        const bool numeric = column.type == data::ColumnType::Numeric;
        out.categorical[f] = !numeric;
        for (int64_t i = 0; i < nRows; ++i) {
            const int64_t r = rows[i];
            if (numeric)
                out.numeric(i, f) = column.numeric[r];
            else
                out.numeric(i, f) = column.codes[r] < 0 ? kNaN : column.codes[r];
            out.text[i][f] = column.text(r);
        }
    }
    return out;
}

ShapSummary summarizeShap(const ShapResult& shap, const ExplainedValues& values, int bins) {
    const int64_t nRows = shap.values.rows(), nFeatures = shap.values.cols();
    if (values.numeric.rows() != nRows || values.numeric.cols() != nFeatures ||
        static_cast<int64_t>(values.categorical.size()) != nFeatures)
        throw InputError("the feature values (" + std::to_string(values.numeric.rows()) + " x " +
                         std::to_string(values.numeric.cols()) +
                         ") do not match the SHAP values (" + std::to_string(nRows) + " x " +
                         std::to_string(nFeatures) + ")");
    if (bins < 1) throw InputError("the beeswarm needs at least one bin");
    ShapSummary s;
    s.meanAbs.assign(nFeatures, 0.0);
    for (int64_t f = 0; f < nFeatures; ++f)
        if (nRows > 0) s.meanAbs[f] = shap.values.col(f).cwiseAbs().mean();
    s.order.resize(nFeatures);
    std::iota(s.order.begin(), s.order.end(), 0);
    std::stable_sort(s.order.begin(), s.order.end(),
                     [&](int64_t a, int64_t b) { return s.meanAbs[a] > s.meanAbs[b]; });

    s.colour.resize(nRows, nFeatures);
    s.jitter.setZero(nRows, nFeatures);
    for (int64_t f = 0; f < nFeatures; ++f) {
        if (values.categorical[f]) {
            // Category codes have no order: shap paints such features grey, not on the colour map.
            s.colour.col(f).setConstant(kNaN);
        } else {
            std::vector<double> column(values.numeric.col(f).begin(), values.numeric.col(f).end());
            const auto [lo, hi] = colourRange(std::move(column));
            for (int64_t r = 0; r < nRows; ++r) {
                const double v = values.numeric(r, f);
                if (std::isnan(v))
                    s.colour(r, f) = kNaN;
                else if (!(hi > lo))
                    s.colour(r, f) = 0.5;  // one value throughout: the middle of the map
                else
                    s.colour(r, f) = (std::clamp(v, lo, hi) - lo) / (hi - lo);
            }
        }
        if (nRows > 0) placeJitter(shap.values, f, bins, s.jitter);
    }
    return s;
}

ShapExplanation describeShap(ShapResult shap, const data::Table& table) {
    ShapExplanation e;
    e.values = explainedValues(table, shap.rows, shap.features);
    e.summary = summarizeShap(shap, e.values);
    e.shap = std::move(shap);
    return e;
}

int64_t strongestInteraction(const ShapExplanation& explanation, int64_t feature) {
    const MatrixD& shapValues = explanation.shap.values;
    const MatrixD& x = explanation.values.numeric;
    const int64_t nFeatures = shapValues.cols();
    if (feature < 0 || feature >= nFeatures)
        throw InputError("feature " + std::to_string(feature) + " is out of range: there are " +
                         std::to_string(nFeatures) + " features");
    if (nFeatures < 2) return -1;
    const auto n = static_cast<size_t>(shapValues.rows());
    // Sorted by the feature's value, missing last (numpy's argsort puts NaN last).
    std::vector<int64_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        const double va = x(a, feature), vb = x(b, feature);
        if (std::isnan(vb)) return !std::isnan(va);
        return !std::isnan(va) && va < vb;
    });
    std::vector<double> shapSorted(n);
    for (size_t i = 0; i < n; ++i) shapSorted[i] = shapValues(order[i], feature);
    const size_t chunk = std::max<size_t>(std::min<size_t>(n / 10, 50), 1);

    int64_t best = -1;
    double bestScore = -1;
    std::vector<double> other(n), missing(n);
    for (int64_t f = 0; f < nFeatures; ++f) {
        if (f == feature) continue;
        for (size_t i = 0; i < n; ++i) {
            other[i] = x(order[i], f);
            missing[i] = std::isnan(other[i]) ? 1.0 : 0.0;
        }
        // Both the value and its missingness, as shap scores them: a feature whose absence
        // drives the SHAP value interacts too.
        const double score = std::max(chunkedInteraction(shapSorted, other, chunk),
                                      chunkedInteraction(shapSorted, missing, chunk));
        if (score > bestScore) {
            bestScore = score;
            best = f;
        }
    }
    return best;
}

}  // namespace loupe::explain
