#pragma once
// Label errors by confident learning (Northcutt, Jiang and Chuang, "Confident Learning:
// Estimating Uncertainty in Dataset Labels", JAIR 2021) on out-of-fold predicted probabilities:
// every labelled row is predicted by a model of the experiment's configuration that did not
// train on it, then rows whose confident class differs from their given label are flagged.

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "core/device/device.h"
#include "core/matrix.h"
#include "core/progress.h"
#include "core/train/experiment.h"

namespace loupe::train {

/// Probabilities for each labelled row from the fold that held it out.
struct OutOfFold {
    std::vector<int64_t> rows;  ///< data rows with a target, ascending
    std::vector<int> labels;    ///< given class index of each row
    std::vector<std::string> classNames;
    MatrixD probs;  ///< [rows, classes]
};

/// Stratified `folds`-fold out-of-fold probabilities: for each fold the pipeline is fitted and a
/// model of request.model trained with request.train (seeded by request.train.seed, resampling and
/// class weights as requested, no validation split) on the other folds' rows. valFraction and
/// testFraction are not used. Throws InputError for a regression target or a bad fold count,
/// Cancelled when `stop` is requested. Progress: epochs done of folds x epochs.
OutOfFold outOfFoldProbabilities(const data::Table& table, const ExperimentRequest& request,
                                 int64_t folds, device::Device& device,
                                 const Progress& progress = {}, std::stop_token stop = {});

/// One labelled row judged by confident learning.
struct LabelIssue {
    int64_t row = 0;            ///< 0-based data row
    int given = 0;              ///< class index of the given label
    int suggested = 0;          ///< confident class, or the most probable class when none is
    double confidence = 0.0;    ///< out-of-fold probability of `suggested`
    double labelQuality = 0.0;  ///< self-confidence: out-of-fold probability of `given`
    bool issue = false;         ///< in an off-diagonal cell of the confident joint
};

/// Every row of `oof`, likeliest label errors first: the flagged rows (cleanlab's
/// find_label_issues with filter_by="confident_learning": per-class thresholds t_j = mean
/// probability of class j over rows labelled j; a row's confident class is its most probable class
/// among those with p_j >= t_j; flagged when that differs from its label), then the others, each
/// group by self-confidence ascending (cleanlab's rank_by "self_confidence"), ties by row.
std::vector<LabelIssue> rankLabelIssues(const OutOfFold& oof);

}  // namespace loupe::train
