#include "core/search/gaussian_process.h"

#include <Eigen/Cholesky>
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace loupe::search {

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

/// Where each dimension sits in the unit cube: one coordinate per range, one per choice.
struct Group {
    Index at = 0;
    Index width = 1;
    bool choice = false;
};

std::vector<Group> groupsOf(const SearchSpace& space) {
    std::vector<Group> groups;
    Index at = 0;
    for (const Dimension& d : space.dimensions) {
        const bool choice = d.scale == Scale::Choice;
        const Index width = choice ? static_cast<Index>(d.choices.size()) : 1;
        groups.push_back({at, width, choice});
        at += width;
    }
    return groups;
}

Index cubeWidth(const std::vector<Group>& groups) {
    return groups.empty() ? 0 : groups.back().at + groups.back().width;
}

VectorXd toCube(const SearchSpace& space, const std::vector<Group>& groups,
                const nlohmann::json& params) {
    VectorXd x = VectorXd::Zero(cubeWidth(groups));
    for (size_t i = 0; i < groups.size(); ++i) {
        const Dimension& d = space.dimensions[i];
        const double position = d.position(params.at(d.name));
        if (groups[i].choice) x(groups[i].at + static_cast<Index>(position)) = 1.0;
        else x(groups[i].at) = std::clamp(position, 0.0, 1.0);
    }
    return x;
}

nlohmann::json fromCube(const SearchSpace& space, const std::vector<Group>& groups,
                        const VectorXd& x) {
    nlohmann::json point = nlohmann::json::object();
    for (size_t i = 0; i < groups.size(); ++i) {
        const Dimension& d = space.dimensions[i];
        if (groups[i].choice) {
            Index best = 0;
            x.segment(groups[i].at, groups[i].width).maxCoeff(&best);
            point[d.name] = d.choices[static_cast<size_t>(best)];
        } else {
            point[d.name] = d.valueAt(x(groups[i].at));
        }
    }
    return point;
}

/// `x` moved a little: ranges by N(0, 0.08) clipped to [0, 1], each choice re-drawn with
/// probability 0.2.
VectorXd perturb(const std::vector<Group>& groups, VectorXd x, std::mt19937_64& rng) {
    std::normal_distribution<double> step(0.0, 0.08);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (const Group& g : groups) {
        if (!g.choice) {
            x(g.at) = std::clamp(x(g.at) + step(rng), 0.0, 1.0);
        } else if (unit(rng) < 0.2) {
            x.segment(g.at, g.width).setZero();
            x(g.at + std::min<Index>(g.width - 1, static_cast<Index>(unit(rng) * static_cast<double>(g.width)))) = 1.0;
        }
    }
    return x;
}

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

/// The z with normalCdf(z) = p, by bisection (p in (0, 1); tens of values per proposal).
double normalQuantile(double p) {
    double low = -10.0, high = 10.0;
    for (int i = 0; i < 80; ++i) {
        const double mid = 0.5 * (low + high);
        (normalCdf(mid) < p ? low : high) = mid;
    }
    return 0.5 * (low + high);
}

/// Validation metrics are heavy-tailed (a learning rate far too low gives an R^2 of -6 beside
/// the 0.93 that matters): standardising them would squeeze the good trials together. The model
/// sees normal scores of their ranks instead (a Gaussian copula; ties share their mean rank), so
/// only the order counts.
VectorXd normalScores(const VectorXd& y) {
    const Index n = y.size();
    std::vector<Index> order(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
    std::sort(order.begin(), order.end(), [&](Index a, Index b) { return y(a) < y(b); });
    VectorXd z(n);
    for (Index i = 0; i < n;) {
        Index j = i;
        while (j + 1 < n && y(order[static_cast<size_t>(j + 1)]) == y(order[static_cast<size_t>(i)])) ++j;
        const double rank = 0.5 * static_cast<double>(i + j) + 0.5;  // mean of i..j, 0-based, + 0.5
        for (Index k = i; k <= j; ++k)
            z(order[static_cast<size_t>(k)]) = normalQuantile(rank / static_cast<double>(n));
        i = j + 1;
    }
    return z;
}

/// A Matern 5/2 process with one length scale per dimension (ARD: a dimension that does not
/// matter gets a long one) and a noise level, over the cube.
struct Gp {
    MatrixXd x;      ///< observed points, one per row
    VectorXd scale;  ///< length scale per cube coordinate (shared within a choice)
    double noise = 1e-4;
    Eigen::LLT<MatrixXd> chol;
    VectorXd alpha;

    double k(const VectorXd& a, const VectorXd& b) const {
        const double s = std::sqrt(5.0) * ((a - b).array() / scale.array()).matrix().norm();
        return (1.0 + s + s * s / 3.0) * std::exp(-s);
    }

    /// Fits to `y`; returns the log marginal likelihood (-inf when singular).
    double fit(const VectorXd& y) {
        const Index n = x.rows();
        MatrixXd kernel(n, n);
        for (Index i = 0; i < n; ++i)
            for (Index j = 0; j <= i; ++j)
                kernel(i, j) = kernel(j, i) = k(x.row(i).transpose(), x.row(j).transpose());
        kernel.diagonal().array() += noise;
        chol.compute(kernel);
        if (chol.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
        alpha = chol.solve(y);
        const double logDet = 2.0 * chol.matrixLLT().diagonal().array().log().sum();
        return -0.5 * y.dot(alpha) - 0.5 * logDet;
    }

    void predict(const VectorXd& at, double& mean, double& sd) const {
        VectorXd ks(x.rows());
        for (Index i = 0; i < x.rows(); ++i) ks(i) = k(at, x.row(i).transpose());
        mean = ks.dot(alpha);
        const VectorXd v = chol.matrixL().solve(ks);
        sd = std::sqrt(std::max(1e-12, 1.0 + noise - v.squaredNorm()));
    }
};

/// Length scales (per dimension) and noise by marginal likelihood, coordinate by coordinate over
/// a grid, with a weak log-normal prior around 0.5 so a handful of points cannot pick extremes.
void chooseHyperparameters(Gp& gp, const std::vector<Group>& groups, const VectorXd& y) {
    constexpr double kScales[] = {0.05, 0.1, 0.2, 0.35, 0.6, 1.0, 2.0, 5.0};
    constexpr double kNoises[] = {1e-6, 1e-4, 1e-3, 1e-2, 0.03, 0.1, 0.3};
    std::vector<double> chosen(groups.size(), 0.35);
    const auto score = [&] {
        for (size_t i = 0; i < groups.size(); ++i)
            gp.scale.segment(groups[i].at, groups[i].width).setConstant(chosen[i]);
        double prior = 0.0;
        for (const double s : chosen) prior -= 0.5 * std::pow(std::log(s / 0.5) / 1.5, 2.0);
        return gp.fit(y) + prior;
    };
    gp.scale = VectorXd::Constant(gp.x.cols(), 0.35);
    double best = -std::numeric_limits<double>::infinity();
    double bestNoise = gp.noise;
    const auto tryNoises = [&] {
        for (const double noise : kNoises) {
            gp.noise = noise;
            const double value = score();
            if (value > best + 1e-9) {
                best = value;
                bestNoise = noise;
            }
        }
        gp.noise = bestNoise;
    };
    tryNoises();
    for (int sweep = 0; sweep < 3; ++sweep) {
        bool moved = false;
        for (size_t i = 0; i < groups.size(); ++i) {
            double kept = chosen[i];
            for (const double s : kScales) {
                chosen[i] = s;
                const double value = score();
                if (value > best + 1e-9) {
                    best = value;
                    moved |= s != kept;
                    kept = s;
                }
            }
            chosen[i] = kept;
        }
        const double noiseBefore = gp.noise;
        tryNoises();
        moved |= gp.noise != noiseBefore;
        if (!moved) break;
    }
    score();
}

double expectedImprovement(const Gp& gp, const VectorXd& at, double best) {
    constexpr double kExplore = 0.01;  // in the normal scores' units: a slight push to explore
    double mean = 0.0, sd = 0.0;
    gp.predict(at, mean, sd);
    const double z = (mean - best - kExplore) / sd;
    const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
    return (mean - best - kExplore) * normalCdf(z) + sd * pdf;
}

/// Hill-climbs expected improvement from `x`: each round tries every range coordinate moved by
/// a few steps or put on either bound (optima often sit on a bound of the range), and every
/// other value of every choice, and takes the best move, until none improves.
/// Points `tried` says were tried already score -1.
template <typename Tried>
VectorXd climb(const Gp& gp, const std::vector<Group>& groups, VectorXd x, double best,
               const Tried& tried, double& ei) {
    constexpr double kSteps[] = {-0.25, -0.08, -0.02, 0.02, 0.08, 0.25};
    const auto score = [&](const VectorXd& at) {
        return tried(at) ? -1.0 : expectedImprovement(gp, at, best);
    };
    ei = score(x);
    for (int round = 0; round < 30; ++round) {
        VectorXd bestMove = x;
        double bestEi = ei;
        const auto consider = [&](const VectorXd& candidate) {
            const double value = score(candidate);
            if (value > bestEi) {
                bestEi = value;
                bestMove = candidate;
            }
        };
        for (const Group& g : groups) {
            VectorXd candidate = x;
            if (g.choice) {
                for (Index c = 0; c < g.width; ++c) {
                    if (x(g.at + c) == 1.0) continue;
                    candidate.segment(g.at, g.width).setZero();
                    candidate(g.at + c) = 1.0;
                    consider(candidate);
                }
                continue;
            }
            for (const double step : kSteps) {
                candidate(g.at) = std::clamp(x(g.at) + step, 0.0, 1.0);
                consider(candidate);
            }
            for (const double bound : {0.0, 1.0}) {
                candidate(g.at) = bound;
                consider(candidate);
            }
        }
        if (!(bestEi > ei * (1.0 + 1e-9) + 1e-15)) break;
        x = bestMove;
        ei = bestEi;
    }
    return x;
}

}  // namespace

nlohmann::json proposeGp(const SearchSpace& space, const std::vector<Observation>& history,
                         const std::vector<nlohmann::json>& pending, std::mt19937_64& rng) {
    if (history.size() < 2) return space.sample(rng);
    const std::vector<Group> groups = groupsOf(space);
    const auto n = static_cast<Index>(history.size());
    Gp gp;
    gp.x.resize(n, cubeWidth(groups));
    VectorXd raw(n);
    for (Index i = 0; i < n; ++i) {
        gp.x.row(i) = toCube(space, groups, history[static_cast<size_t>(i)].params).transpose();
        raw(i) = history[static_cast<size_t>(i)].value;
    }
    VectorXd y = normalScores(raw);
    chooseHyperparameters(gp, groups, y);

    // Kriging believer: pending points observed at the model's mean.
    if (!pending.empty()) {
        MatrixXd grown(n + static_cast<Index>(pending.size()), gp.x.cols());
        grown.topRows(n) = gp.x;
        VectorXd grownY(grown.rows());
        grownY.head(n) = y;
        for (size_t i = 0; i < pending.size(); ++i) {
            const VectorXd p = toCube(space, groups, pending[i]);
            double m = 0.0, s = 0.0;
            gp.predict(p, m, s);
            grown.row(n + static_cast<Index>(i)) = p.transpose();
            grownY(n + static_cast<Index>(i)) = m;
        }
        gp.x = grown;
        gp.fit(grownY);
        y = grownY;
    }

    // Expected improvement: scored on random points and perturbations of the best trials, then
    // the most promising few climbed.
    const double best = y.maxCoeff();
    std::vector<VectorXd> candidates;
    for (int i = 0; i < 1000; ++i) candidates.push_back(toCube(space, groups, space.sample(rng)));
    std::vector<Index> order(static_cast<size_t>(y.size()));
    for (Index i = 0; i < y.size(); ++i) order[static_cast<size_t>(i)] = i;
    std::sort(order.begin(), order.end(), [&](Index a, Index b) { return y(a) > y(b); });
    for (size_t top = 0; top < std::min<size_t>(5, order.size()); ++top)
        for (int i = 0; i < 200; ++i)
            candidates.push_back(perturb(groups, gp.x.row(order[top]).transpose(), rng));
    std::vector<std::pair<double, size_t>> scored;
    for (size_t i = 0; i < candidates.size(); ++i)
        scored.emplace_back(expectedImprovement(gp, candidates[i], best), i);
    const size_t starts = std::min<size_t>(8, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(starts),
                      scored.end(), std::greater<>());
    // A trial trains with the search's seed, so trying a point again would give the same value:
    // points tried or pending are out.
    const auto tried = [&](const VectorXd& x) {
        const nlohmann::json point = fromCube(space, groups, x);
        for (const Observation& o : history)
            if (o.params == point) return true;
        return std::find(pending.begin(), pending.end(), point) != pending.end();
    };
    double chosenEi = -1.0;
    VectorXd chosen;
    for (size_t i = 0; i < starts; ++i) {
        double ei = 0.0;
        VectorXd x = climb(gp, groups, candidates[scored[i].second], best, tried, ei);
        if (ei > chosenEi) {
            chosenEi = ei;
            chosen = std::move(x);
        }
    }
    if (chosenEi >= 0.0) return fromCube(space, groups, chosen);
    return space.sample(rng);
}

}  // namespace loupe::search
