#include "core/io/run_folder.h"

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/csv_writer.h"

namespace loupe::io {
namespace {

const std::string& className(const train::PredictionSet& p, double index) {
    const auto i = static_cast<int64_t>(index);
    if (i < 0 || i >= static_cast<int64_t>(p.classNames.size()))
        throw ModelError("predictions: class index " + std::to_string(i) + " out of range");
    return p.classNames[static_cast<size_t>(i)];
}

}  // namespace

std::vector<int> predictedClasses(const MatrixD& probs) {
    std::vector<int> predicted(static_cast<size_t>(probs.rows()), 0);
    for (Eigen::Index r = 0; r < probs.rows(); ++r) {
        Eigen::Index best = 0;
        for (Eigen::Index c = 1; c < probs.cols(); ++c)
            if (probs(r, c) > probs(r, best)) best = c;
        predicted[static_cast<size_t>(r)] = static_cast<int>(best);
    }
    return predicted;
}

nlohmann::json metricsDocument(data::Task task, const std::vector<std::string>& classNames,
                               const std::vector<std::pair<std::string, nlohmann::json>>& splits) {
    nlohmann::json doc;
    doc["task"] = std::string(data::toString(task));
    doc["classes"] = classNames;
    nlohmann::json reports = nlohmann::json::object();
    for (const auto& [name, report] : splits) reports[name] = report;
    doc["splits"] = std::move(reports);
    return doc;
}

std::string predictionsCsv(const train::PredictionSet& p) {
    train::checkPredictionSet(p);
    const bool classification = p.task == data::Task::Classification;
    CsvWriter csv;
    csv.field("row");
    if (!p.splits.empty()) csv.field("split");
    if (!p.labels.empty()) csv.field("label");
    csv.field("predicted");
    if (classification)
        for (const std::string& name : p.classNames) csv.field("p_" + name);
    csv.endRow();

    const std::vector<int> predicted =
        classification ? predictedClasses(p.outputs) : std::vector<int>{};
    for (size_t i = 0; i < p.rows.size(); ++i) {
        const auto r = static_cast<Eigen::Index>(i);
        csv.integer(p.rows[i]);
        if (!p.splits.empty()) csv.field(p.splits[i]);
        if (classification) {
            if (!p.labels.empty())
                csv.field(p.labels[i] < 0 ? std::string() : className(p, p.labels[i]));
            csv.field(p.classNames[static_cast<size_t>(predicted[i])]);
            for (Eigen::Index c = 0; c < p.outputs.cols(); ++c) csv.number(p.outputs(r, c));
        } else {
            if (!p.labels.empty()) csv.number(p.labels[i]);
            csv.number(p.outputs(r, 0));
        }
        csv.endRow();
    }
    return csv.take();
}

std::string historyCsv(const train::History& history) {
    CsvWriter csv;
    csv.field("epoch").field("train_loss").field("val_loss");
    csv.field(history.valMetricName.empty() ? std::string("val_metric") : history.valMetricName);
    csv.field("lr").field("seconds").endRow();
    for (const train::EpochRecord& e : history.epochs) {
        csv.integer(e.epoch).number(e.trainLoss).number(e.valLoss).number(e.valMetric);
        // The learning rate was set as a float32: print it as one ("0.001").
        csv.number(static_cast<float>(e.learningRate)).number(e.seconds).endRow();
    }
    return csv.take();
}

void writeMetrics(const std::filesystem::path& path, const nlohmann::json& metrics) {
    writeFileAtomic(path, metrics.dump(2) + "\n");
}

void writePredictions(const std::filesystem::path& path, const train::PredictionSet& predictions) {
    writeFileAtomic(path, predictionsCsv(predictions));
}

void writeHistory(const std::filesystem::path& path, const train::History& history) {
    writeFileAtomic(path, historyCsv(history));
}

}  // namespace loupe::io
