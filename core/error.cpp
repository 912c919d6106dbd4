#include "core/error.h"

namespace loupe {
namespace {

std::string formatLocation(const std::string& message, const std::string& file, int64_t line,
                           int64_t column) {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) {
            out += ':' + std::to_string(line);
            if (column > 0) out += ':' + std::to_string(column);
        }
        out += ": ";
    }
    return out + message;
}

}  // namespace

InputError::InputError(const std::string& message, std::string file, int64_t line, int64_t column)
    : Error(formatLocation(message, file, line, column)),
      m_message(message),
      m_file(std::move(file)),
      m_line(line),
      m_column(column) {}

}  // namespace loupe
