// render_shap_plots: the SHAP plot images in docs/images. Explains rows of a dataset with a saved
// model as `loupe-cli explain` does by default (auto method, 100 random background rows, seed 0,
// the last class's probability) and writes all five plots as PNG. Not a test; run by hand:
//   render_shap_plots MODEL DATA ROWS OUTDIR      (ROWS: how many rows from row 0)
// writes OUTDIR/shap_{summary,bar,force,waterfall,dependence}.png; force and waterfall show the
// first row, dependence the feature with the largest mean |SHAP value|.

#include <QGuiApplication>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "core/data/reader.h"
#include "core/device/device.h"
#include "core/explain/shap.h"
#include "core/explain/shap_summary.h"
#include "core/io/model_file.h"
#include "widgets/explain/shap_plot.h"

using namespace loupe;

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s MODEL DATA ROWS OUTDIR\n", argv[0]);
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    try {
        const nn::Model model = io::loadModel(argv[1]);
        const data::Table table = data::readTable(argv[2]);
        const int64_t count = std::min<int64_t>(std::stoll(argv[3]), table.rowCount());
        std::vector<int64_t> rows(count), all(table.rowCount());
        for (int64_t r = 0; r < count; ++r) rows[r] = r;
        for (int64_t r = 0; r < table.rowCount(); ++r) all[r] = r;
        const auto background =
            explain::sampleBackground(model.pipeline.transform(table, all), 100, 0);
        auto device = device::makeDevice("cpu").device;
        explain::ShapResult shap =
            explain::computeShap(*device, model, model.pipeline.transform(table, rows), rows,
                                 background, explain::ShapOptions{});
        const auto e = std::make_shared<const explain::ShapExplanation>(
            explain::describeShap(std::move(shap), table));

        using Kind = widgets::ShapPlot::Kind;
        const std::pair<Kind, const char*> kinds[] = {{Kind::Summary, "summary"},
                                                      {Kind::Bar, "bar"},
                                                      {Kind::Force, "force"},
                                                      {Kind::Waterfall, "waterfall"},
                                                      {Kind::Dependence, "dependence"}};
        for (const auto& [kind, name] : kinds) {
            widgets::ShapPlot plot(e, kind);
            plot.setFeature(e->summary.order.front());
            if (kind == Kind::Waterfall || kind == Kind::Bar) plot.setMaxFeatures(12);
            const QString path = QString::fromLocal8Bit(argv[4]) + "/shap_" + name + ".png";
            QString error;
            if (!widgets::writeShapPlot(plot, path, QSize(), &error)) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return 1;
            }
            std::printf("wrote %s\n", qPrintable(path));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "render_shap_plots: %s\n", e.what());
        return 1;
    }
    return 0;
}
