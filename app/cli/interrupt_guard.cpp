#include "app/cli/interrupt_guard.h"

#include <chrono>

namespace loupe::cli {
namespace {

volatile std::sig_atomic_t gInterrupted = 0;
extern "C" void onInterrupt(int) { gInterrupted = 1; }

/// How often the watcher looks at the flag: well under what a person notices after Ctrl-C.
constexpr auto kPoll = std::chrono::milliseconds(50);

}  // namespace

InterruptGuard::InterruptGuard() {
    gInterrupted = 0;
    m_int = std::signal(SIGINT, onInterrupt);
    m_term = std::signal(SIGTERM, onInterrupt);
    m_watcher = std::jthread([this](std::stop_token done) {
        std::unique_lock lock(m_mutex);
        while (!done.stop_requested()) {
            if (gInterrupted) {
                m_stop.request_stop();
                return;
            }
            m_wake.wait_for(lock, done, kPoll, [] { return false; });
        }
    });
}

InterruptGuard::~InterruptGuard() {
    m_watcher.request_stop();
    m_watcher.join();
    std::signal(SIGINT, m_int);
    std::signal(SIGTERM, m_term);
}

bool InterruptGuard::interrupted() const { return gInterrupted != 0; }

}  // namespace loupe::cli
