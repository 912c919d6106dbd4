#include "core/data/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace loupe::data {
namespace {

struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

MappedFile::MappedFile(const std::string& path) {
    FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) throw InputError(std::string("cannot open: ") + std::strerror(errno), path);
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) {
        throw InputError(std::string("cannot read: ") + std::strerror(errno), path);
    }
    if (S_ISDIR(info.st_mode)) throw InputError("cannot read: is a folder, not a file", path);
    if (S_ISREG(info.st_mode) && info.st_size > 0) {
        void* map = ::mmap(nullptr, size_t(info.st_size), PROT_READ, MAP_PRIVATE, file.fd, 0);
        if (map != MAP_FAILED) {
            ::madvise(map, size_t(info.st_size), MADV_SEQUENTIAL);
            ::madvise(map, size_t(info.st_size), MADV_WILLNEED);
            m_map = map;
            m_mapSize = size_t(info.st_size);
            m_view = std::string_view(static_cast<const char*>(map), m_mapSize);
            return;
        }
    }
    char buffer[1 << 16];
    for (;;) {
        ssize_t got = ::read(file.fd, buffer, sizeof buffer);
        if (got == 0) break;
        if (got < 0) {
            if (errno == EINTR) continue;
            throw InputError(std::string("cannot read: ") + std::strerror(errno), path);
        }
        m_copy.append(buffer, size_t(got));
    }
    m_view = m_copy;
}

MappedFile::~MappedFile() {
    if (m_map != nullptr) ::munmap(m_map, m_mapSize);
}

}  // namespace loupe::data
