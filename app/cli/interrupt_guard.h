#pragma once
// InterruptGuard: Ctrl-C (SIGINT) and SIGTERM become a stop request for long work (train,
// explain, importance), so the command ends cleanly with exit code 130 and --out untouched.

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <stop_token>
#include <thread>

namespace loupe::cli {

/// While alive, SIGINT/SIGTERM set a flag instead of killing the process; a watcher thread turns
/// the flag into a request on token() (a stop_source is not async-signal-safe, so the handler
/// cannot request it itself). Restores the previous handlers when destroyed.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    /// Requested once a signal has arrived; pass it to the core function that does the work.
    std::stop_token token() const { return m_stop.get_token(); }
    /// True once a signal has arrived.
    bool interrupted() const;

private:
    std::stop_source m_stop;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    void (*m_int)(int) = SIG_DFL;
    void (*m_term)(int) = SIG_DFL;
    std::jthread m_watcher;  // last: started once everything it reads exists
};

}  // namespace loupe::cli
