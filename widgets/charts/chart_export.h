#pragma once
// Writing a chart (or any widget) as an image, and the context-menu entries that ask where.

#include <QString>
#include <functional>

class QMenu;
class QWidget;

namespace loupe::widgets {

/// Renders `widget` into `path`: SVG when the name ends in .svg (any case), PNG otherwise. Written
/// through QSaveFile, so a failed export leaves no half file. On failure returns false and, when
/// `error` is given, says why.
bool exportChart(QWidget* widget, const QString& path, QString* error = nullptr);

/// Adds "Export as PNG…" and "Export as SVG…" to `menu`; each asks for a file name, then calls
/// exportChart(target, ...) and shows a message if writing fails.
void addExportActions(QMenu& menu, QWidget* target);

/// Writes an image to `path` (SVG or PNG by its suffix); false, saying why in `error`, on failure.
using ImageWriter = std::function<bool(const QString& path, QString* error)>;
/// The same entries for anything that draws itself (e.g. a SHAP plot through its own painter):
/// each asks for a file name with `parent` as the dialogs' parent, then calls `write`.
void addExportActions(QMenu& menu, QWidget* parent, ImageWriter write);

}  // namespace loupe::widgets
