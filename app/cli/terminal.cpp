#include "app/cli/terminal.h"

#include <unistd.h>

#include <cstdio>

namespace loupe::cli {
namespace {

constexpr int kBarWidth = 28;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

}  // namespace

Terminal::Terminal(bool quiet) : m_quiet(quiet), m_barEnabled(!quiet && ::isatty(STDERR_FILENO)) {}

Terminal::~Terminal() { endProgress(); }

void Terminal::say(const std::string& line) const {
    if (m_quiet) return;
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

bool Terminal::progressDue() const {
    return m_barEnabled &&
           (!m_barShown || std::chrono::steady_clock::now() - m_lastDraw >= kRedrawInterval);
}

void Terminal::progress(long long done, long long total, const std::string& text, bool force) {
    if (!m_barEnabled) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && m_barShown && now - m_lastDraw < kRedrawInterval) return;
    m_lastDraw = now;
    std::string line = "\r";
    if (total > 0) {
        const long long filled = done >= total ? kBarWidth : done * kBarWidth / total;
        line += '[';
        line.append(static_cast<size_t>(filled), '#');
        line.append(static_cast<size_t>(kBarWidth - filled), '.');
        line += "] ";
    }
    line += text;
    line += "\x1b[K";  // erase what a longer previous line left to the right
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    m_barShown = true;
}

void Terminal::endProgress() {
    if (!m_barShown) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    m_barShown = false;
}

}  // namespace loupe::cli
