#pragma once
// Metrics of predicted probabilities rather than predicted labels, matched to scikit-learn 1.2.

#include <span>

#include "core/matrix.h"

namespace loupe::eval {

/// Mean cross-entropy: sklearn 1.2's log_loss(yTrue, probs, labels=range(k)), which clips each
/// probability to [eps, 1 - eps] (eps = float64 machine epsilon), renormalises the rows, then
/// averages -log p[true class]. probs: [rows, classes], at least 2 classes.
double logLoss(std::span<const int> yTrue, const MatrixD& probs);

/// Mean squared difference between positiveProbs and (label == positiveClass): sklearn's
/// brier_score_loss(pos_label=positiveClass). Throws InputError on a probability outside [0, 1].
double brierScore(std::span<const int> yTrue, std::span<const double> positiveProbs,
                  int positiveClass = 1);

}  // namespace loupe::eval
