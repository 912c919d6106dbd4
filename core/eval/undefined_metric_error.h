#pragma once
// The error a metric throws where scikit-learn raises because the metric is undefined on the given
// rows (ROC-AUC with one class present, ...). It is an InputError, so callers that do not care
// treat it as bad input; classificationReport catches exactly this one and writes null.

#include <string>

#include "core/error.h"

namespace loupe::eval {

/// A metric that has no value on these rows, e.g. ROC-AUC when y_true holds a single class.
class UndefinedMetricError : public InputError {
public:
    /// message: why the metric is undefined, e.g. "ROC AUC needs both classes in y_true".
    explicit UndefinedMetricError(const std::string& message) : InputError(message) {}
};

}  // namespace loupe::eval
