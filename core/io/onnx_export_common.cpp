// The parts of ONNX export that need no libonnx: input naming and the atomic write.

#include "core/io/atomic_file.h"
#include "core/io/onnx_export.h"

namespace loupe::io {

std::vector<std::string> onnxNumericColumns(const nn::Model& model) {
    std::vector<std::string> columns;
    for (const data::FeatureStep& step : model.pipeline.steps())
        if (step.type == data::ColumnType::Numeric) columns.push_back(step.column);
    return columns;
}

std::string onnxCategoricalInput(const std::string& column) {
    // Every value name the exporter makes contains '/', so only these can clash with a column.
    const bool clashes = column == kOnnxFeaturesInput || column == "probabilities" ||
                         column == "values" || column.find('/') != std::string::npos ||
                         column.empty();
    return clashes ? "column:" + column : column;
}

void exportOnnx(const nn::Model& model, const std::filesystem::path& path) {
    writeFileAtomic(path, onnxModelBytes(model));
}

}  // namespace loupe::io
