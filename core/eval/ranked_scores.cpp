#include "core/eval/ranked_scores.h"

#include <array>
#include <bit>
#include <cmath>
#include <string>

#include "core/error.h"

namespace loupe::eval {
namespace {

// LSD radix sort with 11-bit digits: 3 passes for 32-bit keys, 6 for 64-bit ones, each counting
// array fits in L1. Passes whose digit is the same for every key (common: probabilities share
// their sign and most exponent bits) are skipped.
constexpr int kDigitBits = 11;
constexpr size_t kBuckets = size_t{1} << kDigitBits;

template <class Key>
void radixSort(std::vector<Key>& keys) {
    constexpr int kPasses = (int(sizeof(Key)) * 8 + kDigitBits - 1) / kDigitBits;
    const size_t n = keys.size();
    std::vector<std::array<size_t, kBuckets>> counts(kPasses);
    for (auto& c : counts) c.fill(0);
    for (const Key key : keys) {
        for (int p = 0; p < kPasses; ++p) {
            ++counts[p][(key >> (p * kDigitBits)) & (kBuckets - 1)];
        }
    }
    std::vector<Key> buffer;
    for (int p = 0; p < kPasses; ++p) {
        std::array<size_t, kBuckets>& c = counts[p];
        bool trivial = false;
        size_t offset = 0;
        for (size_t& count : c) {
            trivial = trivial || count == n;
            const size_t here = count;
            count = offset;
            offset += here;
        }
        if (trivial) continue;
        if (buffer.empty()) buffer.resize(n);
        for (const Key key : keys) {
            buffer[c[(key >> (p * kDigitBits)) & (kBuckets - 1)]++] = key;
        }
        keys.swap(buffer);
    }
}

// Order-preserving maps between IEEE-754 values and unsigned integers (flip all bits of negative
// numbers, the sign bit of the others; Terdiman, "Radix Sort Revisited"), then complemented so
// that ascending keys are descending scores.
template <class Key, class Real>
Key descendingKey(Real value) {
    constexpr Key kSign = Key{1} << (sizeof(Key) * 8 - 1);
    const Key bits = std::bit_cast<Key>(value);
    const Key ascending = (bits & kSign) ? Key(~bits) : Key(bits | kSign);
    return Key(~ascending);
}

template <class Key, class Real>
Real fromDescendingKey(Key key) {
    constexpr Key kSign = Key{1} << (sizeof(Key) * 8 - 1);
    const Key ascending = Key(~key);
    const Key bits = (ascending & kSign) ? Key(ascending & ~kSign) : Key(~ascending);
    return std::bit_cast<Real>(bits);
}

// Sorts the two halves on keys of Key bits, Real being the narrowest type that holds every score
// exactly: float32 model outputs take 3 passes of 32-bit keys instead of up to 6 of 64-bit ones.
template <class Key, class Real>
RankedScores rankWithKeys(std::span<const int> yTrue, std::span<const double> scores,
                          int positiveClass, size_t positives) {
    std::vector<Key> pos(positives);
    std::vector<Key> neg(scores.size() - positives);
    // Indexed stores instead of a branch on the label: labels are random, a branch mispredicts.
    std::array<Key*, 2> out = {neg.data(), pos.data()};
    for (size_t i = 0; i < scores.size(); ++i) {
        // + 0.0 turns -0.0 into 0.0 so that both share one key, as they compare equal in sklearn.
        const Key key = descendingKey<Key>(static_cast<Real>(scores[i] + 0.0));
        *out[yTrue[i] == positiveClass]++ = key;
    }
    radixSort(pos);
    radixSort(neg);
    RankedScores ranked;
    ranked.positives.resize(pos.size());
    ranked.negatives.resize(neg.size());
    for (size_t i = 0; i < pos.size(); ++i)
        ranked.positives[i] = fromDescendingKey<Key, Real>(pos[i]);
    for (size_t i = 0; i < neg.size(); ++i)
        ranked.negatives[i] = fromDescendingKey<Key, Real>(neg[i]);
    return ranked;
}

}  // namespace

RankedScores rankScores(std::span<const int> yTrue, std::span<const double> scores,
                        int positiveClass) {
    if (scores.empty()) throw InputError("ranking metric: no rows");
    if (yTrue.size() != scores.size()) {
        throw InputError("ranking metric: " + std::to_string(yTrue.size()) + " labels but " +
                         std::to_string(scores.size()) + " scores");
    }
    bool allFloat = true;
    size_t positives = 0;
    for (size_t i = 0; i < scores.size(); ++i) {
        const double s = scores[i];
        if (!std::isfinite(s)) {
            throw InputError("ranking metric: score " + std::to_string(i) + " is not finite");
        }
        allFloat = allFloat && static_cast<double>(static_cast<float>(s)) == s;
        positives += yTrue[i] == positiveClass ? 1 : 0;
    }
    if (allFloat) return rankWithKeys<uint32_t, float>(yTrue, scores, positiveClass, positives);
    return rankWithKeys<uint64_t, double>(yTrue, scores, positiveClass, positives);
}

}  // namespace loupe::eval
