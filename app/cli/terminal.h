#pragma once
// Terminal: what loupe-cli says while it works. Messages go to stdout (silenced by --quiet); the
// progress bar goes to stderr, only when stderr is a terminal, throttled to ten redraws a second.
// Errors are not printed here: main prints exactly one line for them.

#include <chrono>
#include <string>

namespace loupe::cli {

class Terminal {
public:
    explicit Terminal(bool quiet);
    ~Terminal();

    bool quiet() const { return m_quiet; }
    /// Prints one line on stdout unless quiet.
    void say(const std::string& line) const;
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
