#include "core/data/csv_reader.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <thread>

#include "core/data/column_builder.h"
#include "core/data/csv_dialect.h"
#include "core/data/csv_parser.h"
#include "core/data/mapped_file.h"
#include "core/error.h"

namespace loupe::data {
namespace {

constexpr size_t kSniffBytes = 1 << 16;
constexpr size_t kMinChunkBytes = 1 << 20;  // smaller files are not worth a second thread
constexpr int kMaxThreads = 8;
constexpr int64_t kProgressRows = 1 << 16;

/// Collects the first row's fields as strings (for the header and the field count).
struct FirstRowSink {
    std::vector<std::string> fields;
    void field(int64_t, std::string_view text, int64_t) { fields.emplace_back(text); }
    bool endRow(int64_t, int64_t, const char*) { return false; }
};

/// Feeds each field of a chunk to its column's builder and checks the row width.
struct ChunkSink {
    std::vector<ColumnBuilder>& columns;
    int64_t width;
    int64_t rows = 0;
    const Progress* progress = nullptr;  // only on the calling thread
    const char* begin = nullptr;
    long long scale = 1, total = 0;
    const std::stop_token* stop = nullptr;

    void field(int64_t index, std::string_view text, int64_t) {
        if (index < width) columns[size_t(index)].add(text);
    }
    bool endRow(int64_t fields, int64_t line, const char* position) {
        if (fields != width) {
            throw CsvSyntaxError{"ragged row: expected " + std::to_string(width) +
                                     " fields, found " + std::to_string(fields),
                                 line, std::min(fields, width) + 1};
        }
        if (++rows % kProgressRows == 0) {
            throwIfStopped(*stop);
            if (progress != nullptr && *progress)
                (*progress)({"reading", std::min(total, (position - begin) * scale), total, {}});
        }
        return true;
    }
};

/// Re-reads the text of rows that were parsed as numbers before a column turned categorical.
struct PrefixSink {
    std::vector<ColumnBuilder>& columns;
    int64_t row = 0;
    void field(int64_t index, std::string_view text, int64_t) {
        auto& column = columns[size_t(index)];
        if (row < column.prefixRows()) column.addPrefix(text);
    }
    bool endRow(int64_t, int64_t, const char*) {
        ++row;
        return true;
    }
};

struct Chunk {
    const char* begin = nullptr;
    const char* end = nullptr;
    std::vector<ColumnBuilder> columns;
    int64_t rows = 0;
    bool strayQuote = false;
    std::optional<CsvSyntaxError> error;
    std::exception_ptr failure;
};

void parseChunk(Chunk& chunk, char delimiter, int64_t width, size_t reserveRows,
                const Progress* progress, long long scale, long long total,
                const std::stop_token& stop) {
    try {
        chunk.columns.resize(size_t(width));
        for (auto& column : chunk.columns) column.reserve(reserveRows);
        ChunkSink sink{chunk.columns, width, 0, progress, chunk.begin, scale, total, &stop};
        std::string scratch;
        CsvScan scan = tokenizeCsv(chunk.begin, chunk.end, delimiter, sink, scratch);
        chunk.rows = sink.rows;
        chunk.strayQuote = scan.strayQuote;
    } catch (CsvSyntaxError& error) {
        chunk.error = std::move(error);
    } catch (...) {
        chunk.failure = std::current_exception();
    }
}

std::vector<Chunk> parseChunks(const char* begin, const char* end, char delimiter, int64_t width,
                               int parts, double rowsPerByte, const Progress& progress,
                               const std::stop_token& stop) {
    auto bounds = splitRows(begin, end, parts);
    std::vector<Chunk> chunks(bounds.size() - 1);
    for (size_t i = 0; i < chunks.size(); ++i) {
        chunks[i].begin = bounds[i];
        chunks[i].end = bounds[i + 1];
    }
    auto reserveFor = [&](const Chunk& c) { return size_t(double(c.end - c.begin) * rowsPerByte); };
    const auto total = static_cast<long long>(end - begin);
    {
        std::vector<std::jthread> workers;
        for (size_t i = 1; i < chunks.size(); ++i) {
            workers.emplace_back([&, i] {
                parseChunk(chunks[i], delimiter, width, reserveFor(chunks[i]), nullptr, 0, 0, stop);
            });
        }
        parseChunk(chunks[0], delimiter, width, size_t(double(total) * rowsPerByte), &progress,
                   static_cast<long long>(chunks.size()), total, stop);
    }
    return chunks;
}

Column mergeColumn(std::vector<Chunk>& chunks, size_t c, std::string name) {
    Column column;
    column.name = std::move(name);
    size_t rows = 0;
    for (const auto& chunk : chunks) rows += size_t(chunk.rows);
    if (!chunks[0].columns[c].categorical()) {
        // Chunk 0 reserved room for the whole file (address space only: untouched pages cost
        // no memory), so the other chunks append to it without a second copy of the column.
        auto& first = chunks[0].columns[c].numeric();
        if (first.capacity() >= rows) column.numeric = std::move(first);
        column.numeric.reserve(rows);
        for (auto& chunk : chunks) {
            auto& part = chunk.columns[c].numeric();
            column.numeric.insert(column.numeric.end(), part.begin(), part.end());
            part = {};  // keep peak memory near one copy of the columns
        }
        return column;
    }
    column.type = ColumnType::Categorical;
    column.codes.reserve(rows);
    Dictionary index;
    for (auto& chunk : chunks) {
        auto& builder = chunk.columns[c];
        std::vector<int32_t> remap;
        remap.reserve(builder.categories().size());
        for (const auto& category : builder.categories()) {
            remap.push_back(intern(index, column.categories, category));
        }
        for (int32_t code : builder.codes())
            column.codes.push_back(code < 0 ? -1 : remap[size_t(code)]);
        builder.codes() = {};
        builder.categories() = {};
    }
    classifyCategorical(column);
    return column;
}

/// A column categorical in one chunk is categorical in all: re-read the numeric rows as text.
void unifyTypes(std::vector<Chunk>& chunks, int64_t width, char delimiter) {
    for (size_t c = 0; c < size_t(width); ++c) {
        bool categorical = false;
        for (auto& chunk : chunks) categorical = categorical || chunk.columns[c].categorical();
        if (!categorical) continue;
        for (auto& chunk : chunks) chunk.columns[c].toCategorical();
    }
    for (auto& chunk : chunks) {
        bool pending = false;
        for (auto& column : chunk.columns) pending = pending || column.prefixRows() > 0;
        if (!pending) continue;
        PrefixSink sink{chunk.columns};
        std::string scratch;
        tokenizeCsv(chunk.begin, chunk.end, delimiter, sink, scratch);
        for (auto& column : chunk.columns) column.finishPrefix();
    }
}

int threadCount(size_t bytes) {
    int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    auto bySize = static_cast<int>(std::min<size_t>(bytes / kMinChunkBytes + 1, kMaxThreads));
    return std::max(1, std::min({hardware, kMaxThreads, bySize}));
}

}  // namespace

Table readCsv(const std::string& path, const CsvOptions& options, const Progress& progress,
              std::stop_token stop) {
    MappedFile file(path);
    std::string_view bytes = file.bytes();
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw InputError("empty file", path);
    }
    std::string_view sample = bytes.substr(0, kSniffBytes);
    if (std::string reason = binaryReason(sample); !reason.empty()) {
        throw InputError("not a text file (" + reason + ")", path);
    }
    const char delimiter = options.delimiter.value_or(sniffDelimiter(sample));
    const char* const base = bytes.data();
    const char* const end = base + bytes.size();
    auto fail = [&](const CsvSyntaxError& error, const char* rangeBegin) {
        int64_t line = countLines(file.bytes().data(), rangeBegin) + error.line;
        throw InputError(error.message, path, line, error.column);
    };

    FirstRowSink first;
    std::string scratch;
    CsvScan firstScan;
    try {
        firstScan = tokenizeCsv(base, end, delimiter, first, scratch);
    } catch (const CsvSyntaxError& error) {
        fail(error, base);
    }
    const bool header = options.header.value_or(looksLikeHeader(first.fields));
    const auto width = static_cast<int64_t>(first.fields.size());
    std::vector<std::string> names(first.fields.size());
    if (header) {
        for (size_t i = 0; i < names.size(); ++i) {
            std::string_view name = first.fields[i];
            auto from = name.find_first_not_of(" \t"), to = name.find_last_not_of(" \t");
            names[i] =
                from == std::string_view::npos ? "" : std::string(name.substr(from, to - from + 1));
        }
    }
    names = uniqueNames(std::move(names));
    const char* dataBegin = header ? firstScan.stop : base;

    // Rows per byte from the sample, to reserve the columns once instead of growing them.
    std::string_view dataSample(dataBegin, std::min<size_t>(kSniffBytes, size_t(end - dataBegin)));
    double rowsPerByte =
        dataSample.empty()
            ? 0.0
            : 1.05 * double(std::count(dataSample.begin(), dataSample.end(), '\n') + 1) /
                  double(dataSample.size());

    auto chunks = parseChunks(dataBegin, end, delimiter, width,
                              threadCount(size_t(end - dataBegin)), rowsPerByte, progress, stop);
    throwIfStopped(stop);
    bool stray = std::any_of(chunks.begin(), chunks.end(), [](auto& c) { return c.strayQuote; });
    if (stray && chunks.size() > 1) {
        // Stray quotes can fool the quote counting that placed the chunk boundaries.
        chunks = parseChunks(dataBegin, end, delimiter, width, 1, rowsPerByte, progress, stop);
        throwIfStopped(stop);
    }
    for (const auto& chunk : chunks) {
        if (chunk.failure) std::rethrow_exception(chunk.failure);
        if (chunk.error) fail(*chunk.error, chunk.begin);
    }
    int64_t rows = 0;
    for (const auto& chunk : chunks) rows += chunk.rows;
    if (rows == 0) throw InputError("no data rows: the file holds only a header", path);

    throwIfStopped(stop);
    try {
        unifyTypes(chunks, width, delimiter);
    } catch (const CsvSyntaxError& error) {
        fail(error, dataBegin);
    }
    std::vector<Column> columns;
    columns.reserve(size_t(width));
    for (size_t c = 0; c < size_t(width); ++c) {
        throwIfStopped(stop);
        columns.push_back(mergeColumn(chunks, c, names[c]));
    }
    if (progress)
        progress({"reading",
                  static_cast<long long>(bytes.size()),
                  static_cast<long long>(bytes.size()),
                  {}});
    return Table(std::move(columns), path);
}

}  // namespace loupe::data
