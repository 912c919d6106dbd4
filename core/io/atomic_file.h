#pragma once
// Writing files so that a crash or an error never leaves half of one: every file goes through a
// temporary in the same folder, is fsynced and renamed into place; an output folder is filled in
// a hidden staging folder beside it and only moved into place once everything is written.

#include <filesystem>
#include <functional>
#include <string_view>

namespace loupe::io {

/// Writes `contents` to `path` through a temporary in the same folder, fsync and rename.
/// Throws InputError naming `path` when the folder is not writable.
void writeFileAtomic(const std::filesystem::path& path, std::string_view contents);

/// Lets `write` create a temporary file (for writers that open files by name, such as HDF5),
/// then fsyncs it and renames it onto `path`. The temporary is removed when `write` throws.
void writeFileAtomicWith(const std::filesystem::path& path,
                         const std::function<void(const std::filesystem::path& temporary)>& write);

/// An output folder built in a hidden staging folder beside `target` and moved into place by
/// commit(). Destroying it without commit() removes the staging folder, so `target` stays as it
/// was. An existing `target` folder keeps its other files; the staged files replace their
/// namesakes in it one by one, each by an atomic rename.
class StagedFolder {
public:
    /// Throws InputError when `target` exists but is not a folder, or its parent cannot be
    /// created or written.
    explicit StagedFolder(std::filesystem::path target);
    ~StagedFolder();
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    /// The staging folder to write into.
    const std::filesystem::path& path() const { return m_staging; }
    /// path() / name.
    std::filesystem::path file(std::string_view name) const { return m_staging / name; }
    /// The folder the files end up in.
    const std::filesystem::path& target() const { return m_target; }
    /// Moves the staged files into target(); afterwards the staging folder is gone.
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    bool m_committed = false;
};

/// Throws InputError when `target` cannot become an output folder (it is an existing file, or
/// its nearest existing parent is not a writable folder); creates nothing.
void checkOutputFolder(const std::filesystem::path& target);

/// Throws InputError when `file` cannot be written (it is a folder, or its folder is missing or
/// not writable); creates nothing.
void checkOutputFile(const std::filesystem::path& file);

}  // namespace loupe::io
