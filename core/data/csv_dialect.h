#pragma once
// Internal to core/data: guessing how a CSV file is written from its first bytes.

#include <string>
#include <string_view>
#include <vector>

namespace loupe::data {

/// The delimiters a file is sniffed for, in order of preference on a tie.
inline constexpr char kDelimiters[] = {',', ';', '\t', '|'};

/// A reason ("NUL bytes", ...) when `sample`
/// is not text (NUL bytes, mostly invalid UTF-8 or control characters), else an empty string.
std::string binaryReason(std::string_view sample);

/// The delimiter among kDelimiters that splits the sample's first lines (outside quotes) into the
/// same number of fields on every line, preferring more fields; ',' when none appears.
char sniffDelimiter(std::string_view sample);

/// True when no field of the first row reads as a number. A first row of names above rows of
/// numbers is a header; a file that is text throughout is assumed to have one as well.
bool looksLikeHeader(const std::vector<std::string>& firstRow);

}  // namespace loupe::data
