#include "core/io/run_folder.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/csv_records.h"
#include "core/io/csv_writer.h"
#include "core/io/model_file.h"

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

namespace {

/// The index of each expected header name in `header`, or -1.
int64_t columnOf(const std::vector<std::string>& header, std::string_view name) {
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int64_t>(i);
    return -1;
}

std::string readWholeFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read the file (missing or not readable)", path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

train::PredictionSet parsePredictionsCsv(std::string_view text, const std::string& source) {
    const std::vector<CsvRecord> records = parseCsvRecords(text, source);
    if (records.empty()) throw InputError("empty predictions file", source);
    const std::vector<std::string>& header = records.front().fields;
    const int64_t rowColumn = columnOf(header, "row");
    const int64_t splitColumn = columnOf(header, "split");
    const int64_t labelColumn = columnOf(header, "label");
    const int64_t predictedColumn = columnOf(header, "predicted");
    if (rowColumn != 0 || predictedColumn < 0)
        throw InputError(
            "not a predictions file: the header must start with 'row' and have "
            "'predicted'",
            source, records.front().line, 1);
    train::PredictionSet p;
    std::vector<int64_t> probabilityColumns;
    for (size_t c = static_cast<size_t>(predictedColumn) + 1; c < header.size(); ++c) {
        if (header[c].rfind("p_", 0) != 0)
            throw InputError("unexpected column '" + header[c] + "' after 'predicted'", source,
                             records.front().line, static_cast<int64_t>(c) + 1);
        p.classNames.push_back(header[c].substr(2));
        probabilityColumns.push_back(static_cast<int64_t>(c));
    }
    p.task = p.classNames.empty() ? data::Task::Regression : data::Task::Classification;
    const bool classification = p.task == data::Task::Classification;
    const auto rows = static_cast<Eigen::Index>(records.size() - 1);
    p.outputs.resize(rows, classification ? static_cast<Eigen::Index>(p.classNames.size()) : 1);
    for (Eigen::Index r = 0; r < rows; ++r) {
        const CsvRecord& record = records[static_cast<size_t>(r) + 1];
        const auto& f = record.fields;
        if (f.size() != header.size())
            throw InputError("expected " + std::to_string(header.size()) + " fields, found " +
                                 std::to_string(f.size()),
                             source, record.line, static_cast<int64_t>(f.size()));
        const auto at = [&](int64_t c) -> const std::string& { return f[static_cast<size_t>(c)]; };
        p.rows.push_back(parseCsvInteger(at(rowColumn), source, record.line, rowColumn + 1));
        if (splitColumn >= 0) p.splits.push_back(at(splitColumn));
        if (labelColumn >= 0 && classification) {
            const std::string& label = at(labelColumn);
            const auto known = std::find(p.classNames.begin(), p.classNames.end(), label);
            if (!label.empty() && known == p.classNames.end())
                throw InputError("label '" + label + "' is not one of the p_<class> columns",
                                 source, record.line, labelColumn + 1);
            p.labels.push_back(label.empty() ? -1.0
                                             : static_cast<double>(known - p.classNames.begin()));
        } else if (labelColumn >= 0) {
            p.labels.push_back(
                parseCsvNumber(at(labelColumn), source, record.line, labelColumn + 1));
        }
        if (!classification) {
            p.outputs(r, 0) =
                parseCsvNumber(at(predictedColumn), source, record.line, predictedColumn + 1);
            continue;
        }
        for (size_t k = 0; k < probabilityColumns.size(); ++k) {
            const int64_t c = probabilityColumns[k];
            p.outputs(r, static_cast<Eigen::Index>(k)) =
                parseCsvNumber(at(c), source, record.line, c + 1);
        }
    }
    return p;
}

train::History parseHistoryCsv(std::string_view text, const std::string& source) {
    const std::vector<CsvRecord> records = parseCsvRecords(text, source);
    static const char* const kColumns[] = {"epoch", "train_loss", "val_loss",
                                           nullptr, "lr",         "seconds"};
    if (records.empty()) throw InputError("empty history file", source);
    const std::vector<std::string>& header = records.front().fields;
    bool matches = header.size() == std::size(kColumns);
    for (size_t c = 0; matches && c < header.size(); ++c)
        matches = kColumns[c] == nullptr || header[c] == kColumns[c];
    if (!matches)
        throw InputError(
            "not a history file: expected the columns epoch, train_loss, val_loss, "
            "<metric>, lr, seconds",
            source, records.front().line, 1);
    train::History history;
    history.valMetricName = header[3] == "val_metric" ? std::string() : header[3];
    for (size_t i = 1; i < records.size(); ++i) {
        const CsvRecord& record = records[i];
        if (record.fields.size() != header.size())
            throw InputError("expected " + std::to_string(header.size()) + " fields, found " +
                                 std::to_string(record.fields.size()),
                             source, record.line, static_cast<int64_t>(record.fields.size()));
        const auto number = [&](int64_t c) {
            return parseCsvNumber(record.fields[static_cast<size_t>(c)], source, record.line,
                                  c + 1);
        };
        train::EpochRecord e;
        e.epoch = parseCsvInteger(record.fields[0], source, record.line, 1);
        e.trainLoss = number(1);
        e.valLoss = number(2);
        e.valMetric = number(3);
        e.learningRate = number(4);
        e.seconds = number(5);
        history.epochs.push_back(e);
    }
    history.bestEpoch = history.epochs.empty() ? 0 : history.epochs.back().epoch;
    return history;
}

nlohmann::json readTrainingRecord(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) return nullptr;
    const nlohmann::json metrics = nlohmann::json::parse(readWholeFile(path), nullptr, false);
    if (!metrics.is_object())
        throw InputError("not a metrics file (expected a JSON object)", path.string());
    const auto training = metrics.find("training");
    return training == metrics.end() ? nlohmann::json() : *training;
}

train::PredictionSet readPredictions(const std::filesystem::path& path) {
    return parsePredictionsCsv(readWholeFile(path), path.string());
}

train::History readHistory(const std::filesystem::path& path) {
    return parseHistoryCsv(readWholeFile(path), path.string());
}

void writeRunFolder(const std::filesystem::path& folder, const train::ExperimentResult& result) {
    const nn::Model& model = result.model;
    StagedFolder staged(folder);
    saveModel(model, staged.file("model.h5"));
    nlohmann::json metrics = metricsDocument(model.task, model.classNames, result.reports);
    if (!result.training.is_null()) metrics["training"] = result.training;
    writeMetrics(staged.file("metrics.json"), metrics);
    writeHistory(staged.file("history.csv"), result.history);
    writePredictions(staged.file("predictions.csv"), result.predictions);
    staged.commit();
}

train::ExperimentResult readRunFolder(const std::filesystem::path& folder) {
    nn::Model model = loadModel(folder / "model.h5");
    train::PredictionSet predictions = readPredictions(folder / "predictions.csv");
    train::History history = readHistory(folder / "history.csv");
    if (predictions.task != model.task || predictions.classNames != model.classNames)
        throw InputError("predictions.csv does not match model.h5 (its task or classes differ)",
                         (folder / "predictions.csv").string());
    train::ExperimentResult result =
        train::rebuildExperiment(std::move(model), std::move(history), std::move(predictions));
    result.training = readTrainingRecord(folder / "metrics.json");
    return result;
}

}  // namespace loupe::io
