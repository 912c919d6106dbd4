// KernelSHAP (Lundberg & Lee 2017): SHAP values as the weighted least-squares fit of an additive
// model to v(S) over coalitions, with the Shapley kernel as weights and the efficiency constraint
// sum(phi) = v(full) - v(empty) solved exactly by eliminating the last feature's value.

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <Eigen/Dense>

#include "core/error.h"
#include "core/explain/shap_methods.h"

namespace loupe::explain {
namespace {

/// Coalitions, their regression weights and their jackknife groups.
struct Design {
    std::vector<uint8_t> masks;  ///< [count, m]
    std::vector<double> weight;
    std::vector<int64_t> group;
    int64_t count = 0;
    int64_t groups = 1;
};

/// The Shapley kernel (m - 1) / (C(m, s) s (m - s)) for each coalition size s in 1 .. m - 1.
std::vector<double> shapleyKernel(int64_t m) {
    std::vector<double> kernel(m, 0.0);
    for (int64_t s = 1; s < m; ++s) {
        const double choose = std::exp(std::lgamma(m + 1.0) - std::lgamma(s + 1.0) -
                                       std::lgamma(m - s + 1.0));
        kernel[s] = (m - 1.0) / (choose * static_cast<double>(s) * static_cast<double>(m - s));
    }
    return kernel;
}

Design enumerateAll(int64_t m) {
    const std::vector<double> kernel = shapleyKernel(m);
    Design d;
    d.count = (int64_t{1} << m) - 2;
    d.masks.resize(static_cast<size_t>(d.count * m));
    for (int64_t i = 0; i < d.count; ++i) {
        const int64_t s = i + 1;
        for (int64_t j = 0; j < m; ++j) d.masks[i * m + j] = (s >> j) & 1;
        d.weight.push_back(kernel[std::popcount(static_cast<uint64_t>(s))]);
        d.group.push_back(0);
    }
    return d;
}

/// Paired sampling (Covert & Lee 2021): a coalition size drawn with probability proportional to
/// the kernel's total mass at that size, (m - 1) / (s (m - s)), then a uniform coalition of that
/// size and its complement. Sampled from the kernel, every coalition gets regression weight 1.
Design samplePairs(int64_t m, int64_t samples, std::mt19937_64& rng) {
    constexpr int64_t kJackknifeGroups = 8;
    std::vector<double> sizeMass(m, 0.0);
    for (int64_t s = 1; s < m; ++s) sizeMass[s] = 1.0 / static_cast<double>(s * (m - s));
    std::discrete_distribution<int64_t> size(sizeMass.begin(), sizeMass.end());
    Design d;
    const int64_t pairs = samples / 2;
    d.count = 2 * pairs;
    d.groups = std::min(kJackknifeGroups, pairs);
    d.masks.assign(static_cast<size_t>(d.count * m), 0);
    std::vector<int64_t> features(m);
    std::iota(features.begin(), features.end(), 0);
    for (int64_t p = 0; p < pairs; ++p) {
        const int64_t s = size(rng);
        for (int64_t i = 0; i < s; ++i)
            std::swap(features[i], features[i + rng() % static_cast<uint64_t>(m - i)]);
        uint8_t* mask = d.masks.data() + 2 * p * m;
        uint8_t* complement = mask + m;
        std::fill(complement, complement + m, 1);
        for (int64_t i = 0; i < s; ++i) {
            mask[features[i]] = 1;
            complement[features[i]] = 0;
        }
        for (int k = 0; k < 2; ++k) {
            d.weight.push_back(1.0);
            d.group.push_back(p % d.groups);
        }
    }
    return d;
}

/// Solves the constrained fit from normal equations. A: [m-1, m-1], b: [m-1]; phi: [m].
void solveConstrained(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, double delta,
                      std::span<double> phi) {
    const Eigen::VectorXd head = a.ldlt().solve(b);
    const int64_t m = static_cast<int64_t>(phi.size());
    for (int64_t j = 0; j + 1 < m; ++j) phi[j] = head[j];
    phi[m - 1] = delta - head.sum();
}

}  // namespace

void kernelShap(RowProblem& problem, int64_t samples, std::mt19937_64& rng, std::span<double> phi,
                std::span<double> se) {
    const int64_t m = problem.values.features();
    const bool enumerate = m < 31 && samples >= (int64_t{1} << m) - 2;
    if (!enumerate && samples < 2 * m)
        throw InputError("kernel SHAP over " + std::to_string(m) + " features needs at least " +
                         std::to_string(2 * m) + " samples");
    const Design d = enumerate ? enumerateAll(m) : samplePairs(m, samples, rng);
    std::vector<double> v(d.count);
    problem.values.evaluate(problem.x, d.masks.data(), d.count, v.data());

    // Eliminating phi[m-1] = delta - sum(phi[0..m-2]) turns the constrained fit into an ordinary
    // weighted least-squares problem in m - 1 unknowns: rows z_j - z_last, targets
    // v - v(empty) - z_last * delta.
    const double delta = problem.full - problem.empty;
    std::vector<Eigen::MatrixXd> a(d.groups, Eigen::MatrixXd::Zero(m - 1, m - 1));
    std::vector<Eigen::VectorXd> b(d.groups, Eigen::VectorXd::Zero(m - 1));
    Eigen::VectorXd row(m - 1);
    for (int64_t i = 0; i < d.count; ++i) {
        const uint8_t* z = d.masks.data() + i * m;
        for (int64_t j = 0; j + 1 < m; ++j) row[j] = double(z[j]) - double(z[m - 1]);
        const double y = v[i] - problem.empty - double(z[m - 1]) * delta;
        a[d.group[i]].selfadjointView<Eigen::Lower>().rankUpdate(row, d.weight[i]);
        b[d.group[i]] += d.weight[i] * y * row;
    }
    Eigen::MatrixXd aAll = Eigen::MatrixXd::Zero(m - 1, m - 1);
    Eigen::VectorXd bAll = Eigen::VectorXd::Zero(m - 1);
    for (int64_t g = 0; g < d.groups; ++g) {
        aAll += a[g].selfadjointView<Eigen::Lower>().toDenseMatrix();
        bAll += b[g];
    }
    solveConstrained(aAll, bAll, delta, phi);
    if (enumerate || d.groups < 2) {
        std::fill(se.begin(), se.end(), enumerate ? 0.0 : std::nan(""));
        return;
    }
    // Delete-a-group jackknife: refit without each group of pairs; the spread of those fits
    // estimates the sampling error at the cost of `groups` small solves, not a bootstrap's refits
    // over all samples.
    const double k = static_cast<double>(d.groups);
    std::vector<double> leaveOut(m), mean(m, 0.0), sumSq(m, 0.0);
    for (int64_t g = 0; g < d.groups; ++g) {
        solveConstrained(aAll - a[g].selfadjointView<Eigen::Lower>().toDenseMatrix(),
                         bAll - b[g], delta, leaveOut);
        for (int64_t j = 0; j < m; ++j) {
            mean[j] += leaveOut[j] / k;
            sumSq[j] += leaveOut[j] * leaveOut[j];
        }
    }
    for (int64_t j = 0; j < m; ++j)
        se[j] = std::sqrt(std::max(0.0, (k - 1.0) / k * (sumSq[j] - k * mean[j] * mean[j])));
}

}  // namespace loupe::explain
