// Exact SHAP over all coalitions and antithetic permutation sampling.

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/explain/shap_methods.h"

namespace loupe::explain {

void exactShap(RowProblem& problem, std::span<double> phi) {
    const int64_t m = problem.values.features();
    const int64_t count = int64_t{1} << m;
    std::vector<uint8_t> masks(static_cast<size_t>(count * m));
    for (int64_t s = 0; s < count; ++s)
        for (int64_t j = 0; j < m; ++j) masks[s * m + j] = (s >> j) & 1;
    std::vector<double> v(count);
    problem.values.evaluate(problem.x, masks.data(), count, v.data());
    // The ends are the base value and f(x) as reported, so the values add up to exactly them.
    v.front() = problem.empty;
    v.back() = problem.full;

    // Shapley weight of a coalition of size s that leaves out j: s! (m - s - 1)! / m!
    // = 1 / (m * C(m - 1, s)).
    std::vector<double> weight(m);
    double choose = 1.0;  // C(m - 1, s)
    for (int64_t s = 0; s < m; ++s) {
        weight[s] = 1.0 / (static_cast<double>(m) * choose);
        choose = choose * static_cast<double>(m - 1 - s) / static_cast<double>(s + 1);
    }
    std::fill(phi.begin(), phi.end(), 0.0);
    // The full coalition (s = count - 1) leaves no feature out, so it adds nothing; stopping
    // before it also keeps popcount(s) < m inside `weight`.
    for (int64_t s = 0; s < count - 1; ++s) {
        const double w = weight[std::popcount(static_cast<uint64_t>(s))];
        for (int64_t j = 0; j < m; ++j)
            if (!((s >> j) & 1)) phi[j] += w * (v[s | (int64_t{1} << j)] - v[s]);
    }
}

void permutationShap(RowProblem& problem, int64_t samples, std::mt19937_64& rng,
                     std::span<double> phi, std::span<double> se) {
    const int64_t m = problem.values.features();
    // Each permutation costs m - 1 new coalitions (the empty and full ones are shared). They come
    // in antithetic pairs, a permutation and its reverse (Strumbelj & Kononenko 2014; Mitchell et
    // al. 2022): a feature early in one is late in the other, which cancels much of the variance.
    const int64_t pairs = std::max<int64_t>(1, samples / (2 * std::max<int64_t>(1, m - 1)));
    const int64_t perms = 2 * pairs;
    std::vector<std::vector<int64_t>> order(perms, std::vector<int64_t>(m));
    for (int64_t p = 0; p < perms; p += 2) {
        std::iota(order[p].begin(), order[p].end(), 0);
        for (int64_t i = m - 1; i > 0; --i)
            std::swap(order[p][i], order[p][rng() % static_cast<uint64_t>(i + 1)]);
        std::reverse_copy(order[p].begin(), order[p].end(), order[p + 1].begin());
    }
    const int64_t steps = m - 1;  // prefixes of sizes 1 .. m - 1
    std::vector<uint8_t> masks(static_cast<size_t>(perms * steps * m), 0);
    for (int64_t p = 0; p < perms; ++p)
        for (int64_t k = 0; k < steps; ++k) {
            uint8_t* mask = masks.data() + (p * steps + k) * m;
            for (int64_t i = 0; i <= k; ++i) mask[order[p][i]] = 1;
        }
    std::vector<double> v(perms * steps);
    problem.values.evaluate(problem.x, masks.data(), perms * steps, v.data());

    // Marginal contributions per pair (the mean of the permutation and its reverse), so the
    // standard error counts pairs as the independent samples they are.
    std::vector<double> sum(m, 0.0), sumSq(m, 0.0), pair(m, 0.0);
    for (int64_t p = 0; p < perms; ++p) {
        double before = problem.empty;
        for (int64_t k = 0; k < m; ++k) {
            const double after = k < steps ? v[p * steps + k] : problem.full;
            pair[order[p][k]] += 0.5 * (after - before);
            before = after;
        }
        if (p % 2 == 1) {
            for (int64_t j = 0; j < m; ++j) {
                sum[j] += pair[j];
                sumSq[j] += pair[j] * pair[j];
                pair[j] = 0.0;
            }
        }
    }
    const double n = static_cast<double>(pairs);
    for (int64_t j = 0; j < m; ++j) {
        phi[j] = sum[j] / n;
        const double variance = pairs > 1 ? std::max(0.0, (sumSq[j] - n * phi[j] * phi[j]) / (n - 1))
                                          : 0.0;
        se[j] = pairs > 1 ? std::sqrt(variance / n) : std::nan("");
    }
}

}  // namespace loupe::explain
