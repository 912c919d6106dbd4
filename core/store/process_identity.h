#pragma once
// Which process owns a running run. A pid alone is reused by the system after the process ends,
// so the owner is "<pid>:<start time>" (the start time in clock ticks since boot, from
// /proc/<pid>/stat): a later process with the same pid has another start time.

#include <string>

namespace loupe::store {

/// This process's identity.
std::string currentProcessIdentity();

/// True when the process named by `identity` still runs (the same pid and start time).
bool processIsAlive(const std::string& identity);

}  // namespace loupe::store
