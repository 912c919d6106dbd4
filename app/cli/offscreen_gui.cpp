#include "app/cli/offscreen_gui.h"

#include <cstdio>

namespace loupe::cli {
namespace {

void quietQt(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtCriticalMsg || type == QtFatalMsg)
        std::fprintf(stderr, "%s\n", message.toLocal8Bit().constData());
}

}  // namespace

OffscreenGui::OffscreenGui() : m_previous(qInstallMessageHandler(quietQt)) {
    if (QCoreApplication::instance()) return;  // fonts and QPainter need one; one is enough
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "loupe-cli";
    static char* argv[] = {name, nullptr};
    m_app = std::make_unique<QGuiApplication>(argc, argv);
}

OffscreenGui::~OffscreenGui() {
    m_app.reset();
    qInstallMessageHandler(m_previous);
}

}  // namespace loupe::cli
