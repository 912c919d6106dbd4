#pragma once
// A dataset's fingerprint: a 64-bit hash of the file's bytes, so runs on the same data can be
// found and a changed file noticed. Not cryptographic: it tells versions apart, it does not
// defend against someone crafting a collision.

#include <filesystem>
#include <string>
#include <string_view>

namespace loupe::store {

/// "xxh3:<16 hex digits>" (XXH3-64, Debian's libxxhash) of the whole file. Throws InputError when it cannot be read.
std::string fingerprintFile(const std::filesystem::path& path);

/// The same hash of `bytes` (what fingerprintFile computes over the file's contents).
std::string fingerprintBytes(std::string_view bytes);

}  // namespace loupe::store
