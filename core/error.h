#pragma once
// Typed errors thrown by core and caught at the boundaries (CLI main, Jobs, plugin calls).

#include <cstdint>
#include <stdexcept>
#include <string>

namespace loupe {

/// Base of every error core throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad input from a user: a file, a column, an argument. The CLI exits with code 2.
/// what() reads "FILE:LINE:COLUMN: MESSAGE", leaving out the parts that are unknown (0 or empty).
class InputError : public Error {
public:
    explicit InputError(const std::string& message, std::string file = {}, int64_t line = 0,
                        int64_t column = 0);

    /// The message without the location prefix.
    const std::string& message() const { return m_message; }
    const std::string& file() const { return m_file; }
    int64_t line() const { return m_line; }
    int64_t column() const { return m_column; }

private:
    std::string m_message;
    std::string m_file;
    int64_t m_line = 0;
    int64_t m_column = 0;
};

/// A model that cannot be built, loaded or applied (bad architecture, shape mismatch).
class ModelError : public Error {
public:
    using Error::Error;
};

/// A compute device that failed or is not available.
class DeviceError : public Error {
public:
    using Error::Error;
};

/// Work stopped because its std::stop_token was triggered.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace loupe
