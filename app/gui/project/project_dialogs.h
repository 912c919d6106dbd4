#pragma once
// The questions the project flow asks the user, as replaceable functions: the app uses message
// boxes and file dialogs, tests answer them in code.

#include <QDateTime>
#include <QString>
#include <functional>

class QWidget;

namespace loupe::gui {

/// Answers to "Save changes?".
enum class SaveAnswer { Save, Discard, Cancel };

/// The questions; see the file comment.
struct ProjectDialogs {
    /// Unsaved changes in the project called `name`: save, discard or cancel?
    std::function<SaveAnswer(const QString& name)> askToSave;
    /// Work on `name` autosaved at `saved` was left by a session that crashed: restore it?
    std::function<bool(const QString& name, const QDateTime& saved)> askToRecover;
    /// A project file to open (empty: cancelled), starting in `folder`.
    std::function<QString(const QString& folder)> chooseProjectToOpen;
    /// Where to save the project (empty: cancelled), starting at `suggested`.
    std::function<QString(const QString& suggested)> chooseSaveFile;
    /// The project's dataset `missing` is not there: the file to use instead (empty: none).
    std::function<QString(const QString& missing)> locateDataset;

    /// Message boxes and file dialogs over `parent`.
    static ProjectDialogs standard(QWidget* parent);
};

}  // namespace loupe::gui
