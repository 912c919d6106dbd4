// CSV load speed: readCsv on a file, median of 3 loads, printed as one line of JSON.
// Peer: bench/csv_peer.py (pandas.read_csv) on the same file; bench/make_csv.py makes the file.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "core/data/csv_reader.h"
#include "core/error.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_csv FILE.csv\n");
        return 2;
    }
    try {
        const auto bytes = std::filesystem::file_size(argv[1]);
        std::vector<double> seconds;
        loupe::data::Table table;
        for (int i = 0; i < 3; ++i) {
            table = {};  // free the previous load first, so peak memory reflects one load
            auto start = std::chrono::steady_clock::now();
            table = loupe::data::readCsv(argv[1]);
            std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
            seconds.push_back(took.count());
        }
        std::sort(seconds.begin(), seconds.end());
        const double median = seconds[1];
        std::printf(
            "{\"tool\": \"loupe readCsv\", \"file\": \"%s\", \"bytes\": %llu, \"rows\": %lld, "
            "\"columns\": %lld, \"seconds\": %.4f, \"mb_per_s\": %.1f}\n",
            argv[1], static_cast<unsigned long long>(bytes),
            static_cast<long long>(table.rowCount()), static_cast<long long>(table.columnCount()),
            median, double(bytes) / 1e6 / median);
        return 0;
    } catch (const loupe::InputError& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 2;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
}
