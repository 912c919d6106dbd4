#include "core/search/gaussian_process.h"

#include <Eigen/Cholesky>
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace loupe::search {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

/// Width of a point in the unit cube: one coordinate per range, one per choice.
Eigen::Index cubeWidth(const SearchSpace& space) {
    Eigen::Index width = 0;
    for (const Dimension& d : space.dimensions)
        width += d.scale == Scale::Choice ? static_cast<Eigen::Index>(d.choices.size()) : 1;
    return width;
}

VectorXd toCube(const SearchSpace& space, const nlohmann::json& params) {
    VectorXd x = VectorXd::Zero(cubeWidth(space));
    Eigen::Index at = 0;
    for (const Dimension& d : space.dimensions) {
        if (d.scale == Scale::Choice) {
            x(at + static_cast<Eigen::Index>(d.position(params.at(d.name)))) = 1.0;
            at += static_cast<Eigen::Index>(d.choices.size());
        } else {
            x(at++) = std::clamp(d.position(params.at(d.name)), 0.0, 1.0);
        }
    }
    return x;
}

nlohmann::json fromCube(const SearchSpace& space, const VectorXd& x) {
    nlohmann::json point = nlohmann::json::object();
    Eigen::Index at = 0;
    for (const Dimension& d : space.dimensions) {
        if (d.scale == Scale::Choice) {
            Eigen::Index best = 0;
            x.segment(at, static_cast<Eigen::Index>(d.choices.size())).maxCoeff(&best);
            point[d.name] = d.choices[static_cast<size_t>(best)];
            at += static_cast<Eigen::Index>(d.choices.size());
        } else {
            point[d.name] = d.valueAt(x(at++));
        }
    }
    return point;
}

/// A random point of the cube that is a valid point of the space (one-hot choices).
VectorXd randomCube(const SearchSpace& space, std::mt19937_64& rng) {
    return toCube(space, space.sample(rng));
}

/// `x` moved a little: ranges by N(0, 0.08) clipped to [0, 1], each choice re-drawn with
/// probability 0.2.
VectorXd perturb(const SearchSpace& space, VectorXd x, std::mt19937_64& rng) {
    std::normal_distribution<double> step(0.0, 0.08);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Eigen::Index at = 0;
    for (const Dimension& d : space.dimensions) {
        if (d.scale == Scale::Choice) {
            const auto n = static_cast<Eigen::Index>(d.choices.size());
            if (unit(rng) < 0.2) {
                x.segment(at, n).setZero();
                x(at + std::min<Eigen::Index>(n - 1, static_cast<Eigen::Index>(unit(rng) * n))) = 1.0;
            }
            at += n;
        } else {
            x(at) = std::clamp(x(at) + step(rng), 0.0, 1.0);
            ++at;
        }
    }
    return x;
}

double matern52(double r, double lengthScale) {
    const double s = std::sqrt(5.0) * r / lengthScale;
    return (1.0 + s + s * s / 3.0) * std::exp(-s);
}

struct Gp {
    MatrixXd x;  ///< observed points, one per row
    double lengthScale = 0.3;
    double noise = 1e-4;
    Eigen::LLT<MatrixXd> chol;
    VectorXd alpha;

    double k(const VectorXd& a, const VectorXd& b) const {
        return matern52((a - b).norm(), lengthScale);
    }

    /// Fits to standardised `y`; returns the log marginal likelihood (-inf when singular).
    double fit(const VectorXd& y) {
        const Eigen::Index n = x.rows();
        MatrixXd kernel(n, n);
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j <= i; ++j)
                kernel(i, j) = kernel(j, i) = k(x.row(i).transpose(), x.row(j).transpose());
        kernel.diagonal().array() += noise;
        chol.compute(kernel);
        if (chol.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
        alpha = chol.solve(y);
        const double logDet = 2.0 * chol.matrixL().toDenseMatrix().diagonal().array().log().sum();
        return -0.5 * y.dot(alpha) - 0.5 * logDet;
    }

    void predict(const VectorXd& at, double& mean, double& sd) const {
        VectorXd ks(x.rows());
        for (Eigen::Index i = 0; i < x.rows(); ++i) ks(i) = k(at, x.row(i).transpose());
        mean = ks.dot(alpha);
        const VectorXd v = chol.matrixL().solve(ks);
        sd = std::sqrt(std::max(1e-12, 1.0 + noise - v.squaredNorm()));
    }
};

double expectedImprovement(double mean, double sd, double best) {
    constexpr double kExplore = 0.01;  // in standardised units: a slight push to explore
    const double z = (mean - best - kExplore) / sd;
    const double cdf = 0.5 * std::erfc(-z / std::numbers::sqrt2);
    const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
    return (mean - best - kExplore) * cdf + sd * pdf;
}

}  // namespace

nlohmann::json proposeGp(const SearchSpace& space, const std::vector<Observation>& history,
                         const std::vector<nlohmann::json>& pending, std::mt19937_64& rng) {
    if (history.size() < 2) return space.sample(rng);
    const auto n = static_cast<Eigen::Index>(history.size());
    Gp gp;
    gp.x.resize(n, cubeWidth(space));
    VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        gp.x.row(i) = toCube(space, history[static_cast<size_t>(i)].params).transpose();
        y(i) = history[static_cast<size_t>(i)].value;
    }
    const double mean = y.mean();
    const double sd = std::max(1e-12, std::sqrt((y.array() - mean).square().mean()));
    y = (y.array() - mean) / sd;

    // Length scale and noise by marginal likelihood over a small grid.
    double bestLikelihood = -std::numeric_limits<double>::infinity();
    double bestScale = 0.3, bestNoise = 1e-4;
    for (const double scale : {0.05, 0.1, 0.2, 0.35, 0.6, 1.0, 2.0})
        for (const double noise : {1e-6, 1e-4, 1e-2, 0.1}) {
            gp.lengthScale = scale;
            gp.noise = noise;
            const double likelihood = gp.fit(y);
            if (likelihood > bestLikelihood) {
                bestLikelihood = likelihood;
                bestScale = scale;
                bestNoise = noise;
            }
        }
    gp.lengthScale = bestScale;
    gp.noise = bestNoise;
    gp.fit(y);

    // Kriging believer: pending points observed at the model's mean.
    if (!pending.empty()) {
        MatrixXd grown(n + static_cast<Eigen::Index>(pending.size()), gp.x.cols());
        grown.topRows(n) = gp.x;
        VectorXd grownY(grown.rows());
        grownY.head(n) = y;
        for (size_t i = 0; i < pending.size(); ++i) {
            const VectorXd p = toCube(space, pending[i]);
            double m = 0.0, s = 0.0;
            gp.predict(p, m, s);
            grown.row(n + static_cast<Eigen::Index>(i)) = p.transpose();
            grownY(n + static_cast<Eigen::Index>(i)) = m;
        }
        gp.x = grown;
        gp.fit(grownY);
        y = grownY;
    }

    const double best = y.maxCoeff();
    std::vector<VectorXd> candidates;
    for (int i = 0; i < 1000; ++i) candidates.push_back(randomCube(space, rng));
    std::vector<Eigen::Index> order(static_cast<size_t>(y.size()));
    for (Eigen::Index i = 0; i < y.size(); ++i) order[static_cast<size_t>(i)] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return y(a) > y(b); });
    for (size_t top = 0; top < std::min<size_t>(5, order.size()); ++top)
        for (int i = 0; i < 200; ++i)
            candidates.push_back(perturb(space, gp.x.row(order[top]).transpose(), rng));

    double bestEi = -1.0;
    size_t chosen = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        double m = 0.0, s = 0.0;
        gp.predict(candidates[i], m, s);
        const double ei = expectedImprovement(m, s, best);
        if (ei > bestEi) {
            bestEi = ei;
            chosen = i;
        }
    }
    return fromCube(space, candidates[chosen]);
}

}  // namespace loupe::search
