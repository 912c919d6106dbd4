#pragma once
// Where the app finds its bundled files and keeps its recent-file list.

#include <QString>
#include <QStringList>

namespace loupe::gui {

/// The bundled file at `relative` under resources/ (beside the executable when built or
/// installed, else in the source tree); empty when not found.
QString findResource(const QString& relative);

/// The bundled breast-cancer sample, or empty.
QString sampleDataset();
/// The bundled sample project on it (resources/projects/breast_cancer.loupe), or empty.
QString sampleProject();
/// The sample's target column.
inline constexpr const char* kSampleTarget = "diagnosis";

/// Files opened lately, newest first, that still exist.
QStringList recentFiles();
/// Puts `path` first in the recent list (at most 10 kept).
void addRecentFile(const QString& path);

}  // namespace loupe::gui
