#include "app/cli/explain_plots.h"

#include <QGuiApplication>
#include <algorithm>
#include <cstdio>

#include "core/error.h"
#include "widgets/explain/shap_plot.h"

namespace loupe::cli {
namespace {

/// Drops Qt's debug and warning messages while plots are drawn (the offscreen platform warns
/// about XDG_RUNTIME_DIR, fonts and the like): loupe-cli's stderr holds its errors only.
void quietQt(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtCriticalMsg || type == QtFatalMsg)
        std::fprintf(stderr, "%s\n", message.toLocal8Bit().constData());
}

/// Installs quietQt for its lifetime.
class QuietQt {
public:
    QuietQt() : m_previous(qInstallMessageHandler(quietQt)) {}
    ~QuietQt() { qInstallMessageHandler(m_previous); }
    QuietQt(const QuietQt&) = delete;
    QuietQt& operator=(const QuietQt&) = delete;

private:
    QtMessageHandler m_previous;
};

/// A QGuiApplication for drawing, made only when none exists: fonts and QPainter need one.
/// Offscreen unless the user chose a platform, so plots are written with no display at all.
std::unique_ptr<QGuiApplication> guiForDrawing() {
    if (QCoreApplication::instance()) return nullptr;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "loupe-cli";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QGuiApplication>(argc, argv);
}

void write(const widgets::ShapPlot& plot, const std::filesystem::path& path) {
    QString error;
    if (!widgets::writeShapPlot(plot, QString::fromStdString(path.string()), QSize(), &error))
        throw InputError("cannot write the plot: " + error.toStdString(), path.string());
}

}  // namespace

std::vector<std::string> writeExplainPlots(
    std::shared_ptr<const explain::ShapExplanation> explanation,
    const std::filesystem::path& folder) {
    const QuietQt quiet;
    const std::unique_ptr<QGuiApplication> app = guiForDrawing();
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
