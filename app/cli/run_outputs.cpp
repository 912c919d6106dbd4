#include "app/cli/run_outputs.h"

#include "app/cli/options.h"
#include "core/error.h"

namespace loupe::cli {

LabeledRows labeledRows(const nn::Model& model, const data::Table& table) {
    const std::string& source = table.source();
    if (model.targetName.empty()) throw InputError("the model does not name its target column");
    if (table.columnIndex(model.targetName) < 0)
        throw InputError("no column '" + model.targetName + "' (the model's target)", source);
    const data::Column& column = table.column(model.targetName);
    LabeledRows out;
    if (model.task == data::Task::Regression) {
        if (column.type != data::ColumnType::Numeric)
            throw InputError("target column '" + column.name + "' is not numeric", source);
        for (int64_t row = 0; row < table.rowCount(); ++row) {
            if (column.isMissing(row)) continue;
            out.rows.push_back(row);
            out.labels.push_back(column.numeric[static_cast<size_t>(row)]);
        }
        return out;
    }
    const std::vector<float> codes = data::encodeLabels(column, model.classNames);
    for (int64_t row = 0; row < table.rowCount(); ++row) {
        if (column.isMissing(row)) continue;
        const float code = codes[static_cast<size_t>(row)];
        if (code < 0) {
            std::string known;
            for (const std::string& name : model.classNames)
                known += (known.empty() ? "" : ", ") + name;
            throw InputError("data row " + std::to_string(row) + " (0-based): label '" +
                                 column.text(row) + "' in column '" + column.name +
                                 "' is not one of the model's classes (" + known + ")",
                             source);
        }
        out.rows.push_back(row);
        out.labels.push_back(code);
    }
    return out;
}

std::string summarize(const nlohmann::json& report, data::Task task) {
    if (task == data::Task::Regression)
        return "r2 " + formatMetric(report, "r2") + ", mae " + formatMetric(report, "mae") +
               ", rmse " + formatMetric(report, "rmse");
    std::string text = "accuracy " + formatMetric(report, "accuracy");
    if (report.contains("roc_auc")) {
        text += ", roc_auc " + formatMetric(report, "roc_auc");
    } else {
        text += ", balanced_accuracy " + formatMetric(report, "balanced_accuracy");
        if (report.contains("roc_auc_ovr_macro"))
            text += ", roc_auc_ovr " + formatMetric(report, "roc_auc_ovr_macro");
    }
    return text + ", log_loss " + formatMetric(report, "log_loss");
}

}  // namespace loupe::cli
