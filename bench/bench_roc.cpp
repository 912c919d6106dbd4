// ROC-AUC speed: loupe::eval::rocAuc on 10M scores, median of 3 runs, printed as one line of JSON.
// Peer: bench/roc_peer.py (sklearn.metrics.roc_auc_score) on the same file, which it also writes:
//   bench/roc_peer.py --make roc.bin && bench_roc roc.bin && bench/roc_peer.py roc.bin
// Without a file, bench_roc scores 10M seeded rows of its own (not the peer's).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/eval/curves.h"

namespace {

constexpr char kMagic[8] = {'L', 'O', 'U', 'P', 'E', 'R', 'O', 'C'};

struct Data {
    std::vector<double> scores;
    std::vector<int> labels;
};

// The file roc_peer.py --make writes: magic, uint64 rows, float32 scores, uint8 labels.
Data readData(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[8] = {};
    uint64_t rows = 0;
    in.read(magic, sizeof magic);
    in.read(reinterpret_cast<char*>(&rows), sizeof rows);
    if (!in || std::memcmp(magic, kMagic, sizeof magic) != 0) {
        throw loupe::InputError("not a bench_roc data file", path);
    }
    std::vector<float> scores(rows);
    std::vector<uint8_t> labels(rows);
    in.read(reinterpret_cast<char*>(scores.data()), std::streamsize(rows * sizeof(float)));
    in.read(reinterpret_cast<char*>(labels.data()), std::streamsize(rows));
    if (!in)
        throw loupe::InputError("file ends before its " + std::to_string(rows) + " rows", path);
    return {std::vector<double>(scores.begin(), scores.end()),
            std::vector<int>(labels.begin(), labels.end())};
}

// The same distribution as roc_peer.py --make, from the C++ generator.
Data makeData(size_t rows) {
    std::mt19937_64 rng(1234);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.5);
    Data data{std::vector<double>(rows), std::vector<int>(rows)};
    for (size_t i = 0; i < rows; ++i) {
        data.labels[i] = uniform(rng) < 0.3 ? 1 : 0;
        const double logit = normal(rng) + 1.2 * data.labels[i];
        data.scores[i] = double(float(1.0 / (1.0 + std::exp(-logit))));
    }
    return data;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 2) {
        std::fprintf(stderr, "usage: bench_roc [FILE]\n");
        return 2;
    }
    try {
        const std::string file = argc == 2 ? argv[1] : "";
        const Data data = file.empty() ? makeData(10'000'000) : readData(file);
        std::vector<double> seconds;
        double auc = 0.0;
        for (int i = 0; i < 3; ++i) {
            const auto start = std::chrono::steady_clock::now();
            auc = loupe::eval::rocAuc(data.labels, data.scores);
            const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
            seconds.push_back(took.count());
        }
        std::vector<double> sorted = seconds;
        std::sort(sorted.begin(), sorted.end());
        std::printf(
            "{\"tool\": \"loupe rocAuc\", \"file\": \"%s\", \"rows\": %zu, \"seconds\": %.4f, "
            "\"times\": [%.4f, %.4f, %.4f], \"auc\": \"%.17g\"}\n",
            file.empty() ? "(generated)" : file.c_str(), data.scores.size(), sorted[1], seconds[0],
            seconds[1], seconds[2], auc);
        return 0;
    } catch (const loupe::InputError& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 2;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
}
