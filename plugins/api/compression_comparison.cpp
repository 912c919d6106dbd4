// Comparison rows (see the header).

#include "plugins/api/compression_comparison.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <utility>

#include "core/error.h"
#include "core/eval/report.h"
#include "core/io/model_file.h"
#include "core/nn/layer.h"
#include "core/train/predictions.h"

namespace loupe::plugins {
namespace {

namespace fs = std::filesystem;

/// Median wall time in milliseconds of `reps` calls of predict on `x` in one batch (after one
/// warm-up call, which allocates the workspace).
double medianLatency(const nn::Model& model, device::Device& device, const Matrix& x, int reps) {
    (void)model.predict(device, x, x.rows());
    std::vector<double> ms;
    for (int i = 0; i < reps; ++i) {
        const auto start = std::chrono::steady_clock::now();
        (void)model.predict(device, x, x.rows());
        device.synchronize();
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
    return ms[ms.size() / 2];
}

/// `x`'s rows repeated (in order) until there are `n`.
Matrix repeatRows(const Matrix& x, int64_t n) {
    Matrix out(n, x.cols());
    for (int64_t r = 0; r < n; ++r) out.row(r) = x.row(r % x.rows());
    return out;
}

int64_t fileSize(const nn::Model& model) {
    static std::atomic<int> counter{0};
    const fs::path path = fs::temp_directory_path() / ("loupe-size-" + std::to_string(::getpid()) +
                                                       "-" + std::to_string(counter++) + ".h5");
    io::saveModel(model, path);
    std::error_code ec;
    const auto size = static_cast<int64_t>(fs::file_size(path, ec));
    fs::remove(path, ec);
    return size;
}

nlohmann::ordered_json metricsOf(const nn::Model& model, device::Device& device,
                                 const HeldOutRows& rows) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    if (rows.x.rows() == 0) return out;
    const MatrixD outputs = train::widenOutputs(model.predict(device, rows.x), model.task);
    if (model.task == data::Task::Classification) {
        std::vector<int> labels(rows.labels.begin(), rows.labels.end());
        const nlohmann::json report = eval::classificationReport(labels, outputs, model.classNames);
        out["accuracy"] = report["accuracy"];
        const char* auc = model.classNames.size() == 2 ? "roc_auc" : "roc_auc_ovr_macro";
        out[auc] = report[auc];
    } else {
        std::vector<double> predicted(outputs.data(), outputs.data() + outputs.rows());
        const nlohmann::json report = eval::regressionReport(rows.labels, predicted);
        out["r2"] = report["r2"];
        out["rmse"] = report["rmse"];
    }
    return out;
}

}  // namespace

ComparisonRow measureModel(const nn::Model& model, device::Device& device, const HeldOutRows& rows,
                           const std::string& name, const std::string& plugin) {
    ComparisonRow row;
    row.name = name;
    row.plugin = plugin;
    row.parameters = model.parameterCount();
    for (const auto& layer : model.layers())
        for (const nn::Parameter& p : std::as_const(*layer).parameters())
            row.nonzeroParameters += (p.value.array() != 0.0f).count();
    row.sizeBytes = fileSize(model);
    if (rows.x.rows() > 0) {
        // Enough calls for a stable median, few enough to stay well under a second each.
        row.latencyBatch1 = medianLatency(model, device, rows.x.topRows(1), 101);
        row.latencyBatch1024 = medianLatency(model, device, repeatRows(rows.x, 1024), 15);
    }
    row.metrics = metricsOf(model, device, rows);
    return row;
}

nlohmann::ordered_json comparisonJson(const std::vector<ComparisonRow>& rows,
                                      const std::string& split, const std::string& note) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    if (!note.empty()) doc["note"] = note;
    doc["split"] = split;
    nlohmann::ordered_json models = nlohmann::ordered_json::array();
    for (size_t i = 0; i < rows.size(); ++i) {
        const ComparisonRow& r = rows[i];
        nlohmann::ordered_json m = nlohmann::ordered_json::object();
        m["name"] = r.name;
        if (!r.plugin.empty()) m["plugin"] = r.plugin;
        m["parameters"] = r.parameters;
        m["nonzero_parameters"] = r.nonzeroParameters;
        m["size_bytes"] = r.sizeBytes;
        m["latency_ms_batch1"] = r.latencyBatch1;
        m["latency_ms_batch1024"] = r.latencyBatch1024;
        for (const auto& [key, value] : r.metrics.items()) m[key] = value;
        if (i > 0) {
            const ComparisonRow& o = rows.front();
            for (const auto& [key, value] : r.metrics.items()) {
                const auto before = o.metrics.find(key);
                m[key + "_change"] =
                    value.is_number() && before != o.metrics.end() && before->is_number()
                        ? nlohmann::ordered_json(value.get<double>() - before->get<double>())
                        : nlohmann::ordered_json(nullptr);
            }
            m["size_ratio"] = o.sizeBytes > 0 ? double(r.sizeBytes) / double(o.sizeBytes) : 0.0;
            m["speedup_batch1"] = r.latencyBatch1 > 0 ? o.latencyBatch1 / r.latencyBatch1 : 0.0;
            m["speedup_batch1024"] =
                r.latencyBatch1024 > 0 ? o.latencyBatch1024 / r.latencyBatch1024 : 0.0;
        }
        models.push_back(std::move(m));
    }
    doc["models"] = std::move(models);
    return doc;
}

std::map<std::string, double> comparisonMetrics(const ComparisonRow& original,
                                                const ComparisonRow& compressed,
                                                const std::string& split) {
    const nlohmann::ordered_json doc = comparisonJson({original, compressed}, split);
    std::map<std::string, double> metrics;
    const char* prefixes[] = {"original.", "compressed."};
    for (size_t i = 0; i < 2; ++i)
        for (const auto& [key, value] : doc["models"][i].items())
            if (value.is_number()) metrics[prefixes[i] + key] = value.get<double>();
    return metrics;
}

std::string compressedRunName(const std::string& id, const nlohmann::json& parameters) {
    std::string values;
    for (const auto& [name, value] : parameters.items())
        values += (values.empty() ? "" : ", ") + name + "=" +
                  (value.is_string() ? value.get<std::string>() : value.dump());
    return values.empty() ? id : id + " (" + values + ")";
}

}  // namespace loupe::plugins
