#pragma once
// RecoveryFile: autosaved copies of unsaved work under AppDataLocation/recovery/, never over the
// user's own file. Each window writes its own file and holds a lock beside it while it lives, so
// a recovery file whose lock can be taken was left by a session that ended without cleaning up:
// the app crashed (or was killed), and the next start offers to restore it.

#include <QDateTime>
#include <QString>
#include <memory>
#include <optional>

#include "app/gui/project/project.h"

class QLockFile;

namespace loupe::gui {

/// Work left behind by a session that is gone.
struct RecoveredWork {
    QString path;         ///< the recovery file
    QString projectFile;  ///< the project it was unsaved work on; empty when untitled
    QString name;         ///< what the window called the project
    QDateTime saved;      ///< when it was autosaved
};

/// This window's recovery file; see the file comment.
class RecoveryFile {
public:
    /// Nothing is written until write().
    RecoveryFile();
    ~RecoveryFile();
    RecoveryFile(const RecoveryFile&) = delete;
    RecoveryFile& operator=(const RecoveryFile&) = delete;

    /// The folder recovery files live in.
    static QString folder();
    /// The recovery file (named on the first write), or empty.
    QString path() const { return m_path; }
    /// Where runs that were never saved are written beside it.
    QString runsFolder();
    /// True while a recovery file of this window exists.
    bool exists() const;

    /// Writes `project` (unsaved work on `projectFile`, called `name`) atomically. Throws
    /// InputError naming the file when it cannot be written.
    void write(const Project& project, const QString& projectFile, const QString& name);
    /// Removes the recovery file and its runs; the name and the lock stay for the next write.
    void remove();

    /// The newest recovery file left by a session that is gone, locked for this window so no
    /// other window offers it too; empty when there is none.
    std::optional<RecoveredWork> findLeftBehind();
    /// Reads the project kept in `work` (paths resolve as they were). Throws InputError.
    static Project read(const RecoveredWork& work);
    /// Makes `work` this window's recovery file: later autosaves replace it, and its runs stay
    /// until a clean save has copied them into the project.
    void adopt(const RecoveredWork& work);
    /// Deletes `work` with its runs.
    void discard(const RecoveredWork& work);

private:
    void ensureNamed();

    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<QLockFile> m_found;  ///< held on a left-behind file while it is offered
    QString m_foundPath;
};

}  // namespace loupe::gui
