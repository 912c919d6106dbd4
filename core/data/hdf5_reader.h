#pragma once
// HDF5 reader for the two common layouts documented in docs/formats.md.

#include <stop_token>
#include <string>

#include "core/data/table.h"

namespace loupe::data {

/// Throws InputError naming the file (and dataset) when the layout is not one Loupe reads;
/// Cancelled when `stop` is requested (checked between datasets).
Table readHdf5(const std::string& path, std::stop_token stop = {});

}  // namespace loupe::data
