// HDF5 reader: the two layouts (a 2-D dataset; one 1-D dataset per column) and clear errors for
// every other layout. Fixtures come from tests/make_h5_fixtures.py (h5py).

#include <QtTest>
#include <cmath>

#include "core/data/hdf5_reader.h"
#include "core/data/reader.h"
#include "core/error.h"

using loupe::data::Table;

namespace {

std::string fixture(const QString& name) {
    return (QStringLiteral(LOUPE_TEST_DATA "/h5/") + name).toStdString();
}

QString describe(const Table& table) {
    QStringList out;
    for (const auto& column : table.columns()) {
        QStringList values;
        for (int64_t row = 0; row < table.rowCount(); ++row)
            values << QString::fromStdString(column.text(row));
        out << QStringLiteral("%1:%2=%3")
                   .arg(QString::fromStdString(column.name),
                        QString::fromLatin1(toString(column.type).data()), values.join(','));
    }
    return out.join(' ');
}

}  // namespace

class TestHdf5Reader : public QObject {
    Q_OBJECT

private slots:
    void layouts_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("2-D, names attribute")
            << "matrix_attr.h5"
            << "a:numeric=1,4,7,10 b:numeric=2,,8,11 c:numeric=3,6,9.5,12";
        QTest::newRow("2-D float32, names dataset")
            << "matrix_names.h5"
            << "u:numeric=1,4,7,10 v:numeric=2,,8,11 w:numeric=3,6,9.5,12";
        QTest::newRow("2-D int, generated names")
            << "matrix_plain.h5"
            << "column_1:numeric=0,2,4 column_2:numeric=1,3,5";
        QTest::newRow("columns at the root, creation order")
            << "columns_root.h5"
            << "length:numeric=1.5,2.5,,4 count:numeric=1,2,3,4 colour:categorical=red,blue,,red "
               "size:categorical=S,M,L,M flag:numeric=1,0,1,1";
        QTest::newRow("columns in the only group, name order")
            << "columns_group.h5"
            << "x:numeric=10,20,30 y:numeric=0,1,0";
    }

    void layouts() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QCOMPARE(describe(loupe::data::readHdf5(fixture(file))), expected);
        QCOMPARE(describe(loupe::data::readTable(fixture(file))), expected);
    }

    void refused_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("lengths differ") << "bad_lengths.h5"
                                        << "dataset 'b': has 4 rows but 'a' has 5";
        QTest::newRow("two matrices") << "bad_two_matrices.h5"
                                      << "several 2-D datasets (m1, m2";
        QTest::newRow("3-D") << "bad_rank3.h5"
                             << "dataset '/cube': has 3 dimensions";
        QTest::newRow("compound") << "bad_compound.h5"
                                  << "dataset '/records': has an unsupported element type";
        QTest::newRow("no datasets") << "bad_empty.h5"
                                     << "no dataset to read";
        QTest::newRow("name count") << "bad_name_count.h5"
                                    << "dataset 'data': 2 column names for 3 columns";
        QTest::newRow("not HDF5") << "not_hdf5.h5"
                                  << "not an HDF5 file";
        QTest::newRow("missing file") << "absent.h5"
                                      << "cannot open";
    }

    void refused() {
        QFETCH(QString, file);
        QFETCH(QString, message);
        try {
            loupe::data::readHdf5(fixture(file));
            QFAIL("no error thrown");
        } catch (const loupe::InputError& error) {
            QVERIFY2(QString::fromStdString(error.message()).contains(message), error.what());
            QCOMPARE(error.file(), fixture(file));
        }
    }
};

QTEST_APPLESS_MAIN(TestHdf5Reader)
#include "test_hdf5_reader.moc"
