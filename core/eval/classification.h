#pragma once
// Label metrics computed from a confusion matrix, matched to scikit-learn 1.2: a precision or
// recall whose denominator is zero is 0 (zero_division="warn"), and macro averages run over every
// class, present or not (labels=range(k)).

#include <cstdint>
#include <span>
#include <vector>

#include "core/eval/confusion.h"

namespace loupe::eval {

/// Precision, recall and F1 of one class, and its support (rows whose true label is the class).
struct ClassScores {
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
    int64_t support = 0;
};

/// Precision, recall and F1 averaged over classes.
struct AveragedScores {
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
};

/// Fraction of rows predicted right: sklearn's accuracy_score.
double accuracy(const ConfusionMatrix& counts);

/// Mean recall over the classes present in y_true: sklearn's balanced_accuracy_score, which
/// leaves out classes that are only predicted.
double balancedAccuracy(const ConfusionMatrix& counts);

/// Scores of every class, in class order: sklearn's precision_recall_fscore_support(average=None).
std::vector<ClassScores> perClassScores(const ConfusionMatrix& counts);

/// Unweighted mean over all classes (average="macro").
AveragedScores macroAverage(std::span<const ClassScores> classes);

/// Mean weighted by support (average="weighted"); F1 is averaged, not recomputed from P and R.
AveragedScores weightedAverage(std::span<const ClassScores> classes);

}  // namespace loupe::eval
