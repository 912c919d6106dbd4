#pragma once
// Internal to core/data: a read-only view of a whole file, memory-mapped when the system allows
// (so reading a large file costs no copy), else read into memory.

#include <string>
#include <string_view>

namespace loupe::data {

class MappedFile {
public:
    /// Throws InputError naming `path` when it does not exist, is a folder or cannot be read.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const { return m_view; }

private:
    void* m_map = nullptr;
    size_t m_mapSize = 0;
    std::string m_copy;  ///< used when the file cannot be mapped (a pipe, /proc)
    std::string_view m_view;
};

}  // namespace loupe::data
