#include "app/gui/evaluation_input_builder.h"

namespace loupe::gui {

widgets::EvaluationInput evaluationInput(const train::ExperimentResult& result) {
    const train::PredictionSet& p = result.predictions;
    const bool classification = p.task == data::Task::Classification;
    widgets::EvaluationInput input;
    if (classification) input.classNames = p.classNames;
    for (const auto& [name, report] : result.reports) {
        // Every prediction carries its split name; a split's rows keep the predictions' order.
        std::vector<size_t> picked;
        for (size_t i = 0; i < p.rows.size(); ++i)
            if (p.splits.empty() || p.splits[i] == name) picked.push_back(i);
        if (picked.empty()) continue;
        widgets::SplitPredictions split;
        split.name = QString::fromStdString(name);
        split.metrics = report;
        split.rows.reserve(picked.size());
        if (classification)
            split.probs.resize(static_cast<Eigen::Index>(picked.size()), p.outputs.cols());
        for (size_t k = 0; k < picked.size(); ++k) {
            const size_t i = picked[k];
            split.rows.push_back(p.rows[i]);
            if (classification) {
                split.yTrue.push_back(static_cast<int>(p.labels[i]));
                split.probs.row(static_cast<Eigen::Index>(k)) =
                    p.outputs.row(static_cast<Eigen::Index>(i));
            } else {
                split.targets.push_back(p.labels[i]);
                split.predictions.push_back(p.outputs(static_cast<Eigen::Index>(i), 0));
            }
        }
        input.splits.push_back(std::move(split));
    }
    return input;
}

}  // namespace loupe::gui
