#pragma once
// Reading a dataset file into a Table: CSV (csv_reader.h) and HDF5 (hdf5_reader.h) behind one call.

#include <stop_token>
#include <string>

#include "core/data/table.h"
#include "core/progress.h"

namespace loupe::data {

/// Reads `path` by its extension (.csv/.tsv/.txt -> CSV, .h5/.hdf5 -> HDF5; others are sniffed).
/// Throws InputError with file, line and column on malformed input, Cancelled once `stop` is
/// requested.
Table readTable(const std::string& path, const Progress& progress = {}, std::stop_token stop = {});

}  // namespace loupe::data
