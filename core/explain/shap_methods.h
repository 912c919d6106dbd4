#pragma once
// The per-row SHAP estimators behind computeShap(). Each fills phi and its standard error for
// one explained row, given v(empty) and v(full) already evaluated.

#include <cstdint>
#include <random>
#include <span>

#include "core/explain/coalition_values.h"

namespace loupe::explain {

/// What every estimator gets for one row.
struct RowProblem {
    CoalitionValues& values;
    const float* x;     ///< [inputs]
    double empty = 0;   ///< v(no feature) = the base value
    double full = 0;    ///< v(all features) = f(x)
};

/// All 2^M coalitions; exact Shapley weights. phi: [M].
void exactShap(RowProblem& problem, std::span<double> phi);
/// KernelSHAP with `samples` coalitions (all of them when the budget covers them). phi, se: [M].
void kernelShap(RowProblem& problem, int64_t samples, std::mt19937_64& rng, std::span<double> phi,
                std::span<double> se);
/// Antithetic permutation sampling with about `samples` coalition evaluations. phi, se: [M].
void permutationShap(RowProblem& problem, int64_t samples, std::mt19937_64& rng,
                     std::span<double> phi, std::span<double> se);

}  // namespace loupe::explain
