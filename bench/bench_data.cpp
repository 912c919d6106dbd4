#include "bench/bench_data.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <stdexcept>
#include <vector>

namespace loupe::bench {
namespace {

/// Buffered text output; std::to_chars keeps writing 150 MB to about a second.
class Writer {
public:
    explicit Writer(const std::string& path) : m_file(std::fopen(path.c_str(), "wb")) {
        if (!m_file) throw std::runtime_error("cannot write " + path);
        m_buffer.reserve(kFlush + 4096);
    }
    ~Writer() {
        if (m_file) std::fclose(m_file);
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void text(std::string_view s) { m_buffer.append(s); }
    void ch(char c) { m_buffer.push_back(c); }
    void fixed3(double v) {
        char digits[48];
        auto end =
            std::to_chars(digits, digits + sizeof digits, v, std::chars_format::fixed, 3).ptr;
        m_buffer.append(digits, end);
    }
    void endRow() {
        m_buffer.push_back('\n');
        if (m_buffer.size() >= kFlush) flush();
    }
    void close() {
        flush();
        if (std::fclose(m_file) != 0) throw std::runtime_error("write failed");
        m_file = nullptr;
    }

private:
    static constexpr size_t kFlush = 1 << 20;
    void flush() {
        if (std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size())
            throw std::runtime_error("write failed");
        m_buffer.clear();
    }
    std::FILE* m_file;
    std::string m_buffer;
};

/// Runs `write` into a temporary beside `path` and renames it, unless `path` already exists.
void writeOnce(const std::string& path, const std::function<void(Writer&)>& write) {
    std::error_code error;
    if (std::filesystem::file_size(path, error) > 0 && !error) return;
    const std::string part = path + ".part";
    Writer out(part);
    write(out);
    out.close();
    std::filesystem::rename(part, path);
}

}  // namespace

void writeMixedCsv(const std::string& path, int64_t rows, uint64_t seed) {
    writeOnce(path, [&](Writer& out) {
        std::mt19937_64 random(seed);
        std::normal_distribution<double> normal(0.0, 10.0);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        constexpr int kNumeric = 16;
        const std::vector<std::string> grades = {"A", "B", "C", "D", "E"};
        const std::vector<std::string> flags = {"yes", "no", "maybe"};
        for (int c = 0; c < kNumeric; ++c) {
            out.ch('f');
            out.text(std::to_string(c));
            out.ch(',');
        }
        out.text("grade,flag,city,segment");
        out.endRow();
        for (int64_t r = 0; r < rows; ++r) {
            for (int c = 0; c < kNumeric; ++c) {
                // Columns 3 and 7 have gaps, as real data does; a gap is an empty field.
                const bool missing = (c == 3 || c == 7) && unit(random) < 0.01;
                if (!missing) out.fixed3(normal(random) + c);
                out.ch(',');
            }
            out.text(grades[random() % grades.size()]);
            out.ch(',');
            out.text(flags[random() % flags.size()]);
            out.text(",city");
            out.text(std::to_string(random() % 40));
            out.text(",seg");
            out.text(std::to_string(random() % 200));
            out.endRow();
        }
    });
}

void writeClassificationCsv(const std::string& path, int64_t rows, int features, uint64_t seed) {
    writeOnce(path, [&](Writer& out) {
        std::mt19937_64 random(seed);
        std::normal_distribution<double> normal(0.0, 1.0);
        for (int c = 0; c < features; ++c) {
            out.ch('x');
            out.text(std::to_string(c));
            out.ch(',');
        }
        out.text("label");
        out.endRow();
        std::vector<double> x(static_cast<size_t>(features));
        for (int64_t r = 0; r < rows; ++r) {
            for (double& v : x) v = normal(random);
            // A non-linear rule over a few features plus noise: an MLP learns it, not perfectly.
            double score = 1.5 * x[0] - x[1] + 0.8 * x[2] * x[3] + 0.5 * normal(random);
            if (features > 4) score += std::sin(2.0 * x[4]);
            for (double v : x) {
                out.fixed3(v);
                out.ch(',');
            }
            out.text(score > 0.0 ? "yes" : "no");
            out.endRow();
        }
    });
}

}  // namespace loupe::bench
