#pragma once
// Reading and writing *.loupe project files (JSON, layout in docs/formats.md). Paths below the
// project file's folder are stored relative to it, others absolute; a project is written through
// QSaveFile, so a failed save leaves the previous file as it was.

#include <QByteArray>
#include <QString>

#include "app/gui/project/project.h"

namespace loupe::gui {

/// The layout version written; a file with a larger one is refused.
inline constexpr int kProjectFormat = 1;

/// The JSON text of `project` saved as `file` (indented, paths relative to its folder when below).
QByteArray projectToJson(const Project& project, const QString& file);

/// The project in JSON `text` read from `file` (relative paths resolve against its folder; fields
/// left out take their defaults). Throws InputError naming `file`: malformed JSON with its line
/// and column, a file made by a newer Loupe, a field of the wrong type or out of range.
Project projectFromJson(const QByteArray& text, const QString& file);

/// Writes `project` to `file` through a temporary and a rename. Throws InputError naming the file
/// when it cannot be written; the previous file is then untouched.
void saveProject(const Project& project, const QString& file);

/// Writes `text` to `file` through a temporary and a rename; a short write is an error. Throws
/// InputError naming the file; the previous file is then untouched.
void writeWholeFile(const QString& file, const QByteArray& text);

/// Reads a project file; throws InputError naming it when it cannot be read (see projectFromJson).
Project loadProject(const QString& file);

/// The folder that keeps the runs of the project saved as `file`: "<folder>/<name>.runs".
QString runsFolderOf(const QString& file);

/// `path` as a project saved as `file` stores it: relative when below its folder, else absolute.
QString storedPath(const QString& path, const QString& file);
/// A stored path read from `file`, made absolute (relative paths resolve against its folder).
QString resolvedPath(const QString& stored, const QString& file);

}  // namespace loupe::gui
