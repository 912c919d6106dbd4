#include "core/eval/threshold_tuning.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "core/error.h"

namespace loupe::eval {
namespace {

/// Counts at one candidate threshold.
struct Candidate {
    double threshold;
    double tp, fp;
};

double precisionOf(const Candidate& c) { return c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0.0; }

}  // namespace

TunedThreshold tuneThreshold(std::span<const int> yTrue, std::span<const double> scores,
                             const ThresholdTarget& target) {
    if (yTrue.empty() || yTrue.size() != scores.size())
        throw InputError("threshold tuning: " + std::to_string(yTrue.size()) + " labels and " +
                         std::to_string(scores.size()) + " scores");
    if (target.goal != ThresholdGoal::Cost && !(target.value > 0.0 && target.value <= 1.0))
        throw InputError("threshold tuning: the target must be in (0, 1]");
    if (target.goal == ThresholdGoal::Cost &&
        !(target.falsePositiveCost >= 0.0 && target.falseNegativeCost >= 0.0 &&
          std::isfinite(target.falsePositiveCost) && std::isfinite(target.falseNegativeCost)))
        throw InputError("threshold tuning: costs must be finite and >= 0");
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t{0});
    for (size_t i = 0; i < scores.size(); ++i) {
        if (std::isnan(scores[i]))
            throw InputError("threshold tuning: score at row " + std::to_string(i) + " is NaN");
        if (yTrue[i] != 0 && yTrue[i] != 1)
            throw InputError("threshold tuning: label " + std::to_string(yTrue[i]) +
                             " is not 0 or 1");
    }
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    const double positives = double(std::count(yTrue.begin(), yTrue.end(), 1));

    // Candidates from the highest threshold down: +inf, then each distinct score.
    std::vector<Candidate> candidates{{std::numeric_limits<double>::infinity(), 0.0, 0.0}};
    double tp = 0.0, fp = 0.0;
    for (size_t k = 0; k < order.size();) {
        const double s = scores[order[k]];
        for (; k < order.size() && scores[order[k]] == s; ++k)
            (yTrue[order[k]] == 1 ? tp : fp) += 1.0;
        candidates.push_back({s, tp, fp});
    }
    auto recallOf = [&](const Candidate& c) { return positives > 0 ? c.tp / positives : 0.0; };
    auto costOf = [&](const Candidate& c) {
        return target.falsePositiveCost * c.fp + target.falseNegativeCost * (positives - c.tp);
    };

    const Candidate* chosen = nullptr;
    bool reached = true;
    if (target.goal == ThresholdGoal::Cost) {
        for (const Candidate& c : candidates)  // strictly less: ties keep the higher threshold
            if (!chosen || costOf(c) < costOf(*chosen)) chosen = &c;
    } else {
        const bool precision = target.goal == ThresholdGoal::Precision;
        auto measure = [&](const Candidate& c) { return precision ? precisionOf(c) : recallOf(c); };
        // Precision: of the thresholds reaching it, the one of the highest recall (the highest
        // threshold among ties, as the end of sklearn's precision_recall_curve); recall: the
        // highest threshold reaching it. +inf predicts nothing and is no candidate here.
        for (size_t i = 1; i < candidates.size(); ++i) {
            const Candidate& c = candidates[i];
            if (measure(c) < target.value) continue;
            if (!precision) {
                chosen = &c;
                break;
            }
            if (!chosen || recallOf(c) > recallOf(*chosen)) chosen = &c;
        }
        if (!chosen) {
            reached = false;
            for (size_t i = 1; i < candidates.size(); ++i)
                if (!chosen || measure(candidates[i]) > measure(*chosen)) chosen = &candidates[i];
        }
    }
    TunedThreshold result;
    result.threshold = chosen->threshold;
    result.reached = reached;
    result.scores = scoresAtThreshold(yTrue, scores, result.threshold);
    result.cost = costOf(*chosen);
    return result;
}

nlohmann::json thresholdScoresJson(const ThresholdScores& scores, const ThresholdTarget& target) {
    const double fp = double(scores.counts(0, 1)), fn = double(scores.counts(1, 0));
    return {{"precision", scores.precision},
            {"recall", scores.recall},
            {"f1", scores.f1},
            {"accuracy", scores.accuracy},
            {"fp", int64_t(fp)},
            {"fn", int64_t(fn)},
            {"cost", target.falsePositiveCost * fp + target.falseNegativeCost * fn}};
}

nlohmann::json tunedThresholdJson(const ThresholdTarget& target, const TunedThreshold& tuned,
                                  const std::string& split) {
    nlohmann::json json{{"goal", toString(target.goal)}};
    if (target.goal == ThresholdGoal::Cost)
        json["target"] = {{"fp", target.falsePositiveCost}, {"fn", target.falseNegativeCost}};
    else
        json["target"] = target.value;
    json["threshold"] =
        std::isfinite(tuned.threshold) ? nlohmann::json(tuned.threshold) : nlohmann::json(nullptr);
    json["reached"] = tuned.reached;
    json["tuned_on"] = split;
    json[split] = thresholdScoresJson(tuned.scores, target);
    return json;
}

ThresholdTarget parseThresholdTarget(const std::string& text) {
    const std::string usage =
        "expected precision:P, recall:R (each in (0, 1]) or cost:FP:FN (each >= 0), got '" + text +
        "'";
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
        const size_t end = text.find(':', start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    auto number = [&](const std::string& part) {
        double value = 0.0;
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || ptr != part.data() + part.size())
            throw InputError(usage);
        return value;
    };
    ThresholdTarget target;
    if ((parts[0] == "precision" || parts[0] == "recall") && parts.size() == 2) {
        target.goal = parts[0] == "precision" ? ThresholdGoal::Precision : ThresholdGoal::Recall;
        target.value = number(parts[1]);
        if (!(target.value > 0.0 && target.value <= 1.0)) throw InputError(usage);
    } else if (parts[0] == "cost" && parts.size() == 3) {
        target.goal = ThresholdGoal::Cost;
        target.falsePositiveCost = number(parts[1]);
        target.falseNegativeCost = number(parts[2]);
        if (!(target.falsePositiveCost >= 0.0 && target.falseNegativeCost >= 0.0 &&
              std::isfinite(target.falsePositiveCost) && std::isfinite(target.falseNegativeCost)))
            throw InputError(usage);
    } else {
        throw InputError(usage);
    }
    return target;
}

std::string toString(ThresholdGoal goal) {
    return goal == ThresholdGoal::Precision ? "precision"
           : goal == ThresholdGoal::Recall  ? "recall"
                                            : "cost";
}

}  // namespace loupe::eval
