#include "core/store/run_record.h"

#include <array>
#include <cmath>

#include "core/error.h"

namespace loupe::store {

namespace {
constexpr std::array<std::pair<RunStatus, const char*>, 5> kStatusNames{{
    {RunStatus::Running, "running"},
    {RunStatus::Finished, "finished"},
    {RunStatus::Cancelled, "cancelled"},
    {RunStatus::Failed, "failed"},
    {RunStatus::Interrupted, "interrupted"},
}};
}  // namespace

std::string toString(RunStatus status) {
    for (const auto& [value, name] : kStatusNames)
        if (value == status) return name;
    return "running";
}

RunStatus parseRunStatus(const std::string& text) {
    for (const auto& [value, name] : kStatusNames)
        if (text == name) return value;
    throw InputError("unknown run status '" + text +
                     "' (running, finished, cancelled, failed, interrupted)");
}

double RunRecord::durationSeconds() const {
    return finishedAt ? *finishedAt - startedAt : std::nan("");
}

nlohmann::json toJson(const RunRecord& run) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, value] : run.metrics)
        metrics[name] = std::isfinite(value) ? nlohmann::json(value) : nlohmann::json();
    const double duration = run.durationSeconds();
    return {{"id", run.id},
            {"kind", run.kind},
            {"name", run.name},
            {"status", toString(run.status)},
            {"started_at", run.startedAt},
            {"finished_at", run.finishedAt ? nlohmann::json(*run.finishedAt) : nlohmann::json()},
            {"duration_s", std::isfinite(duration) ? nlohmann::json(duration) : nlohmann::json()},
            {"config", run.config},
            {"dataset", run.datasetPath},
            {"dataset_fingerprint", run.datasetFingerprint},
            {"seed", run.seed},
            {"device", run.device},
            {"folder", run.folder},
            {"notes", run.notes},
            {"tags", run.tags},
            {"archived", run.archived},
            {"parent", run.parent == 0 ? nlohmann::json() : nlohmann::json(run.parent)},
            {"error", run.error},
            {"metrics", metrics}};
}

std::map<std::string, double> flattenMetrics(const nlohmann::json& metricsJson) {
    std::map<std::string, double> flat;
    const auto splits = metricsJson.find("splits");
    if (splits == metricsJson.end() || !splits->is_object()) return flat;
    for (const auto& [split, report] : splits->items()) {
        if (!report.is_object()) continue;
        for (const auto& [metric, value] : report.items())
            if (value.is_number()) flat[split + "." + metric] = value.get<double>();
    }
    return flat;
}

}  // namespace loupe::store
