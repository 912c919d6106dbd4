#include "app/cli/explain_plots.h"

#include <algorithm>

#include "app/cli/offscreen_gui.h"
#include "core/error.h"
#include "widgets/explain/shap_plot.h"

namespace loupe::cli {
namespace {

void write(const widgets::ShapPlot& plot, const std::filesystem::path& path) {
    QString error;
    if (!widgets::writeShapPlot(plot, QString::fromStdString(path.string()), QSize(), &error))
        throw InputError("cannot write the plot: " + error.toStdString(), path.string());
}

}  // namespace

std::vector<std::string> writeExplainPlots(
    std::shared_ptr<const explain::ShapExplanation> explanation,
    const std::filesystem::path& folder) {
    const OffscreenGui gui;
    std::vector<std::string> written;
    write(widgets::ShapPlot(explanation, widgets::ShapPlot::Kind::Summary), folder / "summary.svg");
    written.push_back("summary.svg");
    const size_t rows = std::min(kMaxForcePlots, explanation->shap.rows.size());
    for (size_t i = 0; i < rows; ++i) {
        widgets::ShapPlot force(explanation, widgets::ShapPlot::Kind::Force);
        force.setRowIndex(static_cast<int64_t>(i));
        const std::string name = "force_" + std::to_string(explanation->shap.rows[i]) + ".svg";
        write(force, folder / name);
        written.push_back(name);
    }
    return written;
}

}  // namespace loupe::cli
