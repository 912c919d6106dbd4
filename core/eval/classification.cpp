#include "core/eval/classification.h"

#include "core/error.h"
#include "core/eval/stable_sum.h"

namespace loupe::eval {
namespace {

int64_t totalRows(const ConfusionMatrix& counts) {
    const int64_t total = counts.sum();
    if (total == 0) throw InputError("classification metric: no rows");
    return total;
}

// sklearn's _prf_divide with zero_division="warn": a zero denominator gives 0.
double ratioOrZero(int64_t numerator, int64_t denominator) {
    return denominator == 0 ? 0.0
                            : static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

double accuracy(const ConfusionMatrix& counts) {
    const int64_t total = totalRows(counts);
    return static_cast<double>(counts.diagonal().sum()) / static_cast<double>(total);
}

double balancedAccuracy(const ConfusionMatrix& counts) {
    totalRows(counts);
    StableSum sum;
    int present = 0;
    for (Eigen::Index c = 0; c < counts.rows(); ++c) {
        const int64_t support = counts.row(c).sum();
        if (support == 0) continue;
        sum.add(static_cast<double>(counts(c, c)) / static_cast<double>(support));
        ++present;
    }
    return sum.value() / present;
}

std::vector<ClassScores> perClassScores(const ConfusionMatrix& counts) {
    totalRows(counts);
    std::vector<ClassScores> scores(static_cast<size_t>(counts.rows()));
    for (Eigen::Index c = 0; c < counts.rows(); ++c) {
        ClassScores& s = scores[static_cast<size_t>(c)];
        s.support = counts.row(c).sum();
        s.precision = ratioOrZero(counts(c, c), counts.col(c).sum());
        s.recall = ratioOrZero(counts(c, c), s.support);
        // sklearn sets the F-score to 0 where precision + recall is 0.
        const double denominator = s.precision + s.recall;
        s.f1 = denominator == 0.0 ? 0.0 : 2.0 * s.precision * s.recall / denominator;
    }
    return scores;
}

AveragedScores macroAverage(std::span<const ClassScores> classes) {
    if (classes.empty()) throw InputError("macro average: no classes");
    StableSum precision;
    StableSum recall;
    StableSum f1;
    for (const ClassScores& s : classes) {
        precision.add(s.precision);
        recall.add(s.recall);
        f1.add(s.f1);
    }
    const auto n = static_cast<double>(classes.size());
    return {precision.value() / n, recall.value() / n, f1.value() / n};
}

AveragedScores weightedAverage(std::span<const ClassScores> classes) {
    StableSum precision;
    StableSum recall;
    StableSum f1;
    int64_t total = 0;
    for (const ClassScores& s : classes) {
        const auto w = static_cast<double>(s.support);
        precision.add(w * s.precision);
        recall.add(w * s.recall);
        f1.add(w * s.f1);
        total += s.support;
    }
    // sklearn returns 0 (with a warning) when no class has support.
    if (total == 0) return {};
    const auto n = static_cast<double>(total);
    return {precision.value() / n, recall.value() / n, f1.value() / n};
}

}  // namespace loupe::eval
