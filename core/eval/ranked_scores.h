#pragma once
// The sorting step under every ranking metric (ROC, PR, average precision): order the rows by
// descending score and walk the distinct scores from the highest, counting positives and
// negatives per score. This is scikit-learn's _binary_clf_curve with a radix sort in place of its
// argsort, which is what makes it fast.

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace loupe::eval {

/// Rows sorted by descending score, in one of two layouts chosen by rankScores.
struct RankedScores {
    /// Set when every score is a nonnegative float32 value (model probabilities): one key per row,
    /// ascending, key = ~((float bits << 1) | isPositive), so scores descend and positives come
    /// first within a tie. Otherwise empty.
    std::vector<uint32_t> packed;
    /// Otherwise: the positive and the negative rows' scores, each in descending order.
    std::vector<double> positives;
    std::vector<double> negatives;
    int64_t positiveCount = 0;
    int64_t negativeCount = 0;
};

/// Rows whose label equals positiveClass are positives, all others negatives (sklearn's
/// y_true == pos_label). Throws InputError on empty or mismatched input and on NaN or infinite
/// scores (sklearn's assert_all_finite). -0.0 and 0.0 are the same score.
RankedScores rankScores(std::span<const int> yTrue, std::span<const double> scores,
                        int positiveClass);

/// Twice the area under the ROC curve in units of one positive times one negative (trapezoids
/// over distinct scores), exact in integers; below 2^64 up to about 4e9 rows.
uint64_t twiceRocArea(const RankedScores& ranked);

/// Calls visit(score, positives, negatives) once per distinct score, from the highest to the
/// lowest, with the number of positive and negative rows holding exactly that score.
template <class Visit>
void forEachDistinctScore(const RankedScores& ranked, Visit&& visit) {
    if (!ranked.packed.empty()) {
        const std::vector<uint32_t>& keys = ranked.packed;
        size_t i = 0;
        while (i < keys.size()) {
            const uint32_t scoreBits = ~keys[i] >> 1;
            int64_t tp = 0;
            int64_t fp = 0;
            for (; i < keys.size() && (~keys[i] >> 1) == scoreBits; ++i) {
                const bool positive = (~keys[i] & 1u) != 0;
                tp += positive ? 1 : 0;
                fp += positive ? 0 : 1;
            }
            visit(double(std::bit_cast<float>(scoreBits)), tp, fp);
        }
        return;
    }
    const std::vector<double>& pos = ranked.positives;
    const std::vector<double>& neg = ranked.negatives;
    size_t i = 0;
    size_t j = 0;
    while (i < pos.size() || j < neg.size()) {
        const double score =
            (j == neg.size() || (i < pos.size() && pos[i] >= neg[j])) ? pos[i] : neg[j];
        int64_t tp = 0;
        int64_t fp = 0;
        for (; i < pos.size() && pos[i] == score; ++i) ++tp;
        for (; j < neg.size() && neg[j] == score; ++j) ++fp;
        visit(score, tp, fp);
    }
}

}  // namespace loupe::eval
