#include "core/train/predictions.h"

#include <cmath>

#include "core/error.h"
#include "core/eval/report.h"

namespace loupe::train {
namespace {

std::vector<int64_t> rowsOfSplit(const PredictionSet& p, const std::string& split) {
    std::vector<int64_t> picked;
    const auto n = static_cast<int64_t>(p.rows.size());
    picked.reserve(static_cast<size_t>(n));
    const bool all = split == "all" || p.splits.empty();
    for (int64_t i = 0; i < n; ++i)
        if (all || p.splits[static_cast<size_t>(i)] == split) picked.push_back(i);
    return picked;
}

}  // namespace

MatrixD widenOutputs(const Matrix& outputs, data::Task task) {
    MatrixD wide = outputs.cast<double>();
    if (task != data::Task::Classification) return wide;
    for (Eigen::Index r = 0; r < wide.rows(); ++r) {
        const double sum = wide.row(r).sum();
        if (sum > 0.0 && std::isfinite(sum)) wide.row(r) /= sum;
    }
    return wide;
}

void checkPredictionSet(const PredictionSet& p) {
    const auto n = static_cast<int64_t>(p.rows.size());
    if (p.outputs.rows() != n)
        throw ModelError("predictions: " + std::to_string(p.outputs.rows()) + " outputs for " +
                         std::to_string(n) + " rows");
    if (!p.splits.empty() && static_cast<int64_t>(p.splits.size()) != n)
        throw ModelError("predictions: split names do not match the rows");
    if (!p.labels.empty() && static_cast<int64_t>(p.labels.size()) != n)
        throw ModelError("predictions: labels do not match the rows");
    if (p.task == data::Task::Classification &&
        p.outputs.cols() != static_cast<int64_t>(p.classNames.size()))
        throw ModelError("predictions: " + std::to_string(p.outputs.cols()) +
                         " probability columns for " + std::to_string(p.classNames.size()) +
                         " classes");
}

PredictionSet predictRows(device::Device& device, const nn::Model& model, const data::Table& table,
                          const std::vector<int64_t>& rows) {
    PredictionSet set;
    set.task = model.task;
    set.classNames = model.classNames;
    set.rows = rows;
    set.outputs = widenOutputs(model.predictTable(device, table, rows), model.task);
    for (Eigen::Index r = 0; r < set.outputs.rows(); ++r)
        if (!set.outputs.row(r).allFinite())
            throw InputError("the model's output for data row " + std::to_string(rows[r]) +
                                 " (0-based)" +
                                 " is not finite: look for infinite or extreme values in the "
                                 "data (or, after training, lower --lr)",
                             table.source());
    return set;
}

nlohmann::json splitReport(const PredictionSet& p, const std::string& split) {
    checkPredictionSet(p);
    if (p.labels.empty()) throw ModelError("a metrics report needs the true labels");
    const std::vector<int64_t> picked = rowsOfSplit(p, split);
    if (p.task == data::Task::Regression) {
        std::vector<double> truth, predicted;
        truth.reserve(picked.size());
        predicted.reserve(picked.size());
        for (int64_t i : picked) {
            truth.push_back(p.labels[static_cast<size_t>(i)]);
            predicted.push_back(p.outputs(i, 0));
        }
        return eval::regressionReport(truth, predicted);
    }
    std::vector<int> truth;
    truth.reserve(picked.size());
    MatrixD probs(static_cast<Eigen::Index>(picked.size()), p.outputs.cols());
    for (size_t k = 0; k < picked.size(); ++k) {
        const double label = p.labels[static_cast<size_t>(picked[k])];
        if (label < 0) throw ModelError("predictions: a row without a known class in a report");
        truth.push_back(static_cast<int>(label));
        probs.row(static_cast<Eigen::Index>(k)) = p.outputs.row(picked[k]);
    }
    return eval::classificationReport(truth, probs, p.classNames);
}

}  // namespace loupe::train
