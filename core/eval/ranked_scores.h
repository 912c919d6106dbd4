#pragma once
// The sorting step under every ranking metric (ROC, PR, average precision): split the scores by
// label and sort each part in descending order, then walk the distinct scores from the highest.
// This is scikit-learn's _binary_clf_curve without the argsort, which is what makes it fast.

#include <cstdint>
#include <span>
#include <vector>

namespace loupe::eval {

/// The scores of the positive rows and of the negative rows, each sorted in descending order.
struct RankedScores {
    std::vector<double> positives;
    std::vector<double> negatives;
};

/// Rows whose label equals positiveClass are positives, all others negatives (sklearn's
/// y_true == pos_label). Throws InputError on empty or mismatched input and on NaN or infinite
/// scores (sklearn's assert_all_finite). -0.0 and 0.0 are the same score.
RankedScores rankScores(std::span<const int> yTrue, std::span<const double> scores,
                        int positiveClass);

/// Calls visit(score, positives, negatives) once per distinct score, from the highest to the
/// lowest, with the number of positive and negative rows holding exactly that score.
template <class Visit>
void forEachDistinctScore(const RankedScores& ranked, Visit&& visit) {
    const std::vector<double>& pos = ranked.positives;
    const std::vector<double>& neg = ranked.negatives;
    size_t i = 0;
    size_t j = 0;
    while (i < pos.size() || j < neg.size()) {
        const double score =
            (j == neg.size() || (i < pos.size() && pos[i] >= neg[j])) ? pos[i] : neg[j];
        int64_t tp = 0;
        int64_t fp = 0;
        while (i < pos.size() && pos[i] == score) {
            ++i;
            ++tp;
        }
        while (j < neg.size() && neg[j] == score) {
            ++j;
            ++fp;
        }
        visit(score, tp, fp);
    }
}

}  // namespace loupe::eval
