#include "core/data/reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/data/csv_reader.h"
#include "core/data/hdf5_reader.h"

namespace loupe::data {
namespace {

/// HDF5's signature sits at byte 0, or at 512, 1024, ... after a user block.
bool hasHdf5Signature(const std::string& path) {
    static constexpr char kSignature[] = "\x89HDF\r\n\x1a\n";
    std::ifstream in(path, std::ios::binary);
    char head[8];
    for (std::streamoff at = 0; at <= 8192 && in; at = at == 0 ? 512 : at * 2) {
        in.seekg(at);
        if (in.read(head, 8) && std::memcmp(head, kSignature, 8) == 0) return true;
    }
    return false;
}

}  // namespace

Table readTable(const std::string& path, const Progress& progress, std::stop_token stop) {
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (extension == ".h5" || extension == ".hdf5" || extension == ".he5")
        return readHdf5(path, stop);
    if (extension == ".tsv") return readCsv(path, CsvOptions{'\t', std::nullopt}, progress, stop);
    if (extension == ".csv" || extension == ".txt") return readCsv(path, {}, progress, stop);
    if (hasHdf5Signature(path)) return readHdf5(path, stop);
    return readCsv(path, {}, progress, stop);
}

}  // namespace loupe::data
