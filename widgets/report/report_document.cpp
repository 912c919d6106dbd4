// The text and table sections of a report: dataset, preprocessing, model card, metrics and the
// compression comparison; buildReportDocument() puts them in order with the chart sections.

#include <QDateTime>
#include <algorithm>
#include <cmath>

#include "widgets/report/report_parts.h"

namespace loupe::widgets {
namespace report_parts {
namespace {

ReportBlock paragraph(const QString& text, ReportBlock::Kind kind = ReportBlock::Kind::Paragraph) {
    ReportBlock b;
    b.kind = kind;
    b.text = text;
    return b;
}

ReportBlock tableBlock(ReportTable table, const QString& caption = {}) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Table;
    b.table = std::move(table);
    b.text = caption;
    return b;
}

QString number(double value, int significant = 4) {
    if (!std::isfinite(value)) return QStringLiteral("n/a");
    return QString::number(value, 'g', significant);
}

QString secondsText(double seconds) {
    if (seconds < 60) return QString::number(seconds, 'g', 3) + " s";
    const auto whole = static_cast<int64_t>(std::lround(seconds));
    return QString::number(whole / 60) + " min " + QString::number(whole % 60) + " s";
}

/// "64, 32 units" of the model's hidden Dense layers and their activation.
QString modelKind(const nn::Model& model) {
    const nlohmann::json layers = model.architectureJson();
    QStringList hidden;
    QString activation;
    for (size_t i = 0; i + 1 < layers.size(); ++i)
        if (layers[i].value("type", "") == "dense") {
            hidden << QString::number(layers[i].value("units", 0));
            activation = text(layers[i].value("activation", ""));
        }
    const bool classification = model.task == data::Task::Classification;
    if (hidden.isEmpty())
        return classification ? QStringLiteral("Logistic regression (no hidden layer)")
                              : QStringLiteral("Linear regression (no hidden layer)");
    return QStringLiteral("Multilayer perceptron: %1 hidden layer%2 of %3 units, %4")
        .arg(hidden.size())
        .arg(hidden.size() == 1 ? "" : "s", hidden.join(", "), activation);
}

QString layerName(const nlohmann::json& layer) {
    const std::string type = layer.value("type", "");
    if (type == "dense") return QStringLiteral("Dense");
    if (type == "dropout") return QStringLiteral("Dropout (rate %1)").arg(layer.value("rate", 0.0));
    return text(type);
}

}  // namespace

QString text(const std::string& value) { return QString::fromStdString(value); }

QString metricText(const nlohmann::json& value) {
    if (value.is_number_integer()) return countText(value.get<int64_t>());
    if (value.is_number()) return QString::number(value.get<double>(), 'f', 4);
    return QStringLiteral("undefined");
}

QString countText(int64_t value) {
    QString digits = QString::number(std::abs(value));
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(at, QChar(0x2009));
    return value < 0 ? QLatin1Char('-') + digits : digits;
}

QString splitName(const std::string& split) {
    return split == "val" ? QStringLiteral("validation") : text(split);
}

ReportSection datasetSection(const report::RunReport& r) {
    ReportSection s{QStringLiteral("Dataset"), {}};
    const train::ExperimentResult& run = r.run;
    ReportTable facts;
    facts.rows.push_back(
        {"Data file", r.dataFile.empty() ? QStringLiteral("not recorded") : text(r.dataFile)});
    if (r.tableRows >= 0)
        facts.rows.push_back({"Rows, columns", countText(r.tableRows) + " rows, " +
                                                   countText(r.tableColumns) + " columns"});
    facts.rows.push_back(
        {"Rows with a target", countText(static_cast<int64_t>(run.predictions.rows.size()))});
    facts.rows.push_back({"Target", text(run.model.targetName) + " (" +
                                        text(std::string(data::toString(run.model.task))) + ")"});
    QStringList features;
    for (const std::string& f : run.features) features << text(f);
    facts.rows.push_back(
        {QStringLiteral("Features (%1)").arg(features.size()), features.join(", ")});
    facts.rows.push_back(
        {"Split (train / validation / test)",
         countText(static_cast<int64_t>(run.split.train.size())) + " / " +
             countText(static_cast<int64_t>(run.split.val.size())) + " / " +
             countText(static_cast<int64_t>(run.split.test.size())) +
             (run.model.task == data::Task::Classification ? " rows, stratified by class"
                                                           : " rows")});
    if (run.model.task == data::Task::Regression) {
        facts.rows.push_back(
            {"Target mean, std", number(r.targetMean) + ", " + number(r.targetStd)});
        facts.rows.push_back({"Target range", number(r.targetMin) + " to " + number(r.targetMax)});
    }
    s.blocks.push_back(tableBlock(facts));
    if (!r.dataNote.empty())
        s.blocks.push_back(paragraph("The data file was not read: " + text(r.dataNote) +
                                         ". The counts come from predictions.csv.",
                                     ReportBlock::Kind::Note));
    if (run.model.task == data::Task::Regression) return s;
    ReportTable balance;
    balance.header = {"Class", "Train", "Validation", "Test", "Total", "Share"};
    balance.alignRight = {false, true, true, true, true, true};
    int64_t all = 0;
    for (const auto& c : r.classBalance) all += c.total();
    for (const auto& c : r.classBalance)
        balance.rows.push_back(
            {text(c.name), countText(c.train), countText(c.val), countText(c.test),
             countText(c.total()),
             QString::number(all ? 100.0 * c.total() / all : 0.0, 'f', 1) + " %"});
    s.blocks.push_back(tableBlock(balance, QStringLiteral("Class balance")));
    return s;
}

QString imputeText(data::NumericImpute impute) {
    switch (impute) {
        case data::NumericImpute::Median:
            return QStringLiteral("median");
        case data::NumericImpute::MostFrequent:
            return QStringLiteral("most frequent value");
        case data::NumericImpute::Mean:
            break;
    }
    return QStringLiteral("mean");
}

QString scalingText(data::Scaling scaling) {
    switch (scaling) {
        case data::Scaling::MinMax:
            return QStringLiteral("scaled to [0, 1] as (x - min) / (max - min)");
        case data::Scaling::Robust:
            return QStringLiteral("scaled as (x - median) / interquartile range");
        case data::Scaling::None:
            return QStringLiteral("left unscaled");
        case data::Scaling::Standard:
            break;
    }
    return QStringLiteral("standardised as (x - mean) / std");
}

ReportSection preprocessingSection(const report::RunReport& r) {
    ReportSection s{QStringLiteral("Preprocessing"), {}};
    const data::Pipeline& pipeline = r.run.model.pipeline;
    const data::PipelineOptions& options = pipeline.options();
    const bool scaled = options.scaling != data::Scaling::None;
    const bool ordinal = options.encoding == data::Encoding::Ordinal;
    const bool logged = std::any_of(pipeline.steps().begin(), pipeline.steps().end(),
                                    [](const data::FeatureStep& f) { return f.log; });
    s.blocks.push_back(paragraph(
        QStringLiteral("Fitted on the %1 training rows only and stored in model.h5, so the model "
                       "predicts from a raw file. Numeric columns: %2a missing value becomes the "
                       "training %3, then %4. Categorical columns: a missing value becomes the "
                       "most frequent category, then %5. The model sees %6 inputs.")
            .arg(countText(static_cast<int64_t>(r.run.split.train.size())),
                 logged ? QStringLiteral("log1p(x) first where marked, then ") : QString(),
                 imputeText(options.numericImpute), scalingText(options.scaling),
                 ordinal ? QStringLiteral("encoded as the category's index in sorted order (an "
                                          "unseen category encodes as -1)")
                         : QStringLiteral("one-hot encoded (an unseen category encodes as all "
                                          "zeros)"),
                 countText(pipeline.outputWidth()))));
    ReportTable t;
    t.header = {"Column", "Type", "Missing becomes", "Transform"};
    for (const data::FeatureStep& step : pipeline.steps()) {
        if (step.type == data::ColumnType::Numeric) {
            const QString x = step.log ? QStringLiteral("log1p(x)") : QStringLiteral("x");
            t.rows.push_back(
                {text(step.column), "numeric", number(step.fill, 5),
                 scaled ? "(" + x + " - " + number(step.mean, 5) + ") / " + number(step.scale, 5)
                        : (step.log ? x : QStringLiteral("none"))});
            continue;
        }
        QStringList categories;
        for (size_t i = 0; i < step.categories.size() && i < 8; ++i)
            categories << text(step.categories[i]);
        if (step.categories.size() > 8) categories << QStringLiteral("...");
        const auto fill = static_cast<size_t>(std::max(step.fillCategory, 0));
        t.rows.push_back({text(step.column), "categorical",
                          fill < step.categories.size() ? text(step.categories[fill]) : QString(),
                          (ordinal ? QStringLiteral("ordinal, %1 categories: ")
                                   : QStringLiteral("one-hot, %1 categories: "))
                                  .arg(step.categories.size()) +
                              categories.join(", ")});
    }
    s.blocks.push_back(tableBlock(t));
    return s;
}

ReportSection modelCardSection(const report::RunReport& r) {
    ReportSection s{QStringLiteral("Model card"), {}};
    const nn::Model& model = r.run.model;
    const bool classification = model.task == data::Task::Classification;
    ReportTable card;
    card.rows.push_back({"Model", modelKind(model)});
    card.rows.push_back(
        {"Inputs, outputs", QString::number(model.inputs()) + " inputs, " +
                                QString::number(model.outputs()) +
                                (classification ? " class probabilities (softmax)" : " value")});
    if (classification) {
        QStringList classes;
        for (const std::string& c : model.classNames) classes << text(c);
        card.rows.push_back({"Classes", classes.join(", ")});
    }
    card.rows.push_back(
        {"Parameters", countText(model.parameterCount()) + " (" +
                           QString::number(model.parameterCount() * 4.0 / 1024.0, 'f', 1) +
                           " KiB as float32)"});
    const nlohmann::json& t = r.run.training;
    if (t.is_object()) {
        const auto get = [&](const char* key) {
            return t.contains(key) ? t[key] : nlohmann::json();
        };
        const auto plain = [&](const char* key) {
            const nlohmann::json v = get(key);
            return v.is_string() ? text(v.get<std::string>())
                   : v.is_null() ? QStringLiteral("n/a")
                                 : text(v.dump());
        };
        card.rows.push_back(
            {"Training", QStringLiteral("%1 of at most %2 epochs (weights of epoch %3%4)")
                             .arg(plain("epochs_run"), plain("epochs"), plain("best_epoch"),
                                  get("stopped_early") == true ? ", stopped early" : "")});
        card.rows.push_back({"Optimizer", plain("optimizer") + ", learning rate " +
                                              plain("learning_rate") + ", batch " +
                                              plain("batch_size") + ", L1 " + plain("l1") +
                                              ", L2 " + plain("l2")});
        card.rows.push_back(
            {"Early stopping", get("early_stop_patience") == 0
                                   ? QStringLiteral("off")
                                   : "patience " + plain("early_stop_patience") + " epochs"});
        card.rows.push_back({"Split", "validation " + plain("val_fraction") + ", test " +
                                          plain("test_fraction") + ", seed " + plain("seed")});
        card.rows.push_back({"Device", plain("device")});
        card.rows.push_back({"Training time", get("seconds").is_number()
                                                  ? secondsText(get("seconds").get<double>())
                                                  : QStringLiteral("n/a")});
    }
    s.blocks.push_back(tableBlock(card));
    if (!t.is_object())
        s.blocks.push_back(
            paragraph(QStringLiteral("metrics.json does not record how this run was trained "
                                     "(settings, device, time): it was written before Loupe "
                                     "recorded them."),
                      ReportBlock::Kind::Note));
    ReportTable layers;
    layers.header = {"#", "Layer", "Inputs", "Outputs", "Activation", "Parameters"};
    layers.alignRight = {true, false, true, true, false, true};
    int index = 0;
    for (const nlohmann::json& layer : model.architectureJson()) {
        const int64_t in = layer.value("inputs", int64_t{0});
        const bool dense = layer.value("type", "") == "dense";
        const int64_t out = dense ? layer.value("units", int64_t{0}) : in;
        layers.rows.push_back({QString::number(++index), layerName(layer), QString::number(in),
                               QString::number(out),
                               dense ? text(layer.value("activation", "")) : QString(),
                               countText(dense ? (in + 1) * out : 0)});
    }
    s.blocks.push_back(tableBlock(layers, QStringLiteral("Layers")));
    return s;
}

ReportSection metricsSection(const report::RunReport& r) {
    ReportSection s{QStringLiteral("Metrics"), {}};
    static const std::vector<std::pair<const char*, const char*>> kClassification = {
        {"accuracy", "Accuracy"},
        {"balanced_accuracy", "Balanced accuracy"},
        {"precision_macro", "Precision (macro)"},
        {"recall_macro", "Recall (macro)"},
        {"f1_macro", "F1 (macro)"},
        {"f1_weighted", "F1 (weighted)"},
        {"roc_auc", "ROC AUC"},
        {"roc_auc_ovr_macro", "ROC AUC (one-vs-rest, macro)"},
        {"average_precision", "Average precision"},
        {"log_loss", "Log loss"},
        {"brier_score", "Brier score"},
        {"support", "Rows"}};
    static const std::vector<std::pair<const char*, const char*>> kRegression = {
        {"r2", "R\u00b2"}, {"rmse", "RMSE"}, {"mae", "MAE"}, {"mse", "MSE"}, {"support", "Rows"}};
    const bool classification = r.run.model.task == data::Task::Classification;
    ReportTable t;
    t.header = {"Metric"};
    t.alignRight = {false};
    for (const auto& [split, report] : r.run.reports) {
        t.header << splitName(split);
        t.alignRight.push_back(true);
    }
    for (const auto& [key, label] : classification ? kClassification : kRegression) {
        QStringList row{QString::fromUtf8(label)};
        bool any = false;
        for (const auto& [split, report] : r.run.reports) {
            any = any || report.contains(key);
            row << metricText(report.contains(key) ? report[key] : nlohmann::json());
        }
        if (any) t.rows.push_back(row);
    }
    s.blocks.push_back(tableBlock(t));
    s.blocks.push_back(
        paragraph(QStringLiteral("As scikit-learn computes them, from the "
                                 "probabilities in predictions.csv; the positive "
                                 "class of two is the second one.")));
    const nlohmann::json perClass = r.evalReport.value("per_class", nlohmann::json::object());
    if (classification && perClass.is_object() && !perClass.empty()) {
        ReportTable pc;
        pc.header = {"Class", "Precision", "Recall", "F1", "Rows"};
        pc.alignRight = {false, true, true, true, true};
        for (const std::string& name : r.run.model.classNames) {
            if (!perClass.contains(name)) continue;
            const nlohmann::json& c = perClass[name];
            pc.rows.push_back({text(name), metricText(c.value("precision", nlohmann::json())),
                               metricText(c.value("recall", nlohmann::json())),
                               metricText(c.value("f1", nlohmann::json())),
                               metricText(c.value("support", nlohmann::json()))});
        }
        s.blocks.push_back(tableBlock(pc, "Per class, " + splitName(r.evalSplit) + " rows"));
    }
    return s;
}

ReportSection comparisonSection(const report::RunReport& r) {
    ReportSection s{QStringLiteral("Compression comparison"), {}};
    const nlohmann::json& models = r.compare["models"];
    // Columns: "name" first, then every other key in the order the models first use it.
    std::vector<std::string> keys{"name"};
    for (const nlohmann::json& m : models)
        if (m.is_object())
            for (const auto& [key, value] : m.items())
                if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    ReportTable t;
    for (const std::string& key : keys) {
        t.header << text(key);
        t.alignRight.push_back(key != "name");
    }
    for (const nlohmann::json& m : models) {
        if (!m.is_object()) continue;
        QStringList row;
        for (const std::string& key : keys) {
            const nlohmann::json v = m.contains(key) ? m[key] : nlohmann::json();
            row << (v.is_string()   ? text(v.get<std::string>())
                    : v.is_number() ? (v.is_number_integer() ? countText(v.get<int64_t>())
                                                             : number(v.get<double>(), 5))
                    : v.is_null()   ? QString()
                                    : text(v.dump()));
        }
        t.rows.push_back(row);
    }
    if (r.compare.contains("note") && r.compare["note"].is_string())
        s.blocks.push_back(paragraph(text(r.compare["note"].get<std::string>())));
    s.blocks.push_back(tableBlock(t, QStringLiteral("From compare.json in the run folder")));
    return s;
}

}  // namespace report_parts

ReportDocument buildReportDocument(std::shared_ptr<const report::RunReport> report) {
    using namespace report_parts;
    const report::RunReport& r = *report;
    ReportDocument doc;
    doc.title = "Loupe report: " + text(r.folder.filename().empty()
                                            ? r.folder.parent_path().filename().string()
                                            : r.folder.filename().string());
    doc.subtitle = text(std::string(data::toString(r.run.model.task))) + " of '" +
                   text(r.run.model.targetName) + "', run folder " + text(r.folder.string()) +
                   ", written " + QDateTime::currentDateTime().toString(Qt::ISODate);
    doc.sections.push_back(datasetSection(r));
    doc.sections.push_back(preprocessingSection(r));
    doc.sections.push_back(modelCardSection(r));
    doc.sections.push_back(trainingCurvesSection(report));
    doc.sections.push_back(metricsSection(r));
    if (r.run.model.task == data::Task::Classification)
        doc.sections.push_back(evaluationSection(report));
    doc.sections.push_back(shapSection(report));
    if (r.compare.is_object()) doc.sections.push_back(comparisonSection(r));
    return doc;
}

}  // namespace loupe::widgets
