#include "core/search/tpe.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace loupe::search {

namespace {

/// A 1-D Parzen density over [0, 1] as hyperopt's adaptive Parzen estimator: a Gaussian kernel
/// at each point whose width is the larger gap to its neighbours (the range's ends count as
/// neighbours), clipped to [1 / min(100, n + 1), 1], plus a broad prior kernel (mean 0.5, width 1)
/// so no region ever has zero density.
struct Parzen {
    std::vector<double> mus, sigmas;

    explicit Parzen(std::vector<double> points) {
        std::sort(points.begin(), points.end());
        const double n = static_cast<double>(points.size());
        const double minSigma = 1.0 / std::min(100.0, n + 1.0);
        for (size_t i = 0; i < points.size(); ++i) {
            const double left = points[i] - (i == 0 ? 0.0 : points[i - 1]);
            const double right = (i + 1 == points.size() ? 1.0 : points[i + 1]) - points[i];
            mus.push_back(points[i]);
            sigmas.push_back(std::clamp(std::max(left, right), minSigma, 1.0));
        }
        mus.push_back(0.5);
        sigmas.push_back(1.0);
    }

    double density(double x) const {
        double sum = 0.0;
        for (size_t i = 0; i < mus.size(); ++i) {
            const double z = (x - mus[i]) / sigmas[i];
            sum += std::exp(-0.5 * z * z) / (sigmas[i] * std::sqrt(2.0 * std::numbers::pi));
        }
        return sum / static_cast<double>(mus.size());
    }

    double sample(std::mt19937_64& rng) const {
        std::uniform_int_distribution<size_t> pick(0, mus.size() - 1);
        const size_t k = pick(rng);
        std::normal_distribution<double> kernel(mus[k], sigmas[k]);
        for (int tries = 0; tries < 32; ++tries) {
            const double x = kernel(rng);
            if (x >= 0.0 && x <= 1.0) return x;
        }
        return std::clamp(mus[k], 0.0, 1.0);
    }
};

/// Smoothed choice frequencies: (count + 1) / (n + choices).
struct Categorical {
    std::vector<double> weights;

    Categorical(const std::vector<double>& indices, size_t choices) : weights(choices, 1.0) {
        for (const double i : indices) weights[static_cast<size_t>(i)] += 1.0;
        const double total = static_cast<double>(indices.size() + choices);
        for (double& w : weights) w /= total;
    }
    double density(double index) const { return weights[static_cast<size_t>(index)]; }
    double sample(std::mt19937_64& rng) const {
        std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
        return static_cast<double>(pick(rng));
    }
};

}  // namespace

nlohmann::json proposeTpe(const SearchSpace& space, const std::vector<Observation>& history,
                          std::mt19937_64& rng, const TpeOptions& options) {
    if (history.size() < 2) return space.sample(rng);

    std::vector<const Observation*> sorted;
    for (const Observation& o : history) sorted.push_back(&o);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Observation* a, const Observation* b) { return a->value > b->value; });
    const auto n = static_cast<double>(sorted.size());
    const size_t good = static_cast<size_t>(
        std::clamp(std::ceil(options.gamma * n), 1.0, std::min(25.0, n - 1.0)));

    // Per dimension: the good and bad positions, then candidates scored over all dimensions.
    std::vector<std::vector<double>> candidates(static_cast<size_t>(options.candidates));
    std::vector<double> score(candidates.size(), 0.0);
    for (const Dimension& d : space.dimensions) {
        std::vector<double> goodAt, badAt;
        for (size_t i = 0; i < sorted.size(); ++i)
            (i < good ? goodAt : badAt).push_back(d.position(sorted[i]->params.at(d.name)));
        if (d.scale == Scale::Choice) {
            const Categorical l(goodAt, d.choices.size()), g(badAt, d.choices.size());
            for (size_t c = 0; c < candidates.size(); ++c) {
                const double x = l.sample(rng);
                candidates[c].push_back(x);
                score[c] += std::log(l.density(x)) - std::log(g.density(x));
            }
        } else {
            const Parzen l(goodAt), g(badAt);
            for (size_t c = 0; c < candidates.size(); ++c) {
                const double x = l.sample(rng);
                candidates[c].push_back(x);
                score[c] += std::log(l.density(x)) - std::log(g.density(x));
            }
        }
    }
    const size_t best = static_cast<size_t>(std::max_element(score.begin(), score.end()) - score.begin());
    nlohmann::json point = nlohmann::json::object();
    for (size_t i = 0; i < space.dimensions.size(); ++i) {
        const Dimension& d = space.dimensions[i];
        const double x = candidates[best][i];
        point[d.name] = d.scale == Scale::Choice ? d.choices[static_cast<size_t>(x)] : d.valueAt(x);
    }
    return point;
}

}  // namespace loupe::search
