// loupe-cli end to end: trains on the bundled samples and checks the run folder and the quality
// thresholds, replays the model through evaluate and predict, explains it (shap.csv and the SVG
// plots), and feeds it bad input, which must end with exit code 2, one line on stderr naming the
// file, and nothing in --out.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <algorithm>

namespace {

struct Result {
    int exitCode = -1;
    QString out, err;
    qint64 ms = 0;
};

Result runCli(const QStringList& args, int timeoutMs = 120000) {
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral(LOUPE_CLI), args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Result r;
    r.ms = timer.elapsed();
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

QString dataset(const char* name) { return QStringLiteral(LOUPE_DATASETS "/") + name; }

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QStringList readLines(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
}

/// Cells of a predictions.csv line (the bundled samples' class names hold no commas).
QStringList cells(const QString& line) { return line.split(','); }

/// The text of an SVG file's elements, one per line; empty with `ok` false when it is not
/// well-formed XML.
QString svgText(const QString& path, bool& ok) {
    QFile file(path);
    ok = file.open(QIODevice::ReadOnly);
    QXmlStreamReader xml(&file);
    QString text;
    while (ok && !xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::Characters) text += xml.text().toString() + '\n';
    ok = ok && !xml.hasError();
    return ok ? text : QString();
}

bool folderIsAbsentOrEmpty(const QString& path) {
    const QDir dir(path);
    return !dir.exists() || dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_cancerRun;

    /// Trains on a bundled sample; returns the run folder's metrics.json.
    QJsonObject train(const char* file, const char* target, const QString& out,
                      const QStringList& extra = {}) {
        const Result r = runCli(
            QStringList{"train", dataset(file), "--target", target, "--out", out, "--quiet"} +
            extra);
        qInfo("train %s: exit %d in %lld ms", file, r.exitCode, static_cast<long long>(r.ms));
        if (r.exitCode != 0) qWarning("%s", qPrintable(r.err));
        if (!r.out.isEmpty()) qWarning("--quiet printed: %s", qPrintable(r.out));
        return readJson(out + "/metrics.json");
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(QStringLiteral(LOUPE_CLI)), LOUPE_CLI);
        m_cancerRun = m_dir.filePath("cancer");
    }

    void trainBreastCancer() {
        const QJsonObject metrics =
            train("breast_cancer.csv", "diagnosis", m_cancerRun, {"--seed", "1"});
        for (const char* name : {"model.h5", "metrics.json", "history.csv", "predictions.csv"})
            QVERIFY2(QFile::exists(m_cancerRun + "/" + name), name);
        QCOMPARE(metrics["task"].toString(), QString("classification"));
        QCOMPARE(metrics["classes"].toArray().size(), 2);
        const QJsonObject splits = metrics["splits"].toObject();
        QVERIFY(splits.contains("train") && splits.contains("val") && splits.contains("test"));
        const QJsonObject test = splits["test"].toObject();
        qInfo("breast cancer test: accuracy %.4f roc_auc %.4f log_loss %.4f",
              test["accuracy"].toDouble(), test["roc_auc"].toDouble(), test["log_loss"].toDouble());
        QVERIFY(test["roc_auc"].toDouble() >= 0.99);
        QVERIFY(test["accuracy"].toDouble() >= 0.95);

        const QStringList predictions = readLines(m_cancerRun + "/predictions.csv");
        QCOMPARE(predictions.size(), 570);
        QCOMPARE(predictions[0], QString("row,split,label,predicted,p_benign,p_malignant"));
        QSet<QString> splitNames;
        for (int i = 1; i < predictions.size(); ++i) {
            QCOMPARE(cells(predictions[i])[0], QString::number(i - 1));
            splitNames.insert(cells(predictions[i])[1]);
        }
        QCOMPARE(splitNames, (QSet<QString>{"train", "val", "test"}));
        const QStringList history = readLines(m_cancerRun + "/history.csv");
        QVERIFY(history.size() >= 2);
        QCOMPARE(history[0], QString("epoch,train_loss,val_loss,val_accuracy,lr,seconds"));
    }

    void trainIris() {
        const QString out = m_dir.filePath("iris");
        const QJsonObject metrics = train("iris.csv", "species", out);
        const QJsonObject test = metrics["splits"].toObject()["test"].toObject();
        qInfo("iris test: accuracy %.4f balanced_accuracy %.4f log_loss %.4f",
              test["accuracy"].toDouble(), test["balanced_accuracy"].toDouble(),
              test["log_loss"].toDouble());
        QCOMPARE(metrics["classes"].toArray().size(), 3);
        QVERIFY(test["accuracy"].toDouble() >= 0.93);
        QCOMPARE(readLines(out + "/predictions.csv").size(), 151);
    }

    void evaluateAndPredictReplayTraining() {
        const QString model = m_cancerRun + "/model.h5";
        const QString evalOut = m_dir.filePath("eval");
        const QString predictOut = m_dir.filePath("predicted.csv");
        const Result e =
            runCli({"evaluate", model, dataset("breast_cancer.csv"), "--out", evalOut});
        QVERIFY2(e.exitCode == 0, qPrintable(e.err));
        const Result p =
            runCli({"predict", model, dataset("breast_cancer.csv"), "--out", predictOut});
        QVERIFY2(p.exitCode == 0, qPrintable(p.err));
        QVERIFY(!QFile::exists(evalOut + "/model.h5") && !QFile::exists(evalOut + "/history.csv"));
        QVERIFY(readJson(evalOut + "/metrics.json")["splits"].toObject().contains("all"));

        const QStringList trained = readLines(m_cancerRun + "/predictions.csv");
        const QStringList evaluated = readLines(evalOut + "/predictions.csv");
        const QStringList predicted = readLines(predictOut);
        QCOMPARE(evaluated.size(), trained.size());
        QCOMPARE(predicted.size(), trained.size());
        QCOMPARE(predicted[0], QString("row,predicted,p_benign,p_malignant"));
        for (int i = 1; i < trained.size(); ++i) {
            const QStringList t = cells(trained[i]), e2 = cells(evaluated[i]),
                              p2 = cells(predicted[i]);
            QCOMPARE(e2[1], QString("all"));
            // row, label, predicted and the probabilities print the same exact numbers.
            QCOMPARE(e2[0], t[0]);
            QCOMPARE(e2.mid(2), t.mid(2));
            QCOMPARE(p2[0], t[0]);
            QCOMPARE(p2.mid(1), t.mid(3));
        }
    }

    void explainWritesPlots() {
        // 30 features: kernel SHAP, k-means background; the first 5 of 7 rows get a force plot.
        const QString out = m_dir.filePath("cancer-shap");
        const Result r =
            runCli({"explain", m_cancerRun + "/model.h5", dataset("breast_cancer.csv"), "--rows",
                    "4-10", "--background-kmeans", "8", "--samples", "300", "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));  // no Qt chatter from the offscreen platform
        QVERIFY(r.out.contains("over 8 background rows"));
        QVERIFY(r.out.contains("summary.svg"));
        const QStringList header = cells(readLines(out + "/shap.csv").value(0));
        const QStringList features =
            header.mid(2, header.size() - 3);  // row, base_value .. prediction
        QCOMPARE(features.size(), 30);
        QStringList files = QDir(out).entryList({"*.svg"}, QDir::Files, QDir::Name);
        QCOMPARE(files, (QStringList{"force_4.svg", "force_5.svg", "force_6.svg", "force_7.svg",
                                     "force_8.svg", "summary.svg"}));
        bool ok = false;
        const QString summary = svgText(out + "/summary.svg", ok);
        QVERIFY2(ok, "summary.svg is well-formed XML");
        // The summary shows the 20 features with the largest mean |SHAP value|, by name.
        const qsizetype named =
            std::count_if(features.begin(), features.end(),
                          [&](const QString& f) { return summary.split('\n').contains(f); });
        QCOMPARE(named, qsizetype(20));
        QVERIFY(summary.contains("SHAP value (impact on the probability of malignant)"));
        for (const QString& file : files.mid(0, 5)) {
            const QString force = svgText(out + "/" + file, ok);
            QVERIFY2(ok, qPrintable(file + " is well-formed XML"));
            const bool labelled =
                std::any_of(features.begin(), features.end(),
                            [&](const QString& f) { return force.contains(f + " = "); });
            QVERIFY2(labelled, qPrintable(file + " labels a feature: " + force.left(300)));
            QVERIFY(force.contains("f(x) = "));
        }
    }

    void explainFewRowsWritesOneForcePlotEach() {
        // Iris: exact SHAP; two rows in the order given, so two force plots named by data row.
        const QString out = m_dir.filePath("iris-shap");
        const Result r = runCli({"explain", m_dir.filePath("iris/model.h5"), dataset("iris.csv"),
                                 "--rows", "120,3", "--quiet", "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.isEmpty() && r.err.isEmpty());
        QCOMPARE(QDir(out).entryList({"*.svg"}, QDir::Files, QDir::Name),
                 (QStringList{"force_120.svg", "force_3.svg", "summary.svg"}));
        bool ok = false;
        const QString force = svgText(out + "/force_120.svg", ok);
        QVERIFY(ok);
        QVERIFY(force.contains("Row 120"));
        QVERIFY(force.contains("petal_length = ") || force.contains("petal_width = "));
    }

    void predictWithoutTargetColumn() {
        const QString data = m_dir.filePath("unlabelled.csv");
        QFile file(data);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n"
            "6.7,3.0,5.2,2.3\n");
        file.close();
        const QString out = m_dir.filePath("unlabelled_predictions.csv");
        const Result r =
            runCli({"predict", m_dir.filePath("iris/model.h5"), data, "--out", out, "--quiet"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList lines = readLines(out);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QString("row,predicted,p_setosa,p_versicolor,p_virginica"));
        QCOMPARE(cells(lines[1])[1], QString("setosa"));
        QCOMPARE(cells(lines[2])[1], QString("virginica"));
    }

    void regressionRoundTrip() {
        // y depends on a number, a category and a little deterministic "noise"; some values
        // missing.
        const QString data = m_dir.filePath("regression.csv");
        QFile file(data);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a,colour,b,y\n");
        const char* colours[] = {"red", "green", "blue, dark"};
        for (int i = 0; i < 300; ++i) {
            const double a = (i % 37) / 7.0, b = (i * 7919 % 101) / 10.0;
            const double y = 3.0 * a - b + (i % 3 == 0 ? 4.0 : 0.0) + ((i * 31) % 11 - 5) / 50.0;
            file.write(QString("%1,\"%2\",%3,%4\n")
                           .arg(i % 29 == 0 ? QString() : QString::number(a))
                           .arg(colours[i % 3])
                           .arg(b)
                           .arg(i % 41 == 0 ? QString() : QString::number(y))
                           .toUtf8());
        }
        file.close();
        const QString out = m_dir.filePath("regression");
        const Result r = runCli({"train", data, "--target", "y", "--out", out, "--quiet"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject metrics = readJson(out + "/metrics.json");
        QCOMPARE(metrics["task"].toString(), QString("regression"));
        const QJsonObject test = metrics["splits"].toObject()["test"].toObject();
        for (const char* key : {"mse", "rmse", "mae", "r2", "support"})
            QVERIFY2(test.contains(key), key);
        QVERIFY2(test["r2"].toDouble() > 0.9, qPrintable(QString::number(test["r2"].toDouble())));
        const QStringList lines = readLines(out + "/predictions.csv");
        QCOMPARE(lines[0], QString("row,split,label,predicted"));
        QCOMPARE(lines.size(), 1 + 300 - 8);  // rows 0, 41, ..., 287 have no target

        const QString predicted = m_dir.filePath("regression_predicted.csv");
        const Result p = runCli({"predict", out + "/model.h5", data, "--out", predicted});
        QVERIFY2(p.exitCode == 0, qPrintable(p.err));
        const QStringList predictedLines = readLines(predicted);
        QCOMPARE(predictedLines[0], QString("row,predicted"));
        QCOMPARE(predictedLines.size(), 301);
        // Row 1 is the first with a target: both files print the same value.
        QCOMPARE(cells(predictedLines[2])[1], cells(lines[1])[3]);
    }

    void infoJson() {
        const Result r = runCli({"info", dataset("iris.csv"), "--target", "species", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject info = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(info["rows"].toInt(), 150);
        const QJsonArray columns = info["columns"].toArray();
        QCOMPARE(columns.size(), 5);
        QCOMPARE(columns[0].toObject()["type"].toString(), QString("numeric"));
        QCOMPARE(columns[4].toObject()["type"].toString(), QString("categorical"));
        QCOMPARE(columns[0].toObject()["missing"].toInt(), 0);
        const QJsonObject target = info["target"].toObject();
        QCOMPARE(target["task"].toString(), QString("classification"));
        const QJsonArray classes = target["classes"].toArray();
        QCOMPARE(classes.size(), 3);
        for (const QJsonValue& c : classes) QCOMPARE(c.toObject()["count"].toInt(), 50);
    }

    void badInput_data() {
        QTest::addColumn<QByteArray>("contents");  // written to bad.csv unless empty-named
        QTest::addColumn<QStringList>("args");     // BAD: the bad file; OUT: the output folder
        QTest::addColumn<QString>("mentions");     // must appear on the error line
        const QStringList trainBad{"train", "BAD", "--target", "t", "--out", "OUT"};
        QTest::newRow("ragged row")
            << QByteArray("a,b,t\n1,2,x\n3,4\n5,6,y\n") << trainBad << "bad.csv:3";
        QTest::newRow("unterminated quote")
            << QByteArray("a,b,t\n1,2,x\n3,\"4,y\n5,6,y\n") << trainBad << "bad.csv:3";
        QTest::newRow("binary junk")
            << QByteArray("\x7f\x45\x4c\x46\x02\x01\x00\x00\xff\xfe", 10) << trainBad << "bad.csv";
        QTest::newRow("empty file") << QByteArray("") << trainBad << "bad.csv";
        QTest::newRow("missing target column")
            << QByteArray("a,b,c\n1,2,x\n3,4,y\n") << trainBad << "bad.csv";
        QTest::newRow("single-class target")
            << QByteArray("a,b,t\n1,2,x\n3,4,x\n5,6,x\n7,8,x\n") << trainBad << "bad.csv";
        QTest::newRow("nonexistent path")
            << QByteArray() << QStringList{"train", "NOFILE", "--target", "t", "--out", "OUT"}
            << "no_such_file.csv";
        QTest::newRow("bad option value")
            << QByteArray("a,t\n1,x\n2,y\n")
            << QStringList{"train", "BAD", "--target", "t", "--out", "OUT", "--epochs", "many"}
            << "--epochs";
        QTest::newRow("negative learning rate")
            << QByteArray("a,t\n1,x\n2,y\n") << (trainBad + QStringList{"--lr", "-1"}) << "--lr";
        QTest::newRow("negative seed") << QByteArray("a,t\n1,x\n2,y\n")
                                       << (trainBad + QStringList{"--seed", "-1"}) << "--seed";
        QTest::newRow("bad hidden sizes")
            << QByteArray("a,t\n1,x\n2,y\n") << (trainBad + QStringList{"--hidden", "64,,2"})
            << "--hidden";
        QTest::newRow("unknown option") << QByteArray("a,t\n1,x\n2,y\n")
                                        << (trainBad + QStringList{"--wings", "2"}) << "--wings";
        QTest::newRow("model is not HDF5")
            << QByteArray("a,t\n1,x\n2,y\n")
            << QStringList{"evaluate", "BAD", "BAD", "--out", "OUT"} << "bad.csv";
        const QByteArray irisHeader = "sepal_length,sepal_width,petal_length,petal_width,species\n";
        QTest::newRow("label the model does not know")
            << (irisHeader + "5.1,3.5,1.4,0.2,rose\n")
            << QStringList{"evaluate", "IRISMODEL", "BAD", "--out", "OUT"} << "rose";
        QTest::newRow("feature column missing")
            << QByteArray("sepal_length,species\n5.1,setosa\n")
            << QStringList{"predict", "IRISMODEL", "BAD", "--out", "OUT"} << "sepal_width";
        QTest::newRow("infinite feature")
            << (irisHeader + "5.1,3.5,1.4,0.2,setosa\n1e308,-1e308,inf,0.2,setosa\n")
            << QStringList{"evaluate", "IRISMODEL", "BAD", "--out", "OUT"} << "bad.csv";
        QTest::newRow("unknown command") << QByteArray() << QStringList{"bogus", "OUT"} << "bogus";
        QTest::newRow("info on junk") << QByteArray("\x00\x01\x02\x03\xff\xfe\x00\x00", 8)
                                      << QStringList{"info", "BAD"} << "bad.csv";
        QTest::newRow("two backgrounds")
            << QByteArray("a,t\n1,x\n2,y\n")
            << QStringList{"explain", "IRISMODEL",    "BAD", "--out", "OUT", "--background-kmeans",
                           "3",       "--background", "5"}
            << "--background";
        QTest::newRow("no k-means clusters")
            << QByteArray("a,t\n1,x\n2,y\n")
            << QStringList{"explain", "IRISMODEL",           "BAD", "--out",
                           "OUT",     "--background-kmeans", "0"}
            << "--background-kmeans";
        QTest::newRow("predict into a folder")
            << QByteArray("a,t\n1,x\n2,y\n") << QStringList{"predict", "BAD", "BAD", "--out", "."}
            << ".";
    }
    void badInput() {
        QFETCH(QByteArray, contents);
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.csv");
        const QString out = dir.filePath("out");
        if (!contents.isNull() || args.contains("BAD")) {
            QFile file(bad);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(contents);
        }
        args.replaceInStrings(QRegularExpression("^BAD$"), bad);
        args.replaceInStrings(QRegularExpression("^NOFILE$"), dir.filePath("no_such_file.csv"));
        args.replaceInStrings(QRegularExpression("^OUT$"), out);
        args.replaceInStrings(QRegularExpression("^IRISMODEL$"), m_dir.filePath("iris/model.h5"));
        const Result r = runCli(args, 30000);
        QCOMPARE(r.exitCode, 2);
        const QStringList lines = r.err.split('\n', Qt::SkipEmptyParts);
        QVERIFY2(lines.size() == 1, qPrintable(r.err));
        QVERIFY2(lines[0].startsWith("loupe-cli: error: "), qPrintable(lines[0]));
        QVERIFY2(lines[0].contains(mentions), qPrintable(lines[0]));
        QVERIFY(folderIsAbsentOrEmpty(out));
        // No staging folder or temporary is left beside --out either.
        const QStringList left =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        QVERIFY2(left.isEmpty() || left == QStringList{"bad.csv"}, qPrintable(left.join(' ')));
    }

    void failureLeavesExistingOutputAlone() {
        QTemporaryDir dir;
        const QString out = dir.filePath("out");
        QVERIFY(QDir().mkpath(out));
        QFile keep(out + "/notes.txt");
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("mine");
        keep.close();
        const Result r =
            runCli({"train", dataset("iris.csv"), "--target", "no_such_column", "--out", out});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden), QStringList{"notes.txt"});
    }

    void helpListsDefaults() {
        const Result r = runCli({"train", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--epochs"));
        QVERIFY(r.out.contains("64,32"));
        QVERIFY(r.err.isEmpty());
    }

    void noCommandIsUsageError() {
        const Result r = runCli({});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
