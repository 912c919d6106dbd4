// loupe-cli report end to end: trains a small model on a CSV whose column names and class labels
// hold markup (`<script>alert(1)</script>`, "R&D"), writes the HTML and PDF reports and checks
// that the HTML is well-formed XML with no script and the names as escaped text
// (tests/check_report.py), that the PDF has numbered pages pdftoppm renders and pdftotext reads
// the names from, that compare.json is shown, that a missing dataset is said in the report, and
// that bad input ends with exit code 2 and one line on stderr.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

namespace {

const QString kColumn = QStringLiteral("<script>alert(1)</script>");

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result run(const QString& program, const QStringList& args, int timeoutMs = 120000) {
    QProcess process;
    process.start(program, args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    Result r;
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

Result runCli(const QStringList& args) { return run(QStringLiteral(LOUPE_CLI), args); }

QString readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

/// 160 rows: two numeric features (one named like a script tag), a categorical one, and a team
/// that follows them with some noise, so the model learns something and every chart has a shape.
QByteArray trickyCsv() {
    QByteArray csv = kColumn.toUtf8() + ",hours,site,team\n";
    uint32_t state = 12345;
    const auto uniform = [&] {
        state = state * 1664525u + 1013904223u;
        return (state >> 8) / double(1 << 24);
    };
    const char* sites[] = {"north", "south & east", "<west>"};
    for (int i = 0; i < 160; ++i) {
        const double a = uniform() * 10, hours = 20 + uniform() * 30;
        const int site = static_cast<int>(uniform() * 3);
        const bool rnd = a + 0.1 * hours + 1.5 * site + 2 * (uniform() - 0.5) > 9.5;
        csv += QByteArray::number(a, 'f', 3) + ',' + QByteArray::number(hours, 'f', 1) + ",\"" +
               sites[site] + "\"," + (rnd ? "R&D" : "Sales") + '\n';
    }
    return csv;
}

}  // namespace

class TestReport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QFile data(path("tricky.csv"));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write(trickyCsv());
        data.close();
        const Result trained =
            runCli({"train", path("tricky.csv"), "--target", "team", "--out", path("run"),
                    "--hidden", "16", "--epochs", "30", "--early-stop", "5", "--quiet"});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        // A comparison as a compression plugin would write it, with markup in a model's name.
        QFile compare(path("run/compare.json"));
        QVERIFY(compare.open(QIODevice::WriteOnly));
        compare.write(R"({"models": [
            {"name": "original", "parameters": 114, "size_bytes": 2100, "accuracy": 0.91},
            {"name": "<img src=x onerror=alert(2)>", "plugin": "prune_magnitude",
             "parameters": 57, "size_bytes": 1300, "accuracy": 0.9}]})");
    }

    void htmlIsWellFormedAndEscaped() {
        const Result r = runCli({"report", path("run"), "--out", path("report.html")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));  // Qt's warnings stay off stderr
        QVERIFY2(r.out.contains("shap: computed for"), qPrintable(r.out));
        const QString html = readAll(path("report.html"));
        QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("<img"), Qt::CaseInsensitive));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
        QVERIFY(html.contains(QStringLiteral("R&amp;D")));
        QVERIFY(html.contains(QStringLiteral("Compression comparison")));
        // The checker itself refuses a page with a script in it.
        QFile bad(path("bad_report.html"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(html.toUtf8().replace("<h1>", "<script>alert(3)</script><h1>"));
        bad.close();
        const Result refused =
            run(QStringLiteral("/usr/bin/python3"),
                {QStringLiteral(LOUPE_TEST_SOURCE "/check_report.py"), path("bad_report.html")});
        QVERIFY2(refused.exitCode == 1, qPrintable(refused.out + refused.err));
        const Result ok =
            run(QStringLiteral("/usr/bin/python3"),
                {QStringLiteral(LOUPE_TEST_SOURCE "/check_report.py"), path("report.html"), kColumn,
                 "R&D", "Sales", "south & east", "<img src=x onerror=alert(2)>", "ROC AUC"});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.out + ok.err));
    }

    void pdfHasNumberedPagesWithText() {
        const Result r = runCli({"report", path("run"), "--out", path("report.pdf"), "-q"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY(readAll(path("report.pdf")).startsWith(QStringLiteral("%PDF-")));
        const Result text =
            run(QStringLiteral("pdftotext"), {"-layout", path("report.pdf"), QStringLiteral("-")});
        QVERIFY2(text.exitCode == 0, qPrintable("pdftotext (poppler-utils): " + text.err));
        QVERIFY(text.out.contains(kColumn));
        QVERIFY(text.out.contains(QStringLiteral("R&D")));
        const QRegularExpressionMatch pages =
            QRegularExpression(QStringLiteral("Page 1 of (\\d+)")).match(text.out);
        QVERIFY2(pages.hasMatch(), qPrintable(text.out.left(2000)));
        const int n = pages.captured(1).toInt();
        QVERIFY2(n >= 3 && n <= 12, qPrintable(QString::number(n)));
        QVERIFY(text.out.contains(QStringLiteral("Page %1 of %1").arg(n)));

        const Result rendered =
            run(QStringLiteral("pdftoppm"), {"-r", "30", "-png", path("report.pdf"), path("page")});
        QVERIFY2(rendered.exitCode == 0, qPrintable("pdftoppm (poppler-utils): " + rendered.err));
        const QStringList images =
            QDir(m_dir.path()).entryList({QStringLiteral("page-*.png")}, QDir::Files);
        QCOMPARE(images.size(), n);
        for (const QString& image : images)
            QVERIFY(QFileInfo(QDir(m_dir.path()).filePath(image)).size() > 1000);
    }

    void formatFromFlagOverridesTheName() {
        const Result r =
            runCli({"report", path("run"), "--out", path("report.txt"), "--format", "html", "-q"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(readAll(path("report.txt")).contains(QStringLiteral("<html")));
    }

    void badInputIsOneLineAndExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no run folder")
            << QStringList{"report", "nowhere", "--out", "r.html"} << "no such run folder";
        QTest::newRow("unknown extension")
            << QStringList{"report", "RUN", "--out", "r.docx"} << "cannot tell the format";
        QTest::newRow("not a run") << QStringList{"report", "DIR", "--out", "r.html"} << "model.h5";
    }
    void badInputIsOneLineAndExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        args.replaceInStrings(QRegularExpression(QStringLiteral("^RUN$")), path("run"));
        args.replaceInStrings(QRegularExpression(QStringLiteral("^DIR$")), m_dir.path());
        args.replaceInStrings(QRegularExpression(QStringLiteral("^r\\.")), path("bad."));
        const Result r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("bad.html")));
    }

    /// Last: removes the dataset, which the report then says it could not read.
    void missingDatasetIsSaidInTheReport() {
        QVERIFY(QFile::remove(path("tricky.csv")));
        const Result r = runCli({"report", path("run"), "--out", path("nodata.html"), "-q"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString html = readAll(path("nodata.html"));
        QVERIFY(html.contains(QStringLiteral("SHAP values were not computed")));
        QVERIFY(html.contains(QStringLiteral("The data file was not read")));
    }

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestReport)
#include "test_report.moc"
