#pragma once
// What loupe-cli needs to draw (explain's SVG plots, report's charts and pages): a
// QGuiApplication on the offscreen platform, and Qt's warnings kept off stderr.

#include <QGuiApplication>
#include <QtGlobal>
#include <memory>

namespace loupe::cli {

/// For its lifetime: a QGuiApplication when none runs yet (offscreen unless QT_QPA_PLATFORM
/// says otherwise, so no display is needed), and only Qt's critical messages on stderr (the
/// offscreen platform warns about XDG_RUNTIME_DIR, fonts and the like): loupe-cli's stderr holds
/// its errors only.
class OffscreenGui {
public:
    OffscreenGui();
    ~OffscreenGui();
    OffscreenGui(const OffscreenGui&) = delete;
    OffscreenGui& operator=(const OffscreenGui&) = delete;

private:
    QtMessageHandler m_previous;
    std::unique_ptr<QGuiApplication> m_app;
};

}  // namespace loupe::cli
