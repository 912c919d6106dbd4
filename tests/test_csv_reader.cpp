// CSV reader: dialect and header detection, quoting, missing values, type inference, errors
// with file:line:column, the multi-threaded path, cancelling through a stop token, and the bundled
// datasets.

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <random>
#include <stop_token>

#include "core/data/csv_reader.h"
#include "core/data/reader.h"
#include "core/error.h"

using loupe::InputError;
using loupe::data::ColumnType;
using loupe::data::CsvOptions;
using loupe::data::Table;

namespace {

QString typeName(ColumnType type) { return QString::fromLatin1(toString(type).data()); }

QString typeLetters(const Table& table) {
    QString out;
    for (const auto& column : table.columns()) out += QLatin1Char(toString(column.type).front());
    return out;
}

QString cells(const Table& table) {
    QStringList out;
    for (int64_t row = 0; row < table.rowCount(); ++row) {
        for (const auto& column : table.columns()) out << QString::fromStdString(column.text(row));
    }
    return out.join(QLatin1Char('|'));
}

QString names(const Table& table) {
    QStringList out;
    for (const auto& name : table.columnNames()) out << QString::fromStdString(name);
    return out.join(QLatin1Char('|'));
}

}  // namespace

class TestCsvReader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string write(const QByteArray& bytes, const QString& name = QStringLiteral("in.csv")) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        file.write(bytes);
        return path.toStdString();
    }

private slots:
    void wellFormed_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("names");
        QTest::addColumn<QString>("types");  // n numeric, c categorical, t text
        QTest::addColumn<QString>("cells");  // row-major, "" for missing

        QTest::newRow("plain") << QByteArray("a,b\n1,x\n2.5,y\n") << "a|b"
                               << "nc"
                               << "1|x|2.5|y";
        QTest::newRow("crlf") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << "a|b"
                              << "nn"
                              << "1|2|3|4";
        QTest::newRow("bom") << QByteArray(
                                    "\xEF\xBB\xBF"
                                    "a,b\n1,2\n")
                             << "a|b"
                             << "nn"
                             << "1|2";
        QTest::newRow("no final newline") << QByteArray("a,b\n1,2\n3,4") << "a|b"
                                          << "nn"
                                          << "1|2|3|4";
        QTest::newRow("semicolon") << QByteArray("a;b\n1;2\n") << "a|b"
                                   << "nn"
                                   << "1|2";
        QTest::newRow("tab") << QByteArray("a\tb\n1\t2\n") << "a|b"
                             << "nn"
                             << "1|2";
        QTest::newRow("pipe") << QByteArray("a|b\n1|2\n") << "a|b"
                              << "nn"
                              << "1|2";
        QTest::newRow("quoted delimiter") << QByteArray("a,b\n\"x,y\",1\n\"z\",2\n") << "a|b"
                                          << "cn"
                                          << "x,y|1|z|2";
        QTest::newRow("escaped quotes") << QByteArray("a,b\n\"say \"\"hi\"\"\",1\nq,2\n") << "a|b"
                                        << "cn"
                                        << "say \"hi\"|1|q|2";
        QTest::newRow("newline in quotes") << QByteArray("a,b\n\"one\ntwo\",1\nq,2\n") << "a|b"
                                           << "cn"
                                           << "one\ntwo|1|q|2";
        QTest::newRow("crlf in quotes") << QByteArray("a,b\r\n\"one\r\ntwo\",1\r\n") << "a|b"
                                        << "cn"
                                        << "one\r\ntwo|1";
        QTest::newRow("sniff ignores quoted commas")
            << QByteArray("a;b\n\"1,2,3\";4\n\"5,6\";7\n") << "a|b"
            << "cn"
            << "1,2,3|4|5,6|7";
        QTest::newRow("no header") << QByteArray("1,2\n3,4\n") << "column_1|column_2"
                                   << "nn"
                                   << "1|2|3|4";
        QTest::newRow("no header, text column") << QByteArray("x,1\ny,2\n") << "column_1|column_2"
                                                << "cn"
                                                << "x|1|y|2";
        QTest::newRow("all text: header assumed")
            << QByteArray("name,colour\nann,red\nbob,blue\n") << "name|colour"
            << "cc"
            << "ann|red|bob|blue";
        QTest::newRow("missing markers")
            << QByteArray("a,b\n1,x\nNA,\nnan,N/A\n?,null\n4,NULL\n\"\",na\n") << "a|b"
            << "nc"
            << "1|x|||||||4|||";
        QTest::newRow("mixed becomes categorical") << QByteArray("a\n1\n2.50\nx\n") << "a"
                                                   << "c"
                                                   << "1|2.50|x";
        QTest::newRow("duplicate names") << QByteArray("a,a,b,a.1\n1,2,3,4\n") << "a|a.2|b|a.1"
                                         << "nnnn"
                                         << "1|2|3|4";
        QTest::newRow("empty and padded names") << QByteArray(", a ,b\n1,2,3\n") << "column_1|a|b"
                                                << "nnn"
                                                << "1|2|3";
        QTest::newRow("blank lines skipped") << QByteArray("a\n1\n\n2\n\n") << "a"
                                             << "n"
                                             << "1|2";
        QTest::newRow("quoted numbers") << QByteArray("a\n\"1.5\"\n\"2\"\n") << "a"
                                        << "n"
                                        << "1.5|2";
        QTest::newRow("blanks and plus") << QByteArray("a\n +1.5 \n-2e3\n") << "a"
                                         << "n"
                                         << "1.5|-2000";
        QTest::newRow("trailing delimiter") << QByteArray("a,b,\n1,2,\n") << "a|b|column_3"
                                            << "nnn"
                                            << "1|2|";
        QTest::newRow("stray quote kept") << QByteArray("a,b\nab\"c,1\n\"q\"r,2\n") << "a|b"
                                          << "cn"
                                          << "ab\"c|1|qr|2";
        QByteArray names = "id,name\n";
        QStringList expected;
        for (int i = 0; i < 30; ++i) {
            names += QByteArray::number(i) + ",person " + QByteArray::number(i) + "\n";
            expected << QString::number(i) << QStringLiteral("person %1").arg(i);
        }
        QTest::newRow("text column") << names << "id|name"
                                     << "nt" << expected.join('|');
    }

    void wellFormed() {
        QFETCH(QByteArray, content);
        QFETCH(QString, names);
        QFETCH(QString, types);
        QFETCH(QString, cells);
        const Table table = loupe::data::readCsv(write(content));
        QCOMPARE(::names(table), names);
        QCOMPARE(typeLetters(table), types);
        QCOMPARE(::cells(table), cells);
    }

    void fixtures() {
        Table quoted = loupe::data::readCsv(LOUPE_TEST_DATA "/csv/quoted_crlf.csv");
        QCOMPARE(names(quoted), QString("sepal|petal|species"));
        QCOMPARE(cells(quoted), QString("5.1|1,4|setosa|4.9||versi\r\ncolor"));
        Table bom = loupe::data::readCsv(LOUPE_TEST_DATA "/csv/bom_semicolon.csv");
        QCOMPARE(names(bom), QString("id|name|score"));
        QCOMPARE(typeLetters(bom), QString("ncn"));
        QCOMPARE(cells(bom), QString("1|Smith, J.|3.5|2|O\"Brien||3||4"));
    }

    void categoriesInFirstSeenOrder() {
        Table table = loupe::data::readCsv(write("c\n2\nb\na\nb\n1\n"));
        const auto& column = table.column("c");
        QCOMPARE(column.categories, (std::vector<std::string>{"2", "b", "a", "1"}));
        QCOMPARE(column.codes, (std::vector<int32_t>{0, 1, 2, 1, 3}));
    }

    void explicitOptions() {
        const std::string path = write("a|b\n1|2\n");
        Table table = loupe::data::readCsv(path, CsvOptions{'|', false});
        QCOMPARE(names(table), QString("column_1|column_2"));
        QCOMPARE(cells(table), QString("a|b|1|2"));
        QCOMPARE(typeLetters(table), QString("cc"));
    }

    void malformed_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");

        QTest::newRow("too few fields") << QByteArray("a,b,c\n1,2,3\n4,5\n")
                                        << "ragged row: expected 3 fields, found 2" << 3 << 3;
        QTest::newRow("too many fields") << QByteArray("a,b\n1,2\n3,4,5\n")
                                         << "ragged row: expected 2 fields, found 3" << 3 << 3;
        QTest::newRow("ragged after a quoted newline")
            << QByteArray("a,b\n\"x\ny\",1\n1\n") << "expected 2 fields, found 1" << 4 << 2;
        QTest::newRow("ragged crlf")
            << QByteArray("a,b\r\n1,2\r\n\r\n3\r\n") << "expected 2 fields, found 1" << 4 << 2;
        QTest::newRow("unterminated quote")
            << QByteArray("a,b\n1,2\n4,\"open\n5,6\n") << "unterminated quote" << 3 << 2;
        QTest::newRow("unterminated in header")
            << QByteArray("\"a,b\n1,2\n") << "unterminated quote" << 1 << 1;
        QTest::newRow("NUL bytes") << QByteArray("a,b\n1,\0\n", 8) << "not a text file" << 0 << 0;
        QByteArray junk(4096, '\0');
        std::mt19937 rng(7);
        for (auto& byte : junk) byte = char(rng() % 255 + 1);  // no NUL: caught as invalid UTF-8
        QTest::newRow("binary junk") << junk << "not a text file" << 0 << 0;
        QTest::newRow("empty file") << QByteArray() << "empty file" << 0 << 0;
        QTest::newRow("blank file") << QByteArray("\n\r\n  \n") << "empty file" << 0 << 0;
        QTest::newRow("header only") << QByteArray("a,b\n") << "no data rows" << 0 << 0;
    }

    void malformed() {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QFETCH(int, line);
        QFETCH(int, column);
        const std::string path = write(content);
        try {
            loupe::data::readCsv(path);
            QFAIL("no error thrown");
        } catch (const InputError& error) {
            QVERIFY2(QString::fromStdString(error.message()).contains(message), error.what());
            QCOMPARE(error.file(), path);
            QCOMPARE(error.line(), int64_t(line));
            QCOMPARE(error.column(), int64_t(column));
            QVERIFY(QString(error.what()).startsWith(QString::fromStdString(path) + ':'));
            QVERIFY(!QString(error.what()).contains('\n'));
        }
    }

    void fixtureErrors_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("what");
        QTest::newRow("ragged") << "ragged.csv"
                                << "ragged.csv:3:3: ragged row: expected 3 fields, found 2";
        QTest::newRow("unterminated") << "unterminated.csv"
                                      << "unterminated.csv:3:1: unterminated quote";
    }

    void fixtureErrors() {
        QFETCH(QString, file);
        QFETCH(QString, what);
        try {
            loupe::data::readCsv((QStringLiteral(LOUPE_TEST_DATA "/csv/") + file).toStdString());
            QFAIL("no error thrown");
        } catch (const InputError& error) {
            QVERIFY2(QString(error.what()).contains(what), error.what());
        }
    }

    void unreadablePaths() {
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 loupe::data::readCsv(m_dir.filePath("absent.csv").toStdString()));
        try {
            loupe::data::readCsv(m_dir.path().toStdString());
            QFAIL("a folder was read");
        } catch (const InputError& error) {
            QVERIFY2(QString(error.what()).contains("folder"), error.what());
        }
        try {
            loupe::data::readTable(m_dir.filePath("absent.csv").toStdString());
            QFAIL("a missing file was read");
        } catch (const InputError& error) {
            QVERIFY2(QString(error.what()).contains("No such file"), error.what());
        }
    }

    // Files over a few MB are parsed by several threads; these check the chunk boundaries.
    void largeQuotedFile_data() {
        QTest::addColumn<bool>("stray");
        QTest::newRow("quoted newlines") << false;
        QTest::newRow("stray quotes: one thread") << true;
    }

    void largeQuotedFile() {
        QFETCH(bool, stray);
        const int rows = 120000;
        std::string text = "id,note,value\n";
        for (int i = 0; i < rows; ++i) {
            text += std::to_string(i) + ",\"line " + std::to_string(i) + "\nnext, \"\"q\"\"\"," +
                    (stray && i % 1000 == 7 ? "x\"y" : std::to_string(i % 97) + ".25") + "\n";
        }
        const std::string path = write(QByteArray::fromStdString(text), "large.csv");
        Table table = loupe::data::readCsv(path);
        QCOMPARE(table.rowCount(), int64_t(rows));
        QCOMPARE(typeName(table.column("id").type), typeName(ColumnType::Numeric));
        for (int i : {0, 1, rows / 2, rows / 2 + 1, rows - 1}) {
            QCOMPARE(table.column("id").numeric[size_t(i)], double(i));
            QCOMPARE(table.column("note").text(i), "line " + std::to_string(i) + "\nnext, \"q\"");
        }
        QCOMPARE(typeName(table.column("note").type), typeName(ColumnType::Text));
        const auto& value = table.column("value");
        QCOMPARE(typeName(value.type),
                 typeName(stray ? ColumnType::Categorical : ColumnType::Numeric));
        QCOMPARE(value.text(rows - 1), std::to_string((rows - 1) % 97) + ".25");
        if (stray) {
            QCOMPARE(value.text(7), std::string("x\"y"));
            QCOMPARE(value.categories.front(), std::string("0.25"));  // first seen, chunk 1 re-read
        }
    }

    void largeFileErrorLine() {
        std::string text = "a,b\n";
        for (int i = 0; i < 400000; ++i) text += "1.5,\"two\nlines\"\n";
        text += "1,2,3\n";
        const std::string path = write(QByteArray::fromStdString(text), "late_error.csv");
        try {
            loupe::data::readCsv(path);
            QFAIL("no error thrown");
        } catch (const InputError& error) {
            QCOMPARE(error.line(), int64_t(2 + 2 * 400000));
            QCOMPARE(error.column(), int64_t(3));
        }
    }

    void stopTokenCancels() {
        std::string text = "a,b,c\n";
        for (int i = 0; i < 300000; ++i) text += std::to_string(i) + ",0.5,x\n";
        const std::string path = write(QByteArray::fromStdString(text), "cancel.csv");
        std::stop_source before;
        before.request_stop();
        QVERIFY_THROWS_EXCEPTION(loupe::Cancelled,
                                 loupe::data::readTable(path, {}, before.get_token()));
        // A stop requested while the threads parse (at the first progress report) ends the read.
        std::stop_source during;
        int reports = 0;
        const loupe::Progress progress = [&](const loupe::ProgressInfo&) {
            ++reports;
            during.request_stop();
        };
        QVERIFY_THROWS_EXCEPTION(loupe::Cancelled,
                                 loupe::data::readCsv(path, {}, progress, during.get_token()));
        QCOMPARE(reports, 1);
        QCOMPARE(loupe::data::readCsv(path).rowCount(), int64_t(300000));  // no stop: all rows
    }

    void bundledDatasets_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("columns");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("classes");
        QTest::newRow("iris") << "iris.csv" << 150 << 5 << "species" << 3;
        QTest::newRow("breast cancer") << "breast_cancer.csv" << 569 << 31 << "diagnosis" << 2;
    }

    void bundledDatasets() {
        QFETCH(QString, file);
        QFETCH(int, rows);
        QFETCH(int, columns);
        QFETCH(QString, target);
        QFETCH(int, classes);
        Table table =
            loupe::data::readTable((QStringLiteral(LOUPE_DATASETS "/") + file).toStdString());
        QCOMPARE(table.rowCount(), int64_t(rows));
        QCOMPARE(table.columnCount(), int64_t(columns));
        const auto& label = table.column(target.toStdString());
        QCOMPARE(typeName(label.type), typeName(ColumnType::Categorical));
        QCOMPARE(int(label.categories.size()), classes);
        for (int64_t c = 0; c + 1 < table.columnCount(); ++c) {
            QCOMPARE(typeName(table.column(c).type), typeName(ColumnType::Numeric));
            QCOMPARE(table.column(c).missingCount(), int64_t(0));
        }
    }
};

QTEST_APPLESS_MAIN(TestCsvReader)
#include "test_csv_reader.moc"
