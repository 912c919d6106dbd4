#pragma once
// Turning a finished experiment into what the Evaluate view shows: one SplitPredictions per split
// that has rows, in the order train, val, test, each with its report.

#include "core/train/experiment.h"
#include "widgets/evaluate/evaluation_input.h"

namespace loupe::gui {

/// The Evaluate view's input for `result` (its predictions grouped by split, with their reports).
widgets::EvaluationInput evaluationInput(const train::ExperimentResult& result);

}  // namespace loupe::gui
