#include "core/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>
#include <string>
#include <system_error>

#include "core/error.h"

namespace loupe::io {
namespace fs = std::filesystem;
namespace {

std::string errnoText(int code) { return std::generic_category().message(code); }

/// A name no other writer picks: process id, a counter and a random word, so two Loupe processes
/// writing into one folder never share a temporary.
std::string uniqueSuffix() {
    static std::atomic<unsigned> counter{0};
    static const unsigned salt = std::random_device{}();
    return std::to_string(::getpid()) + '-' + std::to_string(counter++) + '-' +
           std::to_string(salt);
}

fs::path folderOf(const fs::path& path) {
    fs::path parent = path.parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

/// Makes a rename durable; failures are ignored because the data itself is already synced and
/// some file systems refuse to fsync a folder.
void syncFolder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

void syncFile(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError("cannot reopen for syncing: " + errnoText(errno), path.string());
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) throw InputError("cannot sync to disk: " + errnoText(err), path.string());
}

/// Creates an empty temporary beside `path` (mode 0666 less the umask) and returns its name.
fs::path createTemporary(const fs::path& path, int* fdOut) {
    const fs::path folder = folderOf(path);
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path temp = folder / ('.' + path.filename().string() + ".tmp-" + uniqueSuffix());
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            if (fdOut)
                *fdOut = fd;
            else
                ::close(fd);
            return temp;
        }
        if (errno != EEXIST)
            throw InputError("cannot write here: " + errnoText(errno), path.string());
    }
    throw InputError("cannot create a temporary file beside it", path.string());
}

void renameInto(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0)
        throw InputError("cannot move into place: " + errnoText(errno), to.string());
}

void writeAll(int fd, std::string_view contents, const fs::path& path) {
    const char* p = contents.data();
    size_t left = contents.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw InputError("cannot write: " + errnoText(errno), path.string());
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
}

}  // namespace

void writeFileAtomic(const fs::path& path, std::string_view contents) {
    int fd = -1;
    const fs::path temp = createTemporary(path, &fd);
    try {
        writeAll(fd, contents, path);
        if (::fsync(fd) != 0)
            throw InputError("cannot sync to disk: " + errnoText(errno), path.string());
        if (::close(fd) != 0) {
            fd = -1;
            throw InputError("cannot write: " + errnoText(errno), path.string());
        }
        fd = -1;
        renameInto(temp, path);
    } catch (...) {
        if (fd >= 0) ::close(fd);
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw;
    }
    syncFolder(folderOf(path));
}

void writeFileAtomicWith(const fs::path& path,
                         const std::function<void(const fs::path& temporary)>& write) {
    const fs::path temp = createTemporary(path, nullptr);
    try {
        write(temp);
        syncFile(temp);
        renameInto(temp, path);
    } catch (...) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw;
    }
    syncFolder(folderOf(path));
}

void checkOutputFolder(const fs::path& target) {
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (!fs::is_directory(target, ec))
            throw InputError("exists and is not a folder", target.string());
        if (::access(target.c_str(), W_OK | X_OK) != 0)
            throw InputError("folder is not writable", target.string());
    }
    // The staging folder lives beside the target, so the nearest existing ancestor must take it.
    fs::path ancestor = folderOf(fs::absolute(target, ec).lexically_normal());
    while (!fs::exists(ancestor, ec) && ancestor.has_parent_path() &&
           ancestor.parent_path() != ancestor)
        ancestor = ancestor.parent_path();
    if (!fs::is_directory(ancestor, ec))
        throw InputError(
            "cannot create the output folder: " + ancestor.string() + " is not a folder",
            target.string());
    if (::access(ancestor.c_str(), W_OK | X_OK) != 0)
        throw InputError(
            "cannot create the output folder: " + ancestor.string() + " is not writable",
            target.string());
}

void checkOutputFile(const fs::path& file) {
    std::error_code ec;
    if (file.filename().empty() || fs::is_directory(file, ec))
        throw InputError("is a folder, expected a file name", file.string());
    const fs::path folder = folderOf(file);
    if (!fs::is_directory(folder, ec))
        throw InputError("folder " + folder.string() + " does not exist", file.string());
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
        throw InputError("folder " + folder.string() + " is not writable", file.string());
}

StagedFolder::StagedFolder(fs::path target) : m_target(std::move(target)) {
    checkOutputFolder(m_target);
    // Normalise "out/" to "out" so the staging folder becomes a sibling, not a child.
    if (m_target.filename().empty()) m_target = m_target.parent_path();
    const fs::path parent = folderOf(m_target);
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw InputError("cannot create folder: " + ec.message(), parent.string());
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path staging =
            parent / ('.' + m_target.filename().string() + ".staging-" + uniqueSuffix());
        if (::mkdir(staging.c_str(), 0777) == 0) {
            m_staging = std::move(staging);
            return;
        }
        if (errno != EEXIST)
            throw InputError("cannot create a staging folder: " + errnoText(errno),
                             m_target.string());
    }
    throw InputError("cannot create a staging folder", m_target.string());
}

StagedFolder::~StagedFolder() {
    if (m_committed || m_staging.empty()) return;
    std::error_code ignored;
    fs::remove_all(m_staging, ignored);
}

void StagedFolder::commit() {
    std::error_code ec;
    if (!fs::exists(m_target, ec)) {
        if (::rename(m_staging.c_str(), m_target.c_str()) == 0) {
            m_committed = true;
            syncFolder(folderOf(m_target));
            return;
        }
        // Another process created the target meanwhile: fall through and merge file by file.
        fs::create_directory(m_target, ec);
    }
    if (!fs::is_directory(m_target, ec))
        throw InputError("exists and is not a folder", m_target.string());
    for (const fs::directory_entry& entry : fs::directory_iterator(m_staging)) {
        const fs::path into = m_target / entry.path().filename();
        if (!entry.is_directory(ec) || !fs::is_directory(into, ec)) {
            renameInto(entry.path(), into);
            continue;
        }
        // A folder (a search's best/) replaces its namesake whole: rename() cannot replace a
        // folder that has files, so the old one steps aside first and goes once the new is in.
        const fs::path aside = m_staging.parent_path() / (m_staging.filename().string() + ".old");
        renameInto(into, aside);
        try {
            renameInto(entry.path(), into);
        } catch (...) {
            fs::rename(aside, into, ec);
            throw;
        }
        fs::remove_all(aside, ec);
    }
    fs::remove(m_staging, ec);
    m_committed = true;
    syncFolder(m_target);
}

}  // namespace loupe::io
