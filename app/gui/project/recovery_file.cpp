#include "app/gui/project/recovery_file.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QStandardPaths>
#include <atomic>

#include "app/gui/project/project_file.h"

namespace loupe::gui {
namespace {

const char* const kRecoveryKey = "recovery";

QString lockPathOf(const QString& recoveryFile) {
    const QFileInfo info(recoveryFile);
    return info.absoluteDir().filePath(info.completeBaseName() + QStringLiteral(".lock"));
}

std::unique_ptr<QLockFile> makeLock(const QString& recoveryFile) {
    auto lock = std::make_unique<QLockFile>(lockPathOf(recoveryFile));
    // Held for the window's lifetime: only a dead owner (its PID gone) makes a lock stale.
    lock->setStaleLockTime(0);
    return lock;
}

std::optional<RecoveredWork> describe(const QString& path) {
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) return std::nullopt;
    const QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
    const QJsonObject info = root[QLatin1String(kRecoveryKey)].toObject();
    if (info.isEmpty()) return std::nullopt;
    RecoveredWork work;
    work.path = path;
    work.projectFile = info[QLatin1String("project_file")].toString();
    work.name = info[QLatin1String("name")].toString();
    work.saved = QDateTime::fromString(info[QLatin1String("saved")].toString(), Qt::ISODate);
    if (!work.saved.isValid()) work.saved = QFileInfo(path).lastModified();
    return work;
}

}  // namespace

RecoveryFile::RecoveryFile() = default;

RecoveryFile::~RecoveryFile() = default;

QString RecoveryFile::folder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/recovery");
}

void RecoveryFile::ensureNamed() {
    if (!m_path.isEmpty()) return;
    static std::atomic<int> counter{0};
    QDir().mkpath(folder());
    // Several windows of one process (tests) each get their own file.
    m_path = QDir(folder()).filePath(QStringLiteral("session-%1-%2.loupe")
                                         .arg(QCoreApplication::applicationPid())
                                         .arg(++counter));
    m_lock = makeLock(m_path);
    m_lock->tryLock(0);
}

QString RecoveryFile::runsFolder() {
    ensureNamed();
    return runsFolderOf(m_path);
}

bool RecoveryFile::exists() const { return !m_path.isEmpty() && QFileInfo::exists(m_path); }

void RecoveryFile::write(const Project& project, const QString& projectFile, const QString& name) {
    ensureNamed();
    QJsonObject root = QJsonDocument::fromJson(projectToJson(project, m_path)).object();
    root.insert(QLatin1String(kRecoveryKey),
                QJsonObject{{"project_file", projectFile},
                            {"name", name},
                            {"saved", QDateTime::currentDateTime().toString(Qt::ISODate)}});
    writeWholeFile(m_path, QJsonDocument(root).toJson(QJsonDocument::Indented));
}

void RecoveryFile::remove() {
    if (m_path.isEmpty()) return;
    QFile::remove(m_path);
    QDir(runsFolderOf(m_path)).removeRecursively();
}

std::optional<RecoveredWork> RecoveryFile::findLeftBehind() {
    const QDir dir(folder());
    std::optional<RecoveredWork> newest;
    std::unique_ptr<QLockFile> newestLock;
    const QStringList files =
        dir.entryList({QStringLiteral("*.loupe")}, QDir::Files, QDir::Time);  // newest first
    for (const QString& name : files) {
        const QString path = dir.filePath(name);
        if (path == m_path) continue;
        auto lock = makeLock(path);
        if (!lock->tryLock(0)) continue;  // its window is still open
        std::optional<RecoveredWork> work = describe(path);
        if (!work) continue;
        newest = std::move(work);
        newestLock = std::move(lock);
        break;
    }
    m_found = std::move(newestLock);
    m_foundPath = newest ? newest->path : QString();
    return newest;
}

Project RecoveryFile::read(const RecoveredWork& work) { return loadProject(work.path); }

void RecoveryFile::adopt(const RecoveredWork& work) {
    if (exists()) remove();
    if (m_lock) m_lock->unlock();
    m_path = work.path;
    m_lock = work.path == m_foundPath ? std::move(m_found) : makeLock(work.path);
    if (!m_lock->isLocked()) m_lock->tryLock(0);
    m_foundPath.clear();
}

void RecoveryFile::discard(const RecoveredWork& work) {
    QFile::remove(work.path);
    QDir(runsFolderOf(work.path)).removeRecursively();
    if (work.path == m_foundPath) {
        m_found.reset();  // unlocks and removes the lock file
        m_foundPath.clear();
    }
}

}  // namespace loupe::gui
