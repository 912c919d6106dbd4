#include "core/store/fingerprint.h"

#include <xxhash.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "core/error.h"

namespace loupe::store {

namespace {

std::string format(XXH64_hash_t hash) {
    char text[24];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return std::string("xxh3:") + text;
}

}  // namespace

std::string fingerprintFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read the dataset to fingerprint it", path.string());
    std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(),
                                                                    &XXH3_freeState);
    if (!state) throw Error("out of memory hashing " + path.string());
    XXH3_64bits_reset(state.get());
    // 1 MiB at a time: memory stays bounded whatever the dataset's size.
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got > 0) XXH3_64bits_update(state.get(), buffer.data(), static_cast<size_t>(got));
    }
    if (in.bad()) throw InputError("read error while fingerprinting the dataset", path.string());
    return format(XXH3_64bits_digest(state.get()));
}

std::string fingerprintBytes(std::string_view bytes) {
    return format(XXH3_64bits(bytes.data(), bytes.size()));
}

}  // namespace loupe::store
