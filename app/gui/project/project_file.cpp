#include "app/gui/project/project_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/error.h"
#include "core/nn/layer.h"

namespace loupe::gui {
namespace {

const char* const kFormatKey = "loupe_project";

const std::pair<train::Optimizer, const char*> kOptimizers[] = {{train::Optimizer::Adam, "adam"},
                                                                {train::Optimizer::AdamW, "adamw"},
                                                                {train::Optimizer::Sgd, "sgd"}};
const std::pair<widgets::ColumnRole, const char*> kRoles[] = {
    {widgets::ColumnRole::Feature, "feature"}, {widgets::ColumnRole::Ignore, "ignore"}};
const data::ColumnType kTypes[] = {data::ColumnType::Numeric, data::ColumnType::Categorical,
                                   data::ColumnType::Text};

/// A float32 setting as the double with the same shortest text (0.001, not 0.0010000000474...),
/// so the file holds the number as typed and converts back to exactly the same float.
double tidy(float value) {
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    if (ec != std::errc()) return value;
    *end = '\0';
    return std::strtod(text, nullptr);
}

QJsonValue number(double value) { return std::isfinite(value) ? QJsonValue(value) : QJsonValue(); }

/// Reads fields of one JSON object, naming the field's path in each error.
class Fields {
public:
    Fields(const QJsonObject& object, QString path, const QString& file)
        : m_object(object), m_path(std::move(path)), m_file(file) {}

    bool isNull(const char* key) const {
        return m_object.contains(QLatin1String(key)) && m_object[QLatin1String(key)].isNull();
    }
    bool has(const char* key) const {
        return m_object.contains(QLatin1String(key)) && !m_object[QLatin1String(key)].isNull();
    }
    [[noreturn]] void fail(const char* key, const QString& what) const {
        throw InputError(QStringLiteral("'%1' %2").arg(name(key), what).toStdString(),
                         m_file.toStdString());
    }
    QString name(const char* key) const {
        return m_path.isEmpty() ? QLatin1String(key)
                                : m_path + QLatin1Char('.') + QLatin1String(key);
    }
    QJsonValue value(const char* key) const { return m_object[QLatin1String(key)]; }

    QString text(const char* key, const QString& fallback = {}) const {
        if (!has(key)) return fallback;
        if (!value(key).isString()) fail(key, QStringLiteral("must be a string"));
        return value(key).toString();
    }
    bool flag(const char* key, bool fallback) const {
        if (!has(key)) return fallback;
        if (!value(key).isBool()) fail(key, QStringLiteral("must be true or false"));
        return value(key).toBool();
    }
    double real(const char* key, double fallback, double low, double high) const {
        if (!has(key)) return fallback;
        const double v = value(key).toDouble(std::nan(""));
        if (!value(key).isDouble() || !(v >= low && v <= high))
            fail(key, QStringLiteral("must be a number from %1 to %2").arg(low).arg(high));
        return v;
    }
    int64_t whole(const char* key, int64_t fallback, int64_t low, int64_t high) const {
        if (!has(key)) return fallback;
        const double v = value(key).toDouble(std::nan(""));
        if (!value(key).isDouble() || v != std::floor(v) || v < double(low) || v > double(high))
            fail(key, QStringLiteral("must be a whole number from %1 to %2").arg(low).arg(high));
        return static_cast<int64_t>(v);
    }
    QJsonObject object(const char* key) const {
        if (!has(key)) return {};
        if (!value(key).isObject()) fail(key, QStringLiteral("must be an object"));
        return value(key).toObject();
    }
    QJsonArray array(const char* key) const {
        if (!has(key)) return {};
        if (!value(key).isArray()) fail(key, QStringLiteral("must be a list"));
        return value(key).toArray();
    }
    Fields item(const QJsonArray& list, const char* key, qsizetype index) const {
        const QString path = QStringLiteral("%1[%2]").arg(name(key)).arg(index);
        if (!list[index].isObject())
            throw InputError(QStringLiteral("'%1' must be an object").arg(path).toStdString(),
                             m_file.toStdString());
        return Fields(list[index].toObject(), path, m_file);
    }
    Fields child(const char* key) const { return Fields(object(key), name(key), m_file); }

private:
    QJsonObject m_object;
    QString m_path;
    const QString& m_file;
};

/// 1-based line and column of byte `offset` in `text`.
std::pair<int64_t, int64_t> lineAndColumn(const QByteArray& text, qsizetype offset) {
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    const qsizetype lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const int64_t line = text.left(lineStart).count('\n') + 1;
    const int64_t column = QString::fromUtf8(text.mid(lineStart, offset - lineStart)).size() + 1;
    return {line, column};
}

QJsonArray names(const std::vector<std::string>& list) {
    QJsonArray array;
    for (const std::string& name : list) array.append(QString::fromStdString(name));
    return array;
}

std::vector<std::string> namesFrom(const Fields& f, const char* key) {
    std::vector<std::string> list;
    for (const QJsonValue& v : f.array(key)) {
        if (!v.isString()) f.fail(key, QStringLiteral("must be a list of column names"));
        list.push_back(v.toString().toStdString());
    }
    return list;
}

/// Every parameter of the schedule, not only its kind's (as metrics.json keeps it), so a user
/// switching schedules back finds the values typed.
QJsonObject scheduleToJson(const nn::LearningRateSchedule& s) {
    return QJsonObject{{"kind", QString::fromStdString(nn::toString(s.kind))},
                       {"every", static_cast<qint64>(s.stepEvery)},
                       {"gamma", s.gamma},
                       {"warmup_epochs", static_cast<qint64>(s.warmupEpochs)},
                       {"min_lr", s.minLr},
                       {"max_lr", s.maxLr},
                       {"pct_start", s.pctStart},
                       {"factor", s.factor},
                       {"patience", static_cast<qint64>(s.patience)}};
}

nn::LearningRateSchedule scheduleFromJson(const Fields& f) {
    nn::LearningRateSchedule s;
    const QString kind = f.text("kind", QStringLiteral("none"));
    bool known = false;
    for (auto k : {nn::ScheduleKind::None, nn::ScheduleKind::Step, nn::ScheduleKind::Exponential,
                   nn::ScheduleKind::Cosine, nn::ScheduleKind::OneCycle, nn::ScheduleKind::Plateau})
        if (kind == QString::fromStdString(nn::toString(k))) s.kind = k, known = true;
    if (!known)
        f.fail("kind", QStringLiteral("must be \"none\", \"step\", \"exponential\", \"cosine\", "
                                      "\"onecycle\" or \"plateau\""));
    s.stepEvery = f.whole("every", s.stepEvery, 1, 1'000'000);
    s.gamma = f.real("gamma", s.gamma, 1e-9, 1.0);
    s.warmupEpochs = f.whole("warmup_epochs", s.warmupEpochs, 0, 1'000'000);
    s.minLr = f.real("min_lr", s.minLr, 0.0, 10.0);
    s.maxLr = f.real("max_lr", s.maxLr, 1e-12, 10.0);
    s.pctStart = f.real("pct_start", s.pctStart, 1e-9, 1.0 - 1e-9);
    s.factor = f.real("factor", s.factor, 1e-9, 1.0 - 1e-9);
    s.patience = f.whole("patience", s.patience, 1, 1'000'000);
    return s;
}

QJsonObject searchToJson(const SearchSettings& s) {
    QJsonArray searched;
    for (const QString& name : s.searched) searched.append(name);
    return QJsonObject{
        {"strategy", s.strategy},
        {"trials", static_cast<qint64>(s.trials)},
        {"parallel_trials", static_cast<qint64>(s.parallel)},
        {"successive_halving", s.halving},
        {"searched", searched},
        // The space.json form, through text: nlohmann and Qt both keep a double's shortest text.
        {"edited", QJsonDocument::fromJson(QByteArray::fromStdString(s.edited.dump())).object()}};
}

SearchSettings searchFromJson(const Fields& f) {
    SearchSettings s;
    s.strategy = f.text("strategy", s.strategy);
    if (!QStringList{"grid", "random", "bayes", "tpe"}.contains(s.strategy))
        f.fail("strategy", QStringLiteral("must be \"grid\", \"random\", \"bayes\" or \"tpe\""));
    s.trials = f.whole("trials", s.trials, 0, 100000);
    s.parallel = f.whole("parallel_trials", s.parallel, 1, 256);
    s.halving = f.flag("successive_halving", s.halving);
    if (f.has("searched")) {
        s.searched.clear();
        for (const QJsonValue& v : f.array("searched")) {
            if (!v.isString())
                f.fail("searched", QStringLiteral("must be a list of parameter names"));
            s.searched << v.toString();
        }
    }
    const QJsonObject edited = f.object("edited");
    const Fields rows = f.child("edited");
    for (auto it = edited.begin(); it != edited.end(); ++it) {
        const QByteArray key = it.key().toUtf8();
        const QJsonObject entry = it.value().toObject();
        const QString kind = entry.isEmpty() ? QString() : entry.begin().key();
        const QJsonArray values = entry.isEmpty() ? QJsonArray() : entry.begin()->toArray();
        bool ok = it.value().isObject() && entry.size() == 1 && entry.begin()->isArray() &&
                  QStringList{"log", "linear", "int", "choice"}.contains(kind) &&
                  (kind == QLatin1String("choice") || values.size() == 2);
        for (const QJsonValue& v : values) ok = ok && (v.isDouble() || v.isString());
        if (!ok)
            rows.fail(key.constData(),
                      QStringLiteral("must be {\"log\"|\"linear\"|\"int\": [from, to]} or "
                                     "{\"choice\": [...]}"));
    }
    s.edited =
        nlohmann::json::parse(QJsonDocument(edited).toJson(QJsonDocument::Compact).toStdString());
    return s;
}

QJsonObject trainingToJson(const TrainingSettings& t) {
    QJsonArray layers;
    for (size_t i = 0; i < t.layers.hidden.size(); ++i)
        layers.append(QJsonObject{
            {"units", static_cast<qint64>(t.layers.hidden[i])},
            {"activation", QString::fromStdString(nn::activationName(t.layers.activationOf(i)))},
            {"dropout", tidy(t.layers.dropoutOf(i))}});
    QString optimizer;
    for (const auto& [value, name] : kOptimizers)
        if (value == t.config.optimizer) optimizer = QLatin1String(name);
    QJsonArray weights;
    for (float w : t.config.classWeights) weights.append(tidy(w));
    return QJsonObject{
        {"model", QJsonObject{{"type", t.mlp ? "mlp" : "linear"}, {"layers", layers}}},
        {"optimizer", optimizer},
        {"learning_rate", tidy(t.config.learningRate)},
        {"batch_size", static_cast<qint64>(t.config.batchSize)},
        {"epochs", static_cast<qint64>(t.config.epochs)},
        {"momentum", tidy(t.config.momentum)},
        {"l1", tidy(t.config.l1)},
        {"l2", tidy(t.config.l2)},
        {"early_stopping_patience", static_cast<qint64>(t.config.earlyStopPatience)},
        {"early_stopping_min_delta", tidy(t.config.earlyStopMinDelta)},
        {"class_weights", weights},
        {"validation_fraction", t.valFraction},
        {"test_fraction", t.testFraction},
        {"resample", QString::fromUtf8(data::toString(t.resample).data())},
        {"smote_k", static_cast<qint64>(t.smoteK)},
        {"class_weight", t.balancedClassWeights ? "balanced" : "none"},
        {"monitor", t.config.monitor == train::Monitor::ValMetric ? "val_metric" : "val_loss"},
        {"schedule", scheduleToJson(t.config.schedule)},
        {"clip_grad_norm", tidy(t.config.clipGradNorm)},
        {"input_noise", tidy(t.config.inputNoise)},
        {"mixup_alpha", tidy(t.config.mixupAlpha)},
        {"impute", QString::fromStdString(data::toString(t.pipeline.numericImpute))},
        {"scaling", QString::fromStdString(data::toString(t.pipeline.scaling))},
        {"encoding", QString::fromStdString(data::toString(t.pipeline.encoding))},
        {"log_columns", names(t.pipeline.logColumns)},
        {"dropped_columns", names(t.dropColumns)},
        {"cv_folds", t.cvFolds},
        {"seed", static_cast<qint64>(t.config.seed)},
        {"device", t.device},
        {"search", searchToJson(t.search)}};
}

TrainingSettings trainingFromJson(const Fields& f) {
    TrainingSettings t;
    const Fields model = f.child("model");
    const QString type = model.text("type", QStringLiteral("mlp"));
    if (type != QLatin1String("mlp") && type != QLatin1String("linear"))
        model.fail("type", QStringLiteral("must be \"mlp\" or \"linear\""));
    t.mlp = type == QLatin1String("mlp");
    if (model.has("layers")) {
        const QJsonArray layers = model.array("layers");
        t.layers = {};
        for (qsizetype i = 0; i < layers.size(); ++i) {
            const Fields layer = model.item(layers, "layers", i);
            t.layers.hidden.push_back(layer.whole("units", 32, 1, 65536));
            try {
                t.layers.activations.push_back(
                    nn::parseActivation(layer.text("activation", "relu").toStdString()));
            } catch (const ModelError& e) {
                layer.fail("activation", QString::fromStdString(e.what()));
            }
            t.layers.dropouts.push_back(static_cast<float>(layer.real("dropout", 0.0, 0.0, 0.95)));
        }
    }
    const train::TrainConfig d;
    const QString optimizer = f.text("optimizer", QStringLiteral("adam"));
    bool known = false;
    for (const auto& [value, name] : kOptimizers)
        if (optimizer == QLatin1String(name)) t.config.optimizer = value, known = true;
    if (!known) f.fail("optimizer", QStringLiteral("must be \"adam\", \"adamw\" or \"sgd\""));
    auto real32 = [&](const char* key, float fallback, double low, double high) {
        return static_cast<float>(f.real(key, fallback, low, high));
    };
    t.config.learningRate = real32("learning_rate", d.learningRate, 0.0, 10.0);
    t.config.batchSize = f.whole("batch_size", d.batchSize, 1, 10'000'000);
    t.config.epochs = f.whole("epochs", d.epochs, 1, 1'000'000);
    t.config.momentum = real32("momentum", d.momentum, 0.0, 1.0);
    t.config.l1 = real32("l1", d.l1, 0.0, 100.0);
    t.config.l2 = real32("l2", d.l2, 0.0, 100.0);
    t.config.earlyStopPatience = f.whole("early_stopping_patience", 0, 0, 1'000'000);
    t.config.earlyStopMinDelta = real32("early_stopping_min_delta", 0.0f, 0.0, 1e9);
    const QJsonArray weights = f.array("class_weights");
    for (const QJsonValue& w : weights) {
        if (!w.isDouble() || w.toDouble() < 0.0)
            f.fail("class_weights", QStringLiteral("must be a list of numbers of 0 or more"));
        t.config.classWeights.push_back(static_cast<float>(w.toDouble()));
    }
    t.valFraction = f.real("validation_fraction", 0.15, 0.0, 0.8);
    t.testFraction = f.real("test_fraction", 0.15, 0.0, 0.8);
    const QString resample = f.text("resample", QStringLiteral("none"));
    known = false;
    for (auto method : {data::Resampling::None, data::Resampling::Oversample,
                        data::Resampling::Undersample, data::Resampling::Smote})
        if (resample == QLatin1String(data::toString(method).data()))
            t.resample = method, known = true;
    if (!known)
        f.fail("resample",
               QStringLiteral("must be \"none\", \"oversample\", \"undersample\" or \"smote\""));
    t.smoteK = f.whole("smote_k", 5, 1, 100);
    const QString weight = f.text("class_weight", QStringLiteral("none"));
    if (weight != QLatin1String("none") && weight != QLatin1String("balanced"))
        f.fail("class_weight", QStringLiteral("must be \"none\" or \"balanced\""));
    t.balancedClassWeights = weight == QLatin1String("balanced");
    const QString monitor = f.text("monitor", QStringLiteral("val_loss"));
    if (monitor != QLatin1String("val_loss") && monitor != QLatin1String("val_metric"))
        f.fail("monitor", QStringLiteral("must be \"val_loss\" or \"val_metric\""));
    t.config.monitor =
        monitor == QLatin1String("val_metric") ? train::Monitor::ValMetric : train::Monitor::ValLoss;
    if (f.has("schedule")) t.config.schedule = scheduleFromJson(f.child("schedule"));
    t.config.clipGradNorm = real32("clip_grad_norm", 0.0f, 0.0, 1e6);
    t.config.inputNoise = real32("input_noise", 0.0f, 0.0, 10.0);
    t.config.mixupAlpha = real32("mixup_alpha", 0.0f, 0.0, 100.0);
    const auto word = [&](const char* key, const char* fallback, auto parse) {
        try {
            return parse(f.text(key, QLatin1String(fallback)).toStdString());
        } catch (const InputError& e) {
            f.fail(key, QString::fromStdString(e.message()));
        }
    };
    t.pipeline.numericImpute = word("impute", "mean", data::parseImpute);
    t.pipeline.scaling = word("scaling", "standard", data::parseScaling);
    t.pipeline.encoding = word("encoding", "onehot", data::parseEncoding);
    t.pipeline.logColumns = namesFrom(f, "log_columns");
    t.dropColumns = namesFrom(f, "dropped_columns");
    t.cvFolds = static_cast<int>(f.whole("cv_folds", 0, 0, 100));
    if (t.cvFolds == 1) f.fail("cv_folds", QStringLiteral("must be 0 (off) or from 2 to 100"));
    t.config.seed = static_cast<uint64_t>(f.whole("seed", 0, 0, (int64_t{1} << 53)));
    t.device = f.text("device", QStringLiteral("auto"));
    t.search = searchFromJson(f.child("search"));
    return t;
}

QJsonObject runToJson(const ProjectRun& run, const QString& file) {
    QJsonObject summary{{"split", run.summarySplit}};
    for (auto it = run.summary.begin(); it != run.summary.end(); ++it)
        summary.insert(it.key(), number(it.value()));
    return QJsonObject{{"id", run.id},
                       {"name", run.name},
                       {"folder", storedPath(run.folder, file)},
                       {"created", run.created.toUTC().toString(Qt::ISODate)},
                       {"epochs", static_cast<qint64>(run.epochs)},
                       {"best_epoch", static_cast<qint64>(run.bestEpoch)},
                       {"stopped_early", run.stoppedEarly},
                       {"cancelled", run.cancelled},
                       {"seconds", number(run.seconds)},
                       {"threshold", number(run.threshold)},
                       {"summary", summary}};
}

ProjectRun runFromJson(const Fields& f, const QString& file) {
    ProjectRun run;
    run.id = f.text("id");
    if (run.id.isEmpty() || run.id.contains(QLatin1Char('/')))
        f.fail("id", QStringLiteral("must be a folder name"));
    run.name = f.text("name", run.id);
    run.folder = resolvedPath(f.text("folder"), file);
    if (!f.has("folder")) f.fail("folder", QStringLiteral("is missing"));
    run.created = QDateTime::fromString(f.text("created"), Qt::ISODate);
    run.epochs = f.whole("epochs", 0, 0, 1'000'000);
    run.bestEpoch = f.whole("best_epoch", run.epochs, 0, 1'000'000);
    run.stoppedEarly = f.flag("stopped_early", false);
    run.cancelled = f.flag("cancelled", false);
    run.seconds = f.real("seconds", std::nan(""), 0.0, 1e12);
    // Absent before thresholds were kept: 0.5. Null: +infinity (no row is positive), which JSON
    // has no number for.
    run.threshold = f.real("threshold", f.isNull("threshold") ? HUGE_VAL : 0.5, 0.0, 1.0);
    const QJsonObject summary = f.object("summary");
    for (auto it = summary.begin(); it != summary.end(); ++it) {
        if (it.key() == QLatin1String("split"))
            run.summarySplit = it.value().toString();
        else
            run.summary.insert(it.key(), it.value().toDouble(std::nan("")));
    }
    return run;
}

/// A metric undefined on the rows (ROC-AUC with one class) is kept as null.
QJsonObject comparedToJson(const ComparedModel& model) {
    const plugins::ComparisonRow& r = model.row;
    // A list, not an object: the order is the comparison's (its first metric is the chart's).
    QJsonArray metrics;
    for (const auto& [key, value] : r.metrics.items())
        metrics.append(
            QJsonObject{{"name", QString::fromStdString(key)},
                        {"value", value.is_number() ? number(value.get<double>()) : QJsonValue()}});
    QJsonObject out{{"name", QString::fromStdString(r.name)},
                    {"parameters", static_cast<qint64>(r.parameters)},
                    {"nonzero_parameters", static_cast<qint64>(r.nonzeroParameters)},
                    {"size_bytes", static_cast<qint64>(r.sizeBytes)},
                    {"latency_ms_batch1", number(r.latencyBatch1)},
                    {"latency_ms_batch1024", number(r.latencyBatch1024)},
                    {"metrics", metrics}};
    if (!model.run.isEmpty()) out.insert("run", model.run);
    if (!r.plugin.empty()) out.insert("plugin", QString::fromStdString(r.plugin));
    return out;
}

ComparedModel comparedFromJson(const Fields& f) {
    ComparedModel model;
    model.run = f.text("run");
    plugins::ComparisonRow& r = model.row;
    r.name = f.text("name").toStdString();
    if (r.name.empty()) f.fail("name", QStringLiteral("is missing"));
    r.plugin = f.text("plugin").toStdString();
    constexpr int64_t kMost = int64_t{1} << 53;
    r.parameters = f.whole("parameters", 0, 0, kMost);
    r.nonzeroParameters = f.whole("nonzero_parameters", r.parameters, 0, kMost);
    r.sizeBytes = f.whole("size_bytes", 0, 0, kMost);
    r.latencyBatch1 = f.real("latency_ms_batch1", 0.0, 0.0, 1e12);
    r.latencyBatch1024 = f.real("latency_ms_batch1024", 0.0, 0.0, 1e12);
    const QJsonArray metrics = f.array("metrics");
    for (qsizetype i = 0; i < metrics.size(); ++i) {
        const Fields m = f.item(metrics, "metrics", i);
        const QString name = m.text("name");
        if (name.isEmpty()) m.fail("name", QStringLiteral("is missing"));
        r.metrics[name.toStdString()] =
            m.has("value") ? nlohmann::ordered_json(m.real("value", 0.0, -1e300, 1e300))
                           : nlohmann::ordered_json(nullptr);
    }
    return model;
}

QJsonObject comparisonToJson(const CompressionComparison& c) {
    QJsonArray models;
    for (const ComparedModel& model : c.models) models.append(comparedToJson(model));
    return QJsonObject{{"split", QString::fromStdString(c.split)}, {"models", models}};
}

/// The comparison as `f` holds it, less the compressions whose run is not among `runs` (the
/// original stays: the rows' changes are from it). None left: no comparison.
CompressionComparison comparisonFromJson(const Fields& f, const std::vector<ProjectRun>& runs) {
    CompressionComparison c;
    c.split = f.text("split", QStringLiteral("test")).toStdString();
    const QJsonArray models = f.array("models");
    for (qsizetype i = 0; i < models.size(); ++i) {
        ComparedModel model = comparedFromJson(f.item(models, "models", i));
        const bool kept = std::any_of(runs.begin(), runs.end(),
                                      [&](const ProjectRun& run) { return run.id == model.run; });
        if (i == 0 || kept) c.models.push_back(std::move(model));
    }
    if (c.models.size() < 2) c.models.clear();
    return c;
}

}  // namespace

QString runsFolderOf(const QString& file) {
    const QFileInfo info(file);
    return info.absoluteDir().filePath(info.completeBaseName() + QStringLiteral(".runs"));
}

QString storedPath(const QString& path, const QString& file) {
    if (path.isEmpty()) return {};
    const QDir folder = QFileInfo(file).absoluteDir();
    const QString relative = folder.relativeFilePath(QFileInfo(path).absoluteFilePath());
    const bool below = !relative.startsWith(QLatin1String("..")) && !QDir::isAbsolutePath(relative);
    return QDir::fromNativeSeparators(below ? relative
                                            : QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
}

QString resolvedPath(const QString& stored, const QString& file) {
    if (stored.isEmpty()) return {};
    return QDir::cleanPath(QFileInfo(file).absoluteDir().absoluteFilePath(stored));
}

QByteArray projectToJson(const Project& project, const QString& file) {
    QJsonObject root{{kFormatKey, kProjectFormat}};
    if (!project.dataset.isEmpty()) {
        QJsonArray columns;
        for (const ColumnOverride& c : project.columns) {
            QJsonObject column{{"name", c.name}};
            if (c.role) column.insert("role", widgets::roleName(*c.role));
            if (c.type) column.insert("type", QString::fromUtf8(data::toString(*c.type).data()));
            columns.append(column);
        }
        root.insert("dataset", QJsonObject{{"path", storedPath(project.dataset, file)},
                                           {"target", project.target},
                                           {"columns", columns}});
    }
    root.insert("training", trainingToJson(project.training));
    QJsonArray runs;
    for (const ProjectRun& run : project.runs) runs.append(runToJson(run, file));
    root.insert("runs", runs);
    root.insert("current_run", project.currentRun);
    if (!project.compression.models.empty())
        root.insert("compression", comparisonToJson(project.compression));
    root.insert("view", project.view);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Project projectFromJson(const QByteArray& text, const QString& file) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        const auto [line, column] = lineAndColumn(text, error.offset);
        throw InputError("malformed JSON: " + error.errorString().toStdString(), file.toStdString(),
                         line, column);
    }
    if (!document.isObject()) throw InputError("not a Loupe project", file.toStdString());
    const Fields root(document.object(), {}, file);
    if (!root.has(kFormatKey))
        throw InputError("not a Loupe project (no \"loupe_project\" format number)",
                         file.toStdString());
    const int64_t format = root.whole(kFormatKey, 0, 1, 1'000'000);
    if (format > kProjectFormat)
        throw InputError("made by a newer Loupe (format " + std::to_string(format) +
                             "); this version reads format " + std::to_string(kProjectFormat),
                         file.toStdString());
    Project project;
    if (root.has("dataset")) {
        const Fields dataset = root.child("dataset");
        project.dataset = resolvedPath(dataset.text("path"), file);
        project.target = dataset.text("target");
        const QJsonArray columns = dataset.array("columns");
        for (qsizetype i = 0; i < columns.size(); ++i) {
            const Fields c = dataset.item(columns, "columns", i);
            ColumnOverride column;
            column.name = c.text("name");
            if (column.name.isEmpty()) c.fail("name", QStringLiteral("is missing"));
            if (c.has("role")) {
                const QString role = c.text("role");
                for (const auto& [value, name] : kRoles)
                    if (role == QLatin1String(name)) column.role = value;
                if (!column.role)
                    c.fail("role", QStringLiteral("must be \"feature\" or \"ignore\""));
            }
            if (c.has("type")) {
                const QString type = c.text("type");
                for (data::ColumnType t : kTypes)
                    if (type == QString::fromUtf8(data::toString(t).data())) column.type = t;
                if (!column.type)
                    c.fail("type",
                           QStringLiteral("must be \"numeric\", \"categorical\" or \"text\""));
            }
            project.columns.push_back(std::move(column));
        }
    }
    project.training = trainingFromJson(root.child("training"));
    const QJsonArray runs = root.array("runs");
    for (qsizetype i = 0; i < runs.size(); ++i)
        project.runs.push_back(runFromJson(root.item(runs, "runs", i), file));
    project.currentRun = static_cast<int>(
        root.whole("current_run", project.runs.empty() ? -1 : int64_t(project.runs.size()) - 1, -1,
                   int64_t(project.runs.size()) - 1));
    if (root.has("compression"))
        project.compression = comparisonFromJson(root.child("compression"), project.runs);
    project.view = root.text("view");
    return project;
}

void writeWholeFile(const QString& file, const QByteArray& text) {
    QSaveFile out(file);
    // Unbuffered, so a short write (a full disk, a file size limit) shows in write()'s count:
    // with a buffer, commit() would rename a truncated file into place and report success.
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        throw InputError("cannot save the project: " + out.errorString().toStdString(),
                         file.toStdString());
    const qint64 written = out.write(text);
    if (written != text.size())
        throw InputError("cannot save the project: " +
                             (written < 0 ? out.errorString().toStdString()
                                          : "only " + std::to_string(written) + " of " +
                                                std::to_string(text.size()) +
                                                " bytes could be written (is the disk full?)"),
                         file.toStdString());
    if (!out.commit())
        throw InputError("cannot save the project: " + out.errorString().toStdString(),
                         file.toStdString());
}

void saveProject(const Project& project, const QString& file) {
    writeWholeFile(file, projectToJson(project, file));
}

Project loadProject(const QString& file) {
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        throw InputError("cannot open the project: " + in.errorString().toStdString(),
                         file.toStdString());
    return projectFromJson(in.readAll(), file);
}

}  // namespace loupe::gui
