// ONNX export in a build without libonnx: the CLI and the app ask onnxExportAvailable() first.

#include "core/error.h"
#include "core/io/onnx_export.h"

namespace loupe::io {

bool onnxExportAvailable() { return false; }

std::string onnxModelBytes(const nn::Model& /*model*/) {
    throw InputError("this Loupe was built without ONNX support (install libonnx-dev and rebuild)");
}

}  // namespace loupe::io
