#pragma once
// Compensated summation for the means that are compared with scikit-learn to 1e-9: numpy sums
// pairwise, a plain loop drifts by n * eps on long inputs, Neumaier's sum stays within a few ulp.

#include <cmath>

namespace loupe::eval {

/// Neumaier (improved Kahan-Babuska) running sum of doubles.
class StableSum {
public:
    /// Adds one term.
    void add(double value) {
        const double t = m_sum + value;
        if (std::abs(m_sum) >= std::abs(value)) {
            m_compensation += (m_sum - t) + value;
        } else {
            m_compensation += (value - t) + m_sum;
        }
        m_sum = t;
    }
    /// The sum of every term added so far.
    double value() const { return m_sum + m_compensation; }

private:
    double m_sum = 0.0;
    double m_compensation = 0.0;
};

}  // namespace loupe::eval
