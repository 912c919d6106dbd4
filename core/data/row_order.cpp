#include "core/data/row_order.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <numeric>
#include <string>
#include <thread>

#include "core/progress.h"

namespace loupe::data {
namespace {

constexpr size_t kStopCheckRows = 1 << 14;
constexpr size_t kMinRowsPerThread = 1
                                     << 16;  // below this a second thread costs more than it saves
constexpr size_t kMaxThreads = 8;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool containsFolded(std::string_view text, std::string_view foldedNeedle) {
    if (foldedNeedle.size() > text.size()) return false;
    for (size_t i = 0; i + foldedNeedle.size() <= text.size(); ++i) {
        size_t k = 0;
        while (k < foldedNeedle.size() && lower(text[i + k]) == foldedNeedle[k]) ++k;
        if (k == foldedNeedle.size()) return true;
    }
    return false;
}

/// Whether the shortest form of some number (digits, sign, point, exponent, "inf") could
/// contain `needle`; a needle with other characters skips numeric columns without formatting.
bool couldBeInNumber(std::string_view foldedNeedle) {
    return std::all_of(foldedNeedle.begin(), foldedNeedle.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'i' ||
               c == 'n' || c == 'f';
    });
}

/// One flag per row of `column`: does its text contain the needle.
void markColumn(const Column& column, std::span<const int64_t> rows, std::string_view needle,
                std::span<char> hit, const std::stop_token& stop) {
    if (column.type == ColumnType::Numeric) {
        if (!couldBeInNumber(needle)) return;
        char buffer[64];
        for (size_t i = 0; i < rows.size(); ++i) {
            if (i % kStopCheckRows == 0) throwIfStopped(stop);
            if (hit[i]) continue;
            const double v = column.numeric[static_cast<size_t>(rows[i])];
            if (std::isnan(v)) continue;
            auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
            // to_chars writes lower case only ("1e-05", "inf"): a plain search will do.
            if (std::string_view(buffer, end).find(needle) != std::string_view::npos) hit[i] = 1;
        }
        return;
    }
    // A label is matched once per category, then each row only looks its code up.
    std::vector<char> match(column.categories.size());
    for (size_t c = 0; c < match.size(); ++c)
        match[c] = containsFolded(column.categories[c], needle);
    for (size_t i = 0; i < rows.size(); ++i) {
        const int32_t code = column.codes[static_cast<size_t>(rows[i])];
        if (code >= 0 && match[static_cast<size_t>(code)]) hit[i] = 1;
    }
}

}  // namespace

std::vector<int64_t> allRows(int64_t count) {
    std::vector<int64_t> rows(static_cast<size_t>(std::max<int64_t>(count, 0)));
    std::iota(rows.begin(), rows.end(), int64_t{0});
    return rows;
}

std::vector<int64_t> sortRows(const Column& column, std::span<const int64_t> rows, bool ascending) {
    std::vector<int64_t> out(rows.begin(), rows.end());
    auto present = std::stable_partition(out.begin(), out.end(),
                                         [&](int64_t r) { return !column.isMissing(r); });
    if (column.type == ColumnType::Numeric) {
        const double* values = column.numeric.data();
        if (ascending)
            std::stable_sort(out.begin(), present,
                             [values](int64_t a, int64_t b) { return values[a] < values[b]; });
        else
            std::stable_sort(out.begin(), present,
                             [values](int64_t a, int64_t b) { return values[b] < values[a]; });
        return out;
    }
    // Rank the labels once, then sort rows by the rank of their code.
    std::vector<int32_t> order(column.categories.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
        return column.categories[static_cast<size_t>(a)] <
               column.categories[static_cast<size_t>(b)];
    });
    std::vector<int32_t> rank(order.size());
    for (size_t i = 0; i < order.size(); ++i)
        rank[static_cast<size_t>(order[i])] = static_cast<int32_t>(i);
    const int32_t* codes = column.codes.data();
    auto key = [&](int64_t r) { return rank[static_cast<size_t>(codes[r])]; };
    if (ascending)
        std::stable_sort(out.begin(), present,
                         [&](int64_t a, int64_t b) { return key(a) < key(b); });
    else
        std::stable_sort(out.begin(), present,
                         [&](int64_t a, int64_t b) { return key(b) < key(a); });
    return out;
}

std::vector<int64_t> rowsContaining(const Table& table, std::span<const int64_t> rows,
                                    std::string_view needle, std::stop_token stop) {
    if (needle.empty()) return {rows.begin(), rows.end()};
    std::string folded(needle);
    for (char& c : folded) c = lower(c);
    std::vector<char> hit(rows.size(), 0);
    // Numbers are formatted to be searched (about 50 ns a cell), so a million rows of 20 columns
    // take a second on one thread: slices of rows go to the machine's threads.
    auto markSlice = [&](size_t begin, size_t end) {
        const auto slice = rows.subspan(begin, end - begin);
        const auto flags = std::span<char>(hit).subspan(begin, end - begin);
        for (const Column& column : table.columns()) {
            throwIfStopped(stop);
            markColumn(column, slice, folded, flags, stop);
        }
    };
    const size_t hardware = std::max(1u, std::thread::hardware_concurrency());
    const size_t parts =
        std::clamp<size_t>(rows.size() / kMinRowsPerThread, 1, std::min(hardware, kMaxThreads));
    if (parts == 1) {
        markSlice(0, rows.size());
    } else {
        std::vector<std::exception_ptr> failures(parts);
        {
            std::vector<std::jthread> workers;
            for (size_t p = 1; p < parts; ++p) {
                workers.emplace_back([&, p] {
                    try {
                        markSlice(rows.size() * p / parts, rows.size() * (p + 1) / parts);
                    } catch (...) {
                        failures[p] = std::current_exception();
                    }
                });
            }
            try {
                markSlice(0, rows.size() / parts);
            } catch (...) {
                failures[0] = std::current_exception();
            }
        }
        for (const auto& failure : failures)
            if (failure) std::rethrow_exception(failure);
    }
    std::vector<int64_t> out;
    for (size_t i = 0; i < rows.size(); ++i)
        if (hit[i]) out.push_back(rows[i]);
    return out;
}

}  // namespace loupe::data
