#pragma once
// A binary classifier read at a chosen decision threshold, and the confusion-matrix views the
// evaluation screens need (cells as row lists, row-normalized rates).

#include <cstddef>
#include <span>
#include <vector>

#include "core/eval/confusion.h"
#include "core/matrix.h"

namespace loupe::eval {

/// A binary model's counts and positive-class scores at one threshold.
struct ThresholdScores {
    ConfusionMatrix counts;  ///< [2, 2], rows true class, columns predicted; class 1 is positive
    double precision = 0.0;  ///< of the positive class; 0 when nothing is predicted positive
    double recall = 0.0;     ///< of the positive class; 0 when no row is positive
    double f1 = 0.0;         ///< harmonic mean of precision and recall; 0 when both are 0
    double accuracy = 0.0;   ///< fraction of rows predicted right
};

/// Class per row when a row is predicted positive (1) if its score >= threshold, else negative
/// (0): the convention of sklearn's roc_curve thresholds. Throws InputError on a NaN score.
std::vector<int> predictAtThreshold(std::span<const double> scores, double threshold);

/// Counts and scores at `threshold` for labels 0 (negative) and 1 (positive), with precision and
/// recall set to 0 where sklearn's zero_division="warn" gives 0. Throws InputError on empty or
/// mismatched input or a label other than 0 and 1.
ThresholdScores scoresAtThreshold(std::span<const int> yTrue, std::span<const double> scores,
                                  double threshold);

/// Positions i where yTrue[i] == trueClass and yPred[i] == predictedClass, ascending: the rows
/// behind one confusion-matrix cell. Throws InputError when the lengths differ.
std::vector<size_t> rowsInCell(std::span<const int> yTrue, std::span<const int> yPred,
                               int trueClass, int predictedClass);

/// Each row divided by its sum, as sklearn's confusion_matrix(normalize="true"); an empty row
/// (a class with no true rows) stays 0 where sklearn would divide by zero.
MatrixD normalizeRows(const ConfusionMatrix& counts);

}  // namespace loupe::eval
