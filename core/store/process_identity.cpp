#include "core/store/process_identity.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace loupe::store {

namespace {

/// Field 22 of /proc/<pid>/stat (starttime); empty when the process does not exist. The second
/// field (the command) is in parentheses and may hold spaces, so fields count from its last ')'.
std::string startTime(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!std::getline(in, stat)) return {};
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return {};
    std::istringstream fields(stat.substr(close + 1));
    std::string field;
    for (int i = 3; i <= 22; ++i)
        if (!(fields >> field)) return {};
    return field;
}

}  // namespace

std::string currentProcessIdentity() {
    const long pid = static_cast<long>(getpid());
    return std::to_string(pid) + ":" + startTime(pid);
}

bool processIsAlive(const std::string& identity) {
    const auto colon = identity.find(':');
    long pid = 0;
    try {
        pid = std::stol(identity.substr(0, colon));
    } catch (const std::exception&) {
        return false;
    }
    if (pid <= 0) return false;
    if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
    if (colon == std::string::npos) return true;
    const std::string started = startTime(pid);
    // Without /proc the pid check above is all there is.
    if (started.empty()) return std::ifstream("/proc/self/stat").fail();
    return started == identity.substr(colon + 1);
}

}  // namespace loupe::store
