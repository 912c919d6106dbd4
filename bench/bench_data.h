#pragma once
// Seeded CSV files for the workbench benchmarks (bench_ui_latency, bench_open_csv), written in
// C++ so the benchmarks need no Python to make their data; the peers read the same files.
// Each writer skips a file that already exists (scripts/bench.sh reuses its data) and writes
// through a temporary, so an interrupted run never leaves half a file to be reused.

#include <cstdint>
#include <string>

namespace loupe::bench {

/// `rows` rows of 16 numeric columns (3 decimals, about 1% missing in two of them) and 4
/// categorical ones (3 to 200 labels): about 150 bytes a row, so 1M rows make ~150 MB.
void writeMixedCsv(const std::string& path, int64_t rows, uint64_t seed = 20240601);

/// `rows` rows of `features` numeric columns x0.. and a two-class "label" column ("yes"/"no")
/// that depends on a few features plus noise, so a model has something to learn.
void writeClassificationCsv(const std::string& path, int64_t rows, int features = 20,
                            uint64_t seed = 20240602);

}  // namespace loupe::bench
