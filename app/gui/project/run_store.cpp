#include "app/gui/project/run_store.h"

#include <QDir>
#include <QFileInfo>
#include <filesystem>
#include <system_error>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/run_folder.h"

namespace loupe::gui {
namespace {

namespace fs = std::filesystem;

bool samePlace(const QString& a, const QString& b) {
    return QDir::cleanPath(QFileInfo(a).absoluteFilePath()) ==
           QDir::cleanPath(QFileInfo(b).absoluteFilePath());
}

/// Copies the files of run folder `from` into `to` through a staged folder, so `to` is either
/// complete or untouched.
void copyRunFolder(const QString& from, const QString& to) {
    if (!QFileInfo(from).isDir()) throw InputError("the run folder is missing", from.toStdString());
    io::StagedFolder staged(fs::path(to.toStdString()));
    for (const fs::directory_entry& entry : fs::directory_iterator(fs::path(from.toStdString()))) {
        if (!entry.is_regular_file()) continue;
        std::error_code error;
        fs::copy_file(entry.path(), staged.file(entry.path().filename().string()), error);
        if (error)
            throw InputError("cannot copy the run file: " + error.message(), entry.path().string());
    }
    staged.commit();
}

void writeOne(ProjectRun& run, UnwrittenRuns& unwritten, const QString& runsFolder) {
    const QString target = QDir(runsFolder).filePath(run.id);
    const auto held = unwritten.find(run.id);
    if (held != unwritten.end()) {
        io::writeRunFolder(fs::path(target.toStdString()), *held->second);
        unwritten.erase(held);
    } else if (!samePlace(run.folder, target)) {
        copyRunFolder(run.folder, target);
    }
    run.folder = target;
}

}  // namespace

void storeRuns(std::vector<ProjectRun>& runs, UnwrittenRuns& unwritten, const QString& runsFolder) {
    for (ProjectRun& run : runs) writeOne(run, unwritten, runsFolder);
}

void storeUnwrittenRuns(std::vector<ProjectRun>& runs, UnwrittenRuns& unwritten,
                        const QString& runsFolder) {
    for (ProjectRun& run : runs)
        if (unwritten.count(run.id)) writeOne(run, unwritten, runsFolder);
}

}  // namespace loupe::gui
