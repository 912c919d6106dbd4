// Project files (*.loupe): every field round trips (the Compress view's comparison too, less
// the rows whose run is gone), paths below the project are stored relative and others absolute,
// a newer format and malformed JSON are refused with the file (and line and column), wrong
// fields are named, and a save that fails leaves the previous file intact.

#include <sys/resource.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <csignal>

#include "app/gui/project/project_file.h"
#include "core/error.h"

using namespace loupe;
using gui::Project;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

/// The InputError `run` throws (message, line, column), or a default one when it throws none.
template <typename F>
InputError errorOf(F run) {
    try {
        run();
    } catch (const InputError& e) {
        return e;
    }
    return InputError("no error");
}

/// A project whose every field differs from the defaults.
Project fullProject(const QString& folder, const QString& elsewhere) {
    Project p;
    p.dataset = folder + "/data/cells.csv";
    p.target = "diagnosis";
    p.columns.push_back({"id", widgets::ColumnRole::Ignore, std::nullopt});
    p.columns.push_back({"grade", std::nullopt, data::ColumnType::Categorical});
    p.columns.push_back({"notes, \"free\"", widgets::ColumnRole::Feature, data::ColumnType::Text});
    gui::TrainingSettings& t = p.training;
    t.layers.hidden = {128, 16, 3};
    t.layers.activations = {device::Activation::GELU, device::Activation::Tanh,
                            device::Activation::Sigmoid};
    t.layers.dropouts = {0.1f, 0.0f, 0.35f};
    t.mlp = false;
    t.config.optimizer = train::Optimizer::Sgd;
    t.config.learningRate = 0.0003f;
    t.config.batchSize = 257;
    t.config.epochs = 42;
    t.config.momentum = 0.8f;
    t.config.l1 = 1e-5f;
    t.config.l2 = 0.01f;
    t.config.earlyStopPatience = 7;
    t.config.earlyStopMinDelta = 0.001f;
    t.config.seed = (uint64_t{1} << 40) + 3;
    t.config.classWeights = {1.0f, 2.5f};
    t.valFraction = 0.2;
    t.testFraction = 0.1;
    t.resample = data::Resampling::Smote;
    t.smoteK = 3;
    t.balancedClassWeights = true;
    t.config.monitor = train::Monitor::ValMetric;
    t.config.schedule.kind = nn::ScheduleKind::Plateau;
    t.config.schedule.factor = 0.5;
    t.config.schedule.patience = 4;
    t.config.schedule.minLr = 1e-6;
    t.config.schedule.gamma = 0.9;  // kept for a switch back to a step schedule
    t.config.clipGradNorm = 1.5f;
    t.config.inputNoise = 0.05f;
    t.config.mixupAlpha = 0.2f;
    t.pipeline.numericImpute = data::NumericImpute::MostFrequent;
    t.pipeline.scaling = data::Scaling::MinMax;
    t.pipeline.encoding = data::Encoding::Ordinal;
    t.pipeline.logColumns = {"area", "perimeter"};
    t.dropColumns = {"id"};
    t.cvFolds = 5;
    t.device = "cpu";
    t.search.searched = {"learning_rate", "batch_size", "optimizer"};
    t.search.edited = nlohmann::json::parse(R"({
        "batch_size": {"int": [16, 128]},
        "optimizer": {"choice": ["adam", "sgd"]},
        "l2": {"log": [1e-06, 0.01]},
        "momentum": {"linear": [0.85, "0.9x"]}})");  // typed text that is not a number stays
    t.search.strategy = "tpe";
    t.search.trials = 150;
    t.search.parallel = 4;
    t.search.halving = true;
    gui::ProjectRun below;
    below.id = "run-1";
    below.name = "First try";
    below.folder = folder + "/cells.runs/run-1";
    below.created = QDateTime(QDate(2024, 5, 1), QTime(12, 30, 15), Qt::UTC);
    below.epochs = 42;
    below.bestEpoch = 30;
    below.stoppedEarly = true;
    below.seconds = 3.25;
    below.summarySplit = "test";
    below.summary = {{"accuracy", 0.96875}, {"roc_auc", std::nan("")}, {"log_loss", 0.1}};
    gui::ProjectRun outside = below;
    outside.id = "run-7";
    outside.name = "Imported";
    outside.folder = elsewhere + "/run-7";
    outside.cancelled = true;
    outside.stoppedEarly = false;
    outside.summarySplit = "val";
    outside.summary = {{"r2", -0.5}};
    p.runs = {below, outside};
    plugins::ComparisonRow original{"original", "", 5000, 5000, 24576, 0.0125, 1.5, {}};
    original.metrics = {{"accuracy", 0.96875}, {"roc_auc", 0.99}};
    plugins::ComparisonRow pruned{
        "prune-magnitude (sparsity=0.8)", "prune-magnitude", 5000, 1000, 8192, 0.011, 1.25, {}};
    pruned.metrics = {{"accuracy", 0.9375}, {"roc_auc", nullptr}};  // undefined: null
    p.compression = {"val", {{"run-1", original}, {"run-7", pruned}}};
    p.currentRun = 0;
    p.view = "evaluate";
    return p;
}

}  // namespace

class TestProjectFile : public QObject {
    Q_OBJECT

private slots:
    void everyFieldRoundTrips() {
        QTemporaryDir dir, other;
        const QString file = dir.filePath("cells.loupe");
        const Project want = fullProject(dir.path(), other.path());
        gui::saveProject(want, file);
        const Project got = gui::loadProject(file);
        QCOMPARE(got.dataset, want.dataset);
        QCOMPARE(got.target, want.target);
        QVERIFY(got.columns == want.columns);
        const gui::TrainingSettings &a = got.training, &b = want.training;
        QCOMPARE(a.layers.hidden, b.layers.hidden);
        QVERIFY(a.layers.activations == b.layers.activations);
        QCOMPARE(a.layers.dropouts, b.layers.dropouts);
        QCOMPARE(a.mlp, b.mlp);
        QVERIFY(a.config.optimizer == b.config.optimizer);
        QCOMPARE(a.config.learningRate, b.config.learningRate);
        QCOMPARE(a.config.batchSize, b.config.batchSize);
        QCOMPARE(a.config.epochs, b.config.epochs);
        QCOMPARE(a.config.momentum, b.config.momentum);
        QCOMPARE(a.config.l1, b.config.l1);
        QCOMPARE(a.config.l2, b.config.l2);
        QCOMPARE(a.config.earlyStopPatience, b.config.earlyStopPatience);
        QCOMPARE(a.config.earlyStopMinDelta, b.config.earlyStopMinDelta);
        QCOMPARE(a.config.seed, b.config.seed);
        QCOMPARE(a.config.classWeights, b.config.classWeights);
        QCOMPARE(a.valFraction, b.valFraction);
        QCOMPARE(a.testFraction, b.testFraction);
        QVERIFY(a.resample == b.resample);
        QCOMPARE(a.smoteK, b.smoteK);
        QCOMPARE(a.balancedClassWeights, b.balancedClassWeights);
        QVERIFY(a.config.monitor == b.config.monitor);
        const nn::LearningRateSchedule &sa = a.config.schedule, &sb = b.config.schedule;
        QVERIFY(sa.kind == sb.kind);
        QCOMPARE(sa.stepEvery, sb.stepEvery);
        QCOMPARE(sa.gamma, sb.gamma);
        QCOMPARE(sa.warmupEpochs, sb.warmupEpochs);
        QCOMPARE(sa.minLr, sb.minLr);
        QCOMPARE(sa.maxLr, sb.maxLr);
        QCOMPARE(sa.pctStart, sb.pctStart);
        QCOMPARE(sa.factor, sb.factor);
        QCOMPARE(sa.patience, sb.patience);
        QCOMPARE(a.config.clipGradNorm, b.config.clipGradNorm);
        QCOMPARE(a.config.inputNoise, b.config.inputNoise);
        QCOMPARE(a.config.mixupAlpha, b.config.mixupAlpha);
        QVERIFY(a.pipeline.numericImpute == b.pipeline.numericImpute);
        QVERIFY(a.pipeline.scaling == b.pipeline.scaling);
        QVERIFY(a.pipeline.encoding == b.pipeline.encoding);
        QCOMPARE(a.pipeline.logColumns, b.pipeline.logColumns);
        QCOMPARE(a.dropColumns, b.dropColumns);
        QCOMPARE(a.cvFolds, b.cvFolds);
        QCOMPARE(a.device, b.device);
        QCOMPARE(a.search.searched, b.search.searched);
        QCOMPARE(QString::fromStdString(a.search.edited.dump()),
                 QString::fromStdString(b.search.edited.dump()));
        QCOMPARE(a.search.strategy, b.search.strategy);
        QCOMPARE(a.search.trials, b.search.trials);
        QCOMPARE(a.search.parallel, b.search.parallel);
        QCOMPARE(a.search.halving, b.search.halving);
        QVERIFY(a.search == b.search);
        QCOMPARE(got.runs.size(), want.runs.size());
        for (size_t i = 0; i < want.runs.size(); ++i) {
            const gui::ProjectRun &r = got.runs[i], &w = want.runs[i];
            QCOMPARE(r.id, w.id);
            QCOMPARE(r.name, w.name);
            QCOMPARE(r.folder, w.folder);
            QCOMPARE(r.created, w.created);
            QCOMPARE(r.epochs, w.epochs);
            QCOMPARE(r.bestEpoch, w.bestEpoch);
            QCOMPARE(r.stoppedEarly, w.stoppedEarly);
            QCOMPARE(r.cancelled, w.cancelled);
            QCOMPARE(r.seconds, w.seconds);
            QCOMPARE(r.summarySplit, w.summarySplit);
            QCOMPARE(r.summary.keys(), w.summary.keys());
            for (const QString& key : w.summary.keys())
                QVERIFY(r.summary[key] == w.summary[key] ||
                        (std::isnan(r.summary[key]) && std::isnan(w.summary[key])));
        }
        QCOMPARE(got.currentRun, want.currentRun);
        QCOMPARE(got.view, want.view);
        QCOMPARE(got.compression.split, want.compression.split);
        QCOMPARE(got.compression.models.size(), want.compression.models.size());
        std::vector<plugins::ComparisonRow> gotRows, wantRows;
        for (size_t i = 0; i < want.compression.models.size(); ++i) {
            QCOMPARE(got.compression.models[i].run, want.compression.models[i].run);
            gotRows.push_back(got.compression.models[i].row);
            wantRows.push_back(want.compression.models[i].row);
        }
        // Every field, the metrics in their order (the chart plots the first).
        QCOMPARE(plugins::comparisonJson(gotRows, "val").dump(),
                 plugins::comparisonJson(wantRows, "val").dump());

        // Saved again, the file is byte for byte the same.
        const QByteArray first = readAll(file);
        gui::saveProject(got, file);
        QCOMPARE(readAll(file), first);
    }

    void pathsBelowAreRelativeOthersAbsolute() {
        QTemporaryDir dir, other;
        const QString file = dir.filePath("cells.loupe");
        gui::saveProject(fullProject(dir.path(), other.path()), file);
        const QJsonObject root = QJsonDocument::fromJson(readAll(file)).object();
        QCOMPARE(root["loupe_project"].toInt(), gui::kProjectFormat);
        QCOMPARE(root["dataset"]["path"].toString(), QString("data/cells.csv"));
        QCOMPARE(root["runs"][0]["folder"].toString(), QString("cells.runs/run-1"));
        QCOMPARE(root["runs"][1]["folder"].toString(), QDir(other.path()).filePath("run-7"));
        // float32 settings are written as typed, not as their widened doubles.
        QCOMPARE(root["training"]["learning_rate"].toDouble(), 0.0003);
        QCOMPARE(root["training"]["l2"].toDouble(), 0.01);
        QVERIFY(root["runs"][0]["summary"]["roc_auc"].isNull());

        // A path above the project folder, written by hand, resolves against it.
        QVERIFY(QDir().mkpath(dir.filePath("sub")));
        writeText(dir.filePath("sub/p.loupe"),
                  R"({"loupe_project": 1, "dataset": {"path": "../data/x.csv", "target": "y"}})");
        const Project p = gui::loadProject(dir.filePath("sub/p.loupe"));
        QCOMPARE(p.dataset, QDir(dir.path()).filePath("data/x.csv"));
        QCOMPARE(p.target, QString("y"));
        // Left-out fields take their defaults: the CLI's model and settings, no runs.
        QCOMPARE(p.training.layers.hidden, (std::vector<int64_t>{64, 32}));
        QCOMPARE(p.training.config.epochs, train::TrainConfig{}.epochs);
        QVERIFY(p.runs.empty());
        QCOMPARE(p.currentRun, -1);
        QCOMPARE(gui::runsFolderOf("/a/b/cells.loupe"), QString("/a/b/cells.runs"));
    }

    void theBundledSampleReads() {
        const QString file = QStringLiteral(LOUPE_DATASETS "/../projects/breast_cancer.loupe");
        const Project p = gui::loadProject(file);
        QVERIFY(QFileInfo(p.dataset).isFile());
        QCOMPARE(QFileInfo(p.dataset).fileName(), QString("breast_cancer.csv"));
        QCOMPARE(p.target, QString("diagnosis"));
        QVERIFY(p.training.mlp);
        QCOMPARE(p.training.layers.hidden, (std::vector<int64_t>{64, 32}));
        // Saved before the imbalance keys existed: no resampling, no class weights.
        QVERIFY(p.training.resample == data::Resampling::None);
        QCOMPARE(p.training.smoteK, int64_t{5});
        QVERIFY(!p.training.balancedClassWeights);
        // ... and before the schedule, clipping, augmentation, preprocessing and CV keys: the
        // defaults, today's behaviour.
        QVERIFY(p.training.config.schedule.kind == nn::ScheduleKind::None);
        QVERIFY(p.training.config.monitor == train::Monitor::ValLoss);
        QCOMPARE(p.training.config.clipGradNorm, 0.0f);
        QCOMPARE(p.training.config.inputNoise, 0.0f);
        QCOMPARE(p.training.config.mixupAlpha, 0.0f);
        QVERIFY(p.training.pipeline.numericImpute == data::NumericImpute::Mean);
        QVERIFY(p.training.pipeline.scaling == data::Scaling::Standard);
        QVERIFY(p.training.pipeline.encoding == data::Encoding::OneHot);
        QVERIFY(p.training.pipeline.logColumns.empty());
        QVERIFY(p.training.dropColumns.empty());
        QCOMPARE(p.training.cvFolds, 0);
        // ... and before the Search tab: its defaults (learning rate, hidden layers and dropout
        // searched around the settings, bayes, 20 trials, one at a time, no halving).
        QVERIFY(p.training.search == gui::SearchSettings{});
        QCOMPARE(p.training.search.searched, QStringList({"learning_rate", "hidden", "dropout"}));
        QVERIFY(p.training.search.edited.empty());
        QCOMPARE(p.training.search.strategy, QString("bayes"));
        QCOMPARE(p.training.search.trials, int64_t{20});
        QCOMPARE(p.training.search.parallel, int64_t{1});
        QVERIFY(!p.training.search.halving);
        QVERIFY(p.runs.empty());
        // ... and before the Compress view's comparison was kept: none.
        QVERIFY(p.compression.models.empty());
    }

    void comparisonRowsWhoseRunIsGoneAreDropped() {
        QTemporaryDir dir, other;
        const QString file = dir.filePath("cells.loupe");
        Project p = fullProject(dir.path(), other.path());
        plugins::ComparisonRow gone = p.compression.models.back().row;
        gone.name = "quantize-int8";
        p.compression.models.push_back({"run-9", gone});  // no such run
        p.compression.models.push_back({"", gone});       // a row without a run
        gui::saveProject(p, file);
        Project got = gui::loadProject(file);
        QCOMPARE(got.compression.models.size(), size_t(2));
        QCOMPARE(got.compression.models.back().run, QString("run-7"));
        // Without its compressions, the original alone is no comparison.
        p.runs.pop_back();
        gui::saveProject(p, file);
        got = gui::loadProject(file);
        QVERIFY(got.compression.models.empty());
        QVERIFY(!gui::projectToJson(got, file).contains("\"compression\""));
    }

    void newerFormatIsRefused() {
        QTemporaryDir dir;
        const QString file = dir.filePath("future.loupe");
        writeText(file, R"({"loupe_project": 2, "dataset": {"path": "x.csv"}})");
        const InputError e = errorOf([&] { gui::loadProject(file); });
        QVERIFY2(QString(e.what()).contains("made by a newer Loupe (format 2)"), e.what());
        QCOMPARE(QString::fromStdString(e.file()), file);
        writeText(file, R"({"dataset": {"path": "x.csv"}})");
        QVERIFY(QString(errorOf([&] { gui::loadProject(file); }).what())
                    .contains("not a Loupe project"));
    }

    void malformedJsonNamesLineAndColumn() {
        QTemporaryDir dir;
        const QString file = dir.filePath("broken.loupe");
        writeText(file, "{\n  \"loupe_project\": 1\n  \"view\": \"data\"\n}\n");  // no comma
        const InputError e = errorOf([&] { gui::loadProject(file); });
        QCOMPARE(QString::fromStdString(e.file()), file);
        // Qt reports the offset just inside the token it did not expect ("view").
        QCOMPARE(e.line(), int64_t(3));
        QCOMPARE(e.column(), int64_t(4));
        QVERIFY2(QString(e.what()).startsWith(file + ":3:4: malformed JSON"), e.what());
        QVERIFY(!QString(e.what()).contains('\n'));
    }

    void wrongFieldsAreNamed() {
        QTemporaryDir dir;
        const QString file = dir.filePath("bad.loupe");
        const std::pair<const char*, const char*> cases[] = {
            {R"({"loupe_project": 1, "training": {"epochs": "ten"}})", "'training.epochs'"},
            {R"({"loupe_project": 1, "training": {"validation_fraction": 0.95}})",
             "'training.validation_fraction'"},
            {R"({"loupe_project": 1, "training": {"model": {"layers": [{"activation": "swish"}]}}})",
             "'training.model.layers[0].activation'"},
            {R"({"loupe_project": 1, "dataset": {"columns": [{"name": "a", "role": "target"}]}})",
             "'dataset.columns[0].role'"},
            {R"({"loupe_project": 1, "runs": [{"id": "r"}]})", "'runs[0].folder'"},
            {R"({"loupe_project": 1, "current_run": 3})", "'current_run'"},
            {R"({"loupe_project": 1, "training": {"schedule": {"kind": "linear"}}})",
             "'training.schedule.kind'"},
            {R"({"loupe_project": 1, "training": {"scaling": "log"}})", "'training.scaling'"},
            {R"({"loupe_project": 1, "training": {"monitor": "val_auc"}})", "'training.monitor'"},
            {R"({"loupe_project": 1, "training": {"dropped_columns": [3]}})",
             "'training.dropped_columns'"},
            {R"({"loupe_project": 1, "training": {"cv_folds": 1}})", "'training.cv_folds'"},
            {R"({"loupe_project": 1, "training": {"search": {"strategy": "hyperband"}}})",
             "'training.search.strategy'"},
            {R"({"loupe_project": 1, "training": {"search": {"parallel_trials": 0}}})",
             "'training.search.parallel_trials'"},
            {R"({"loupe_project": 1, "training": {"search": {"searched": ["l2", 3]}}})",
             "'training.search.searched'"},
            {R"({"loupe_project": 1, "training": {"search": {"edited": {"l2": {"log": [1]}}}}})",
             "'training.search.edited.l2'"},
            {R"({"loupe_project": 1, "training": {"search": {"edited": {"l2": [0, 1]}}}})",
             "'training.search.edited.l2'"},
            {R"({"loupe_project": 1, "compression": {"models": {}}})", "'compression.models'"},
            {R"({"loupe_project": 1, "compression": {"models": [{"parameters": 3}]}})",
             "'compression.models[0].name'"},
            {R"({"loupe_project": 1, "compression": {"models": [{"name": "o",
                "size_bytes": -1}]}})",
             "'compression.models[0].size_bytes'"},
            {R"({"loupe_project": 1, "compression": {"models": [{"name": "o", "metrics": [{"name":
                "accuracy", "value": "high"}]}]}})",
             "'compression.models[0].metrics[0].value'"}};
        for (const auto& [text, field] : cases) {
            writeText(file, text);
            const QString message = errorOf([&] { gui::loadProject(file); }).what();
            QVERIFY2(message.startsWith(file + ": ") && message.contains(field),
                     qPrintable(message));
        }
        QVERIFY(QString(errorOf([&] { gui::loadProject(dir.filePath("none.loupe")); }).what())
                    .contains("none.loupe"));
    }

    void failedSaveLeavesTheOldFileIntact() {
        QTemporaryDir dir, other;
        const QString file = dir.filePath("cells.loupe");
        Project p = fullProject(dir.path(), other.path());
        gui::saveProject(p, file);
        const QByteArray before = readAll(file);

        // Writes past 256 bytes fail (as on a full disk): the save must throw and keep the file.
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit old{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
        rlimit small = old;
        small.rlim_cur = 256;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        p.target = "changed";
        const InputError e = errorOf([&] { gui::saveProject(p, file); });
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &old), 0);
        QVERIFY2(QString(e.what()).contains("cannot save the project"), e.what());
        QCOMPARE(QString::fromStdString(e.file()), file);
        QCOMPARE(readAll(file), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"cells.loupe"});
    }
};

QTEST_GUILESS_MAIN(TestProjectFile)
#include "test_project_file.moc"
