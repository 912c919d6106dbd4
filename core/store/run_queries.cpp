// RunDatabase's reads: one run, a filtered and sorted list, and the CSV export.

#include <cmath>
#include <ctime>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/store/run_database.h"
#include "core/store/sqlite_handle.h"

namespace loupe::store {

namespace {

constexpr const char* kRunColumns =
    "id, kind, name, status, started_at, finished_at, config, dataset, dataset_fingerprint, seed,"
    " device, folder, notes, tags, archived, parent, error";

/// The ORDER BY expression for RunQuery::orderBy; metric sorts bind the metric's name as ?1.
std::string orderExpression(const std::string& orderBy, bool& bindsMetric) {
    static const std::map<std::string, std::string> columns{
        {"id", "id"},
        {"name", "name COLLATE NOCASE"},
        {"kind", "kind"},
        {"status", "status"},
        {"started_at", "started_at"},
        {"duration", "(finished_at - started_at)"},
        {"seed", "seed"},
        {"device", "device"}};
    bindsMetric = false;
    if (const auto it = columns.find(orderBy); it != columns.end()) return it->second;
    if (orderBy.rfind("metric:", 0) == 0) {
        bindsMetric = true;
        return "(SELECT value FROM metrics WHERE run_id = runs.id AND name = ?1)";
    }
    throw InputError("cannot sort runs by '" + orderBy +
                     "' (id, name, kind, status, started_at, duration, seed, device, "
                     "metric:<split>.<name>)");
}

/// `text` as a LIKE pattern matching it anywhere, with LIKE's wildcards escaped.
std::string likePattern(const std::string& text) {
    std::string pattern = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

std::string isoTime(double unixSeconds) {
    if (!std::isfinite(unixSeconds)) return {};
    const std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::string csvField(const std::string& value) {
    if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
    std::string quoted = "\"";
    for (const char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string number(double value) {
    if (!std::isfinite(value)) return {};
    std::ostringstream out;
    out.precision(10);
    out << value;
    return out.str();
}

}  // namespace

RunRecord RunDatabase::readRun(Statement& row) const {
    RunRecord run;
    run.id = row.integer(0);
    run.kind = row.text(1);
    run.name = row.text(2);
    run.status = parseRunStatus(row.text(3));
    run.startedAt = row.real(4);
    if (!row.isNull(5)) run.finishedAt = row.real(5);
    run.config = nlohmann::json::parse(row.text(6), nullptr, false);
    if (run.config.is_discarded()) run.config = nlohmann::json::object();
    run.datasetPath = row.text(7);
    run.datasetFingerprint = row.text(8);
    run.seed = static_cast<uint64_t>(row.integer(9));
    run.device = row.text(10);
    run.folder = row.text(11);
    run.notes = row.text(12);
    const auto tags = nlohmann::json::parse(row.text(13), nullptr, false);
    if (tags.is_array())
        for (const auto& tag : tags)
            if (tag.is_string()) run.tags.push_back(tag.get<std::string>());
    run.archived = row.integer(14) != 0;
    run.parent = row.isNull(15) ? 0 : row.integer(15);
    run.error = row.text(16);
    return run;
}

std::optional<RunRecord> RunDatabase::run(int64_t id) {
    Statement row(*m_db, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?");
    if (!row.bind(1, id).step()) return std::nullopt;
    RunRecord found = readRun(row);
    Statement metrics(*m_db, "SELECT name, value FROM metrics WHERE run_id = ?");
    metrics.bind(1, id);
    while (metrics.step()) found.metrics[metrics.text(0)] = metrics.real(1);
    return found;
}

std::vector<RunRecord> RunDatabase::runs(const RunQuery& query) {
    bool bindsMetric = false;
    const std::string order = orderExpression(query.orderBy, bindsMetric);
    std::string sql = std::string("SELECT ") + kRunColumns + " FROM runs WHERE 1";
    // Parameters ?2.. follow the metric name's ?1 (bound or not, numbering stays the same).
    if (!query.includeArchived) sql += " AND archived = 0";
    if (query.status) sql += " AND status = ?2";
    if (!query.kind.empty()) sql += " AND kind = ?3";
    if (!query.text.empty())
        sql += " AND (name LIKE ?4 ESCAPE '\\' OR kind LIKE ?4 ESCAPE '\\' OR notes LIKE ?4 "
               "ESCAPE '\\' OR tags LIKE ?4 ESCAPE '\\' OR dataset LIKE ?4 ESCAPE '\\' OR "
               "device LIKE ?4 ESCAPE '\\' OR config LIKE ?4 ESCAPE '\\' OR status LIKE ?4)";
    // NULLs (a run without the metric) last in both directions; id breaks ties stably.
    sql += " ORDER BY " + order + " IS NULL, " + order + (query.descending ? " DESC" : " ASC") +
           ", id" + (query.descending ? " DESC" : " ASC");
    if (query.limit >= 0) sql += " LIMIT " + std::to_string(query.limit);

    Statement rows(*m_db, sql);
    if (bindsMetric) rows.bind(1, std::string_view(query.orderBy).substr(7));
    if (query.status) rows.bind(2, toString(*query.status));
    if (!query.kind.empty()) rows.bind(3, query.kind);
    if (!query.text.empty()) rows.bind(4, likePattern(query.text));

    std::vector<RunRecord> out;
    std::map<int64_t, size_t> index;
    while (rows.step()) {
        out.push_back(readRun(rows));
        index[out.back().id] = out.size() - 1;
    }
    if (out.empty()) return out;

    // Metrics in one pass over the table rather than one query per run.
    const std::set<std::string> wanted(query.metrics.begin(), query.metrics.end());
    Statement metrics(*m_db, "SELECT run_id, name, value FROM metrics");
    while (metrics.step()) {
        const auto it = index.find(metrics.integer(0));
        if (it == index.end()) continue;
        std::string name = metrics.text(1);
        if (!wanted.empty() && !wanted.contains(name)) continue;
        out[it->second].metrics[std::move(name)] = metrics.real(2);
    }
    return out;
}

std::string runsCsv(const std::vector<RunRecord>& runs, std::vector<std::string> metrics) {
    if (metrics.empty()) {
        std::set<std::string> all;
        for (const RunRecord& run : runs)
            for (const auto& [name, value] : run.metrics) all.insert(name);
        metrics.assign(all.begin(), all.end());
    }
    std::string csv = "id,name,kind,status,started_at,duration_s,seed,device,dataset,tags,notes";
    for (const std::string& name : metrics) csv += "," + csvField(name);
    csv += "\n";
    for (const RunRecord& run : runs) {
        std::string tags;
        for (const std::string& tag : run.tags) tags += (tags.empty() ? "" : ";") + tag;
        csv += std::to_string(run.id) + "," + csvField(run.name) + "," + csvField(run.kind) + "," +
               toString(run.status) + "," + isoTime(run.startedAt) + "," +
               number(run.durationSeconds()) + "," + std::to_string(run.seed) + "," +
               csvField(run.device) + "," + csvField(run.datasetPath) + "," + csvField(tags) +
               "," + csvField(run.notes);
        for (const std::string& name : metrics) {
            const auto it = run.metrics.find(name);
            csv += "," + (it == run.metrics.end() ? std::string() : number(it->second));
        }
        csv += "\n";
    }
    return csv;
}

}  // namespace loupe::store
