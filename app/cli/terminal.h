#pragma once
// Terminal: what loupe-cli says while it works. Messages go to stdout (silenced by --quiet); the
// progress bar goes to stderr, only when stderr is a terminal, throttled to ten redraws a second.
// Errors are not printed here: main prints exactly one line for them.

#include <chrono>
#include <string>

namespace loupe::cli {

/// Messages and the progress bar of one command run.
class Terminal {
public:
    /// `quiet`: print nothing (errors are printed by main, not here).
    explicit Terminal(bool quiet);
    /// Clears a progress bar left on screen.
    ~Terminal();

    /// True under --quiet.
    bool quiet() const { return m_quiet; }
    /// Prints one line on stdout unless quiet.
    void say(const std::string& line) const;
    /// True when a progress() call now would draw (a terminal, and 100 ms since the last draw),
    /// so callers can skip formatting the text.
    bool progressDue() const;
    /// Redraws the progress bar: `done` of `total` (total 0: no bar, just the text).
    /// Calls closer together than 100 ms are dropped unless `force` is set.
    void progress(long long done, long long total, const std::string& text, bool force = false);
    /// Clears the progress bar line, if one is shown.
    void endProgress();

private:
    bool m_quiet = false;
    bool m_barEnabled = false;
    bool m_barShown = false;
    std::chrono::steady_clock::time_point m_lastDraw{};
};

}  // namespace loupe::cli
