#include "app/gui/app_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace loupe::gui {
namespace {

constexpr int kMaxRecent = 10;
const char* const kRecentKey = "recentFiles";

}  // namespace

QString findResource(const QString& relative) {
    const QString exe = QCoreApplication::applicationDirPath();
    // build/app/loupe, an installed bin/loupe beside share/loupe (installer/CMakeLists.txt puts
    // datasets/ and projects/ there), then the source tree.
    const QStringList roots = {exe + QStringLiteral("/../../resources"),
                               exe + QStringLiteral("/../resources"),
                               exe + QStringLiteral("/../share/loupe"),
                               exe + QStringLiteral("/../share/loupe/resources"),
                               QStringLiteral(LOUPE_SOURCE_DIR "/resources")};
    for (const QString& root : roots) {
        const QFileInfo file(root + QLatin1Char('/') + relative);
        if (file.isFile()) return QDir::cleanPath(file.absoluteFilePath());
    }
    return {};
}

QString sampleDataset() { return findResource(QStringLiteral("datasets/breast_cancer.csv")); }

QString sampleProject() { return findResource(QStringLiteral("projects/breast_cancer.loupe")); }

QStringList recentFiles() {
    QStringList files = QSettings().value(kRecentKey).toStringList();
    files.removeIf([](const QString& f) { return !QFileInfo(f).isFile(); });
    return files;
}

void addRecentFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = QSettings().value(kRecentKey).toStringList();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecent) files.removeLast();
    QSettings().setValue(kRecentKey, files);
}

}  // namespace loupe::gui
