// Run folder writers and readers: exact numbers, RFC 4180 quoting, predictions/history layout,
// the atomic write and staged folder that keep --out whole, and a trained run written and read
// back (readRunFolder) with the same predictions, history, split and reports.

#include <QTemporaryDir>
#include <QtTest>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/data/reader.h"
#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/csv_records.h"
#include "core/io/csv_writer.h"
#include "core/io/run_folder.h"
#include "core/train/experiment.h"

using namespace loupe;
namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> entries(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

/// The location InputError `run` throws, as "line:column", or "" when it throws none.
template <typename F>
std::string errorLocation(F run) {
    try {
        run();
    } catch (const InputError& e) {
        return std::to_string(e.line()) + ":" + std::to_string(e.column());
    }
    return {};
}

/// Bitwise equality, NaN equal to NaN.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void comparePredictions(const train::PredictionSet& a, const train::PredictionSet& b) {
    QVERIFY(a.task == b.task);
    QCOMPARE(a.classNames, b.classNames);
    QCOMPARE(a.rows, b.rows);
    QCOMPARE(a.splits, b.splits);
    QCOMPARE(a.labels.size(), b.labels.size());
    for (size_t i = 0; i < a.labels.size(); ++i) QVERIFY(same(a.labels[i], b.labels[i]));
    QCOMPARE(a.outputs.rows(), b.outputs.rows());
    QCOMPARE(a.outputs.cols(), b.outputs.cols());
    for (Eigen::Index r = 0; r < a.outputs.rows(); ++r)
        for (Eigen::Index c = 0; c < a.outputs.cols(); ++c)
            QVERIFY(same(a.outputs(r, c), b.outputs(r, c)));
}

}  // namespace

class TestRunFolder : public QObject {
    Q_OBJECT

private slots:
    void numbersReadBackExactly() {
        const float probability = 0.1f;
        for (double value :
             {0.0, 1.0, -2.5, 1e-300, 123456789.125, 1.0 / 3.0, static_cast<double>(probability),
              std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max()}) {
            const std::string text = io::formatNumber(value);
            double back = 0.0;
            std::from_chars(text.data(), text.data() + text.size(), back);
            QCOMPARE(back, value);
        }
        QCOMPARE(io::formatNumber(0.5), std::string("0.5"));
        QCOMPARE(io::formatNumber(std::nan("")), std::string("nan"));
    }

    void csvFieldsAreQuotedAsRfc4180Says() {
        io::CsvWriter csv;
        csv.field("plain").field("a,b").field("say \"hi\"").field("two\nlines").field("");
        csv.number(std::nan("")).integer(-3).endRow();
        QCOMPARE(csv.text(), std::string("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,,-3\n"));
    }

    void predictionsLayout() {
        train::PredictionSet p;
        p.classNames = {"no", "yes, really"};
        p.rows = {0, 2, 5};
        p.splits = {"train", "test", "val"};
        p.labels = {0, 1, 1};
        Matrix probs(3, 2);
        probs << 0.75f, 0.25f, 0.5f, 0.5f, 0.1f, 0.9f;
        p.outputs = train::widenOutputs(probs, data::Task::Classification);
        QCOMPARE(io::predictedClasses(p.outputs), (std::vector<int>{0, 0, 1}));
        const std::string text = io::predictionsCsv(p);
        QVERIFY2(text.rfind("row,split,label,predicted,p_no,\"p_yes, really\"\n", 0) == 0,
                 text.c_str());
        QVERIFY(text.find("\n2,test,\"yes, really\",no,0.5,0.5\n") != std::string::npos);
        // Ties go to the first class, as numpy.argmax and the eval report choose.
        QCOMPARE(p.outputs.row(2).sum(), 1.0);

        train::PredictionSet r;
        r.task = data::Task::Regression;
        r.rows = {3};
        r.outputs = MatrixD::Constant(1, 1, 2.5);
        QCOMPARE(io::predictionsCsv(r), std::string("row,predicted\n3,2.5\n"));
    }

    void reportsPerSplit() {
        train::PredictionSet p;
        p.task = data::Task::Regression;
        p.rows = {0, 1, 2, 3};
        p.splits = {"train", "train", "test", "test"};
        p.labels = {1.0, 2.0, 3.0, 5.0};
        p.outputs = MatrixD(4, 1);
        p.outputs << 1.0, 2.0, 3.5, 4.0;
        const nlohmann::json test = train::splitReport(p, "test");
        QCOMPARE(test["support"].get<int>(), 2);
        QCOMPARE(test["mae"].get<double>(), 0.75);
        QCOMPARE(train::splitReport(p, "all")["support"].get<int>(), 4);
        const nlohmann::json doc =
            io::metricsDocument(data::Task::Regression, {}, {{"test", test}});
        QCOMPARE(doc["task"].get<std::string>(), std::string("regression"));
        QVERIFY(doc["splits"].contains("test"));
    }

    void historyLayout() {
        train::History h;
        h.valMetricName = "val_accuracy";
        h.epochs.push_back({1, 0.5, 0.25, 0.75, 0.001, 0.125});
        h.epochs.push_back({2, 0.5, std::nan(""), std::nan(""), 0.001, 0.25});
        QCOMPARE(io::historyCsv(h),
                 std::string("epoch,train_loss,val_loss,val_accuracy,lr,seconds\n"
                             "1,0.5,0.25,0.75,0.001,0.125\n2,0.5,,,0.001,0.25\n"));
    }

    void atomicWriteReplacesWholeFile() {
        QTemporaryDir dir;
        const fs::path path = dir.filePath("a.txt").toStdString();
        io::writeFileAtomic(path, "first");
        io::writeFileAtomic(path, "second");
        QCOMPARE(readText(path), std::string("second"));
        QCOMPARE(entries(dir.path().toStdString()), std::vector<std::string>{"a.txt"});
        QVERIFY_THROWS_EXCEPTION(
            InputError, io::writeFileAtomic(dir.filePath("no/such/folder/x").toStdString(), "x"));
        QVERIFY_THROWS_EXCEPTION(InputError, io::writeFileAtomicWith(path, [](const fs::path&) {
                                     throw InputError("writer failed");
                                 }));
        QCOMPARE(readText(path), std::string("second"));
        QCOMPARE(entries(dir.path().toStdString()), std::vector<std::string>{"a.txt"});
    }

    void stagedFolderAppearsOnlyOnCommit() {
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "deep" / "run";
        {
            io::StagedFolder staged(out);
            io::writeFileAtomic(staged.file("metrics.json"), "{}");
            QVERIFY(!fs::exists(out));
        }  // dropped without commit: nothing is left
        QVERIFY(!fs::exists(out));
        QVERIFY(entries(out.parent_path()).empty());
        {
            io::StagedFolder staged(out);
            io::writeFileAtomic(staged.file("metrics.json"), "{}");
            staged.commit();
        }
        QCOMPARE(entries(out), std::vector<std::string>{"metrics.json"});
        QCOMPARE(entries(out.parent_path()), std::vector<std::string>{"run"});

        // Into an existing folder: its other files stay, namesakes are replaced.
        io::writeFileAtomic(out / "notes.txt", "keep");
        io::StagedFolder again(out.string() + "/");
        io::writeFileAtomic(again.file("metrics.json"), "{\"v\": 2}");
        again.commit();
        QCOMPARE(entries(out), (std::vector<std::string>{"metrics.json", "notes.txt"}));
        QCOMPARE(readText(out / "metrics.json"), std::string("{\"v\": 2}"));
        QCOMPARE(entries(out.parent_path()), std::vector<std::string>{"run"});

        // A staged folder replaces its namesake whole (a search run again into the same --out).
        for (const char* version : {"1", "2"}) {
            io::StagedFolder nested(out);
            fs::create_directory(nested.file("best"));
            io::writeFileAtomic(nested.file("best") / (std::string("v") + version), version);
            nested.commit();
        }
        QCOMPARE(entries(out / "best"), std::vector<std::string>{"v2"});
        QCOMPARE(entries(out), (std::vector<std::string>{"best", "metrics.json", "notes.txt"}));
        QCOMPARE(entries(out.parent_path()), std::vector<std::string>{"run"});
    }

    void unusableOutputsAreRefusedUpFront() {
        QTemporaryDir dir;
        const fs::path file = dir.filePath("file").toStdString();
        io::writeFileAtomic(file, "x");
        QVERIFY_THROWS_EXCEPTION(InputError, io::checkOutputFolder(file));
        QVERIFY_THROWS_EXCEPTION(InputError, io::checkOutputFolder(file / "below"));
        QVERIFY_THROWS_EXCEPTION(InputError, io::checkOutputFile(dir.path().toStdString()));
        QVERIFY_THROWS_EXCEPTION(InputError, io::checkOutputFile(file / "x.csv"));
        io::checkOutputFolder(fs::path(dir.path().toStdString()) / "new" / "run");
        QVERIFY(!fs::exists(fs::path(dir.path().toStdString()) / "new"));
    }

    void predictionsReadBackExactly() {
        train::PredictionSet p;
        p.classNames = {"no", "yes, \"really\"", "p_maybe"};
        p.rows = {0, 2, 5, 7};
        p.splits = {"train", "test", "val", "train"};
        p.labels = {0, 1, 2, -1};  // the last row has no known class
        Matrix probs(4, 3);
        probs << 0.7f, 0.2f, 0.1f, 1.0f / 3.0f, 1.0f / 3.0f, 1.0f / 3.0f, 1e-7f, 0.5f, 0.5f, 0.0f,
            0.0f, 1.0f;
        p.outputs = train::widenOutputs(probs, data::Task::Classification);
        comparePredictions(io::parsePredictionsCsv(io::predictionsCsv(p)), p);

        train::PredictionSet r;
        r.task = data::Task::Regression;
        r.rows = {3, 4};
        r.splits = {"train", "val"};
        r.labels = {0.1, -1e300};
        r.outputs = MatrixD(2, 1);
        r.outputs << 1.0 / 3.0, std::numeric_limits<double>::denorm_min();
        comparePredictions(io::parsePredictionsCsv(io::predictionsCsv(r)), r);
        r.splits.clear();
        r.labels.clear();
        comparePredictions(io::parsePredictionsCsv(io::predictionsCsv(r)), r);
    }

    void historyReadsBackExactly() {
        train::History h;
        h.valMetricName = "val_r2";
        h.epochs.push_back({1, 0.1, 0.25, -0.75, 0.001f, 0.125});
        h.epochs.push_back({2, 1.0 / 3.0, std::nan(""), std::nan(""), 0.001f, 0.25});
        const train::History back = io::parseHistoryCsv(io::historyCsv(h));
        QCOMPARE(back.valMetricName, h.valMetricName);
        QCOMPARE(back.epochs.size(), h.epochs.size());
        for (size_t i = 0; i < h.epochs.size(); ++i) {
            const train::EpochRecord &a = back.epochs[i], &b = h.epochs[i];
            QCOMPARE(a.epoch, b.epoch);
            QVERIFY(same(a.trainLoss, b.trainLoss) && same(a.valLoss, b.valLoss));
            QVERIFY(same(a.valMetric, b.valMetric) && same(a.seconds, b.seconds));
            QCOMPARE(static_cast<float>(a.learningRate), static_cast<float>(b.learningRate));
        }
        QCOMPARE(back.bestEpoch, int64_t{2});
        QVERIFY(io::parseHistoryCsv(io::historyCsv(train::History{})).valMetricName.empty());
    }

    void malformedFilesNameTheLineAndColumn() {
        QCOMPARE(errorLocation([] { io::parseCsvRecords("a,b\n1,\"open\n2,3\n", "x.csv"); }),
                 std::string("2:2"));
        QCOMPARE(errorLocation([] {
                     io::parsePredictionsCsv(
                         "row,split,label,predicted,p_a,p_b\n"
                         "0,train,a,a,0.5,0.5\n1,train,b,b,0.5,x\n");
                 }),
                 std::string("3:6"));
        QCOMPARE(
            errorLocation([] { io::parsePredictionsCsv("row,label,predicted,p_a\n0,z,a,1\n"); }),
            std::string("2:2"));
        QCOMPARE(errorLocation([] {
                     io::parseHistoryCsv(
                         "epoch,train_loss,val_loss,val_accuracy,lr,seconds\n"
                         "1,0.5,,,0.001\n");
                 }),
                 std::string("2:5"));
        QCOMPARE(errorLocation([] { io::parseHistoryCsv("a,b\n"); }), std::string("1:1"));
        QVERIFY_THROWS_EXCEPTION(InputError, io::readHistory("/nonexistent/history.csv"));
    }

    void trainedRunReadsBackWithTheSameReports() {
        const data::Table table = data::readTable(std::string(LOUPE_DATASETS) + "/iris.csv");
        train::ExperimentRequest request;
        request.target = "species";
        request.train.epochs = 5;
        request.train.seed = 7;
        device::CpuDevice cpu;
        const train::ExperimentResult trained = train::runExperiment(table, request, cpu);

        QTemporaryDir dir;
        const fs::path folder = fs::path(dir.path().toStdString()) / "run";
        io::writeRunFolder(folder, trained);
        QCOMPARE(entries(folder), (std::vector<std::string>{"history.csv", "metrics.json",
                                                            "model.h5", "predictions.csv"}));
        const train::ExperimentResult back = io::readRunFolder(folder);
        comparePredictions(back.predictions, trained.predictions);
        QCOMPARE(back.split.train, trained.split.train);
        QCOMPARE(back.split.val, trained.split.val);
        QCOMPARE(back.split.test, trained.split.test);
        QCOMPARE(back.features, trained.features);
        QCOMPARE(back.history.epochs.size(), trained.history.epochs.size());
        QCOMPARE(back.history.valMetricName, trained.history.valMetricName);
        QCOMPARE(back.reports.size(), trained.reports.size());
        for (size_t i = 0; i < back.reports.size(); ++i) {
            QCOMPARE(back.reports[i].first, trained.reports[i].first);
            QCOMPARE(back.reports[i].second.dump(), trained.reports[i].second.dump());
        }
        const Matrix a = back.model.predictTable(cpu, table, trained.predictions.rows);
        const Matrix b = trained.model.predictTable(cpu, table, trained.predictions.rows);
        QVERIFY(a == b);

        // Files from different runs do not belong together.
        io::writeFileAtomic(folder / "predictions.csv", "row,predicted\n0,1.5\n");
        QVERIFY_THROWS_EXCEPTION(InputError, io::readRunFolder(folder));
        fs::remove(folder / "model.h5");
        QVERIFY_THROWS_EXCEPTION(InputError, io::readRunFolder(folder));
    }
};

QTEST_GUILESS_MAIN(TestRunFolder)
#include "test_run_folder.moc"
