#include <memory>

#include "app/cli/commands.h"
#include "app/cli/options.h"
#include "app/cli/terminal.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "core/io/onnx_export.h"

namespace loupe::cli {
namespace {

struct ExportOptions {
    std::string model, format = "onnx", out;
    bool quiet = false;
};

int runExport(const ExportOptions& o) {
    Terminal terminal(o.quiet);
    if (o.format != "onnx")
        throw InputError("unknown export format '" + o.format + "' (expected onnx)");
    if (!io::onnxExportAvailable())
        throw InputError("this loupe-cli was built without ONNX support (libonnx-dev)");
    requireInputFile(o.model);
    io::checkOutputFile(o.out);
    const nn::Model model = io::loadModel(o.model);
    try {
        io::exportOnnx(model, o.out);
    } catch (const InputError& e) {
        if (!e.file().empty()) throw;
        throw InputError(e.message(), o.model);  // what cannot be exported is in this model
    }
    terminal.say("wrote " + o.out + " (ONNX opset " + std::to_string(io::kOnnxOpset) + ", " +
                 std::to_string(model.parameterCount()) + " parameters)");
    return 0;
}

}  // namespace

Command addExportCommand(CLI::App& parent) {
    auto options = std::make_shared<ExportOptions>();
    ExportOptions& o = *options;
    CLI::App* app = parent.add_subcommand(
        "export", "Export a trained model, its pipeline included, to another format (ONNX)");
    app->add_option("MODEL", o.model, "Model file (.h5) written by train")->required();
    app->add_option("--format", o.format, "onnx")->capture_default_str();
    app->add_option("--out", o.out, "Output file (e.g. model.onnx)")->required();
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options] { return runExport(*options); }};
}

}  // namespace loupe::cli
