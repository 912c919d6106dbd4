#pragma once
// ONNX export (mapping in docs/formats.md, "ONNX export"): the fitted Pipeline and the layers as
// one ONNX graph that takes the raw feature columns and gives what Model::predict gives.
// Lives in its own library, loupe_onnx, so only the programs that export link ONNX and protobuf.

#include <filesystem>
#include <string>
#include <vector>

#include "core/nn/model.h"

namespace loupe::io {

/// Operator set of the default ONNX domain the export uses.
inline constexpr int kOnnxOpset = 13;
/// Operator set of the ai.onnx.ml domain (LabelEncoder), imported only with categorical columns.
inline constexpr int kOnnxMlOpset = 2;
/// Name of the float input [N, numeric columns], in the order of onnxNumericColumns().
inline constexpr const char* kOnnxFeaturesInput = "features";

/// False when Loupe was built without libonnx (exportOnnx then throws InputError).
bool onnxExportAvailable();

/// The numeric columns of `model`'s pipeline, in the order the "features" input takes them.
std::vector<std::string> onnxNumericColumns(const nn::Model& model);

/// The graph input of categorical column `column`: its own name, or "column:" + name when that
/// would clash with "features", an output or a value the exporter names (they all hold a '/').
std::string onnxCategoricalInput(const std::string& column);

/// The serialized ONNX ModelProto of `model`, checked by onnx::checker and strict shape
/// inference. Throws InputError for a layer type ONNX export does not know, ModelError for an
/// untrained model or a graph the checker rejects.
std::string onnxModelBytes(const nn::Model& model);

/// Writes onnxModelBytes(model) to `path` atomically (temporary + fsync + rename).
void exportOnnx(const nn::Model& model, const std::filesystem::path& path);

}  // namespace loupe::io
