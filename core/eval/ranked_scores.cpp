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

// Order-preserving maps between IEEE-754 doubles and unsigned integers (flip all bits of negative
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

// General layout: the two halves sorted apart on 64-bit keys of the doubles.
RankedScores rankDoubles(std::span<const int> yTrue, std::span<const double> scores,
                         int positiveClass, size_t positives) {
    std::vector<uint64_t> pos(positives);
    std::vector<uint64_t> neg(scores.size() - positives);
    // Indexed stores instead of a branch on the label: labels are random, a branch mispredicts.
    std::array<uint64_t*, 2> out = {neg.data(), pos.data()};
    for (size_t i = 0; i < scores.size(); ++i) {
        // + 0.0 turns -0.0 into 0.0 so that both share one key, as they compare equal in sklearn.
        *out[yTrue[i] == positiveClass]++ = descendingKey<uint64_t>(scores[i] + 0.0);
    }
    radixSort(pos);
    radixSort(neg);
    RankedScores ranked;
    ranked.positiveCount = int64_t(pos.size());
    ranked.negativeCount = int64_t(neg.size());
    ranked.positives.resize(pos.size());
    ranked.negatives.resize(neg.size());
    for (size_t i = 0; i < pos.size(); ++i) {
        ranked.positives[i] = fromDescendingKey<uint64_t, double>(pos[i]);
    }
    for (size_t i = 0; i < neg.size(); ++i) {
        ranked.negatives[i] = fromDescendingKey<uint64_t, double>(neg[i]);
    }
    return ranked;
}

// Packed layout for nonnegative float32 scores: their bits already order like the values and
// leave the sign bit free for the label, so one 32-bit sort of 3 passes orders everything.
RankedScores rankPacked(std::span<const int> yTrue, std::span<const double> scores,
                        int positiveClass, size_t positives) {
    RankedScores ranked;
    ranked.positiveCount = int64_t(positives);
    ranked.negativeCount = int64_t(scores.size() - positives);
    ranked.packed.resize(scores.size());
    for (size_t i = 0; i < scores.size(); ++i) {
        const uint32_t bits = std::bit_cast<uint32_t>(static_cast<float>(scores[i] + 0.0));
        ranked.packed[i] = ~((bits << 1) | uint32_t(yTrue[i] == positiveClass));
    }
    radixSort(ranked.packed);
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
    bool packable = true;
    size_t positives = 0;
    for (size_t i = 0; i < scores.size(); ++i) {
        const double s = scores[i];
        if (!std::isfinite(s)) {
            throw InputError("ranking metric: score " + std::to_string(i) + " is not finite");
        }
        packable = packable && s >= 0.0 && static_cast<double>(static_cast<float>(s)) == s;
        positives += yTrue[i] == positiveClass ? 1 : 0;
    }
    if (packable) return rankPacked(yTrue, scores, positiveClass, positives);
    return rankDoubles(yTrue, scores, positiveClass, positives);
}

uint64_t twiceRocArea(const RankedScores& ranked) {
    if (ranked.packed.empty()) {
        // A tie group of tp positives and fp negatives adds fp * (2 * tpBefore + tp).
        uint64_t twiceArea = 0;
        uint64_t tpBefore = 0;
        forEachDistinctScore(ranked, [&](double, int64_t tp, int64_t fp) {
            twiceArea += uint64_t(fp) * (2 * tpBefore + uint64_t(tp));
            tpBefore += uint64_t(tp);
        });
        return twiceArea;
    }
    // The same sum row by row and without branches (ties are random, branches would mispredict):
    // positives come first within a tie, so each negative adds 2 * positives above its score plus
    // the positives tied with it.
    uint64_t twiceArea = 0;
    uint64_t above = 0;
    uint64_t tied = 0;
    uint32_t previous = ranked.packed.front() | 1u;
    for (const uint32_t key : ranked.packed) {
        const uint64_t sameScore = ((key | 1u) == previous) ? 1 : 0;
        const uint64_t positive = (~key) & 1u;
        above += (1 - sameScore) * tied;
        tied = sameScore * tied + positive;
        twiceArea += (1 - positive) * (2 * above + tied);
        previous = key | 1u;
    }
    return twiceArea;
}

}  // namespace loupe::eval
