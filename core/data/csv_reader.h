#pragma once
// CSV reader: RFC 4180 quoting, delimiter and header detection, BOM, CRLF, missing markers,
// numeric/categorical inference; streams the file so memory stays near the parsed columns' size.

#include <optional>
#include <stop_token>
#include <string>

#include "core/data/table.h"
#include "core/progress.h"

namespace loupe::data {

struct CsvOptions {
    std::optional<char> delimiter;  ///< detected among , ; TAB | when unset
    std::optional<bool> header;     ///< detected when unset
};

/// Throws InputError("FILE:LINE:COLUMN: ...") for ragged rows, unterminated quotes, binary data,
/// empty files; Cancelled soon after `stop` is requested (every parsing thread checks it).
Table readCsv(const std::string& path, const CsvOptions& options = {},
              const Progress& progress = {}, std::stop_token stop = {});

}  // namespace loupe::data
