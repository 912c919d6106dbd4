// core/explain ExplainRequest: which rows a request names (splits, the cap's seeded subsample,
// given rows) and the background drawn from the training rows only.

#include <QtTest>
#include <algorithm>

#include "core/data/reader.h"
#include "core/error.h"
#include "core/explain/explain_request.h"

using namespace loupe;
using explain::ExplainRequest;
using explain::ExplainRows;

namespace {

data::Split smallSplit() {
    data::Split s;
    for (int64_t r = 0; r < 60; ++r) s.train.push_back(r * 2);
    s.val = {1, 3, 5};
    for (int64_t r = 7; r < 120; r += 2) s.test.push_back(r);
    return s;
}

}  // namespace

class TestExplainRequest : public QObject {
    Q_OBJECT

private slots:
    void namesTheSplitsRows() {
        const data::Split split = smallSplit();
        ExplainRequest r;
        QCOMPARE(explain::explainedRows(r, split, 120), split.test);
        r.rows = ExplainRows::Validation;
        QCOMPARE(explain::explainedRows(r, split, 120), split.val);
        r.rows = ExplainRows::All;
        QCOMPARE(explain::explainedRows(r, split, 120).size(), size_t(120));
        r.rows = ExplainRows::Given;
        r.givenRows = {9, 2, 40};
        QCOMPARE(explain::explainedRows(r, split, 120), r.givenRows);  // in the order given
    }

    void capsWithASeededSample() {
        const data::Split split = smallSplit();
        ExplainRequest r;
        r.rows = ExplainRows::All;
        r.maxRows = 25;
        r.seed = 4;
        const std::vector<int64_t> rows = explain::explainedRows(r, split, 120);
        QCOMPARE(rows.size(), size_t(25));
        QVERIFY(std::is_sorted(rows.begin(), rows.end()));
        QVERIFY(std::adjacent_find(rows.begin(), rows.end()) == rows.end());
        QVERIFY(rows.back() >= 60);  // drawn over the whole table, not its first rows
        QCOMPARE(explain::explainedRows(r, split, 120), rows);
        r.seed = 5;
        QVERIFY(explain::explainedRows(r, split, 120) != rows);
    }

    void refusesEmptyAndOutOfRangeSets() {
        data::Split split = smallSplit();
        split.test.clear();
        ExplainRequest r;
        QVERIFY_THROWS_EXCEPTION(InputError, explain::explainedRows(r, split, 120));
        r.rows = ExplainRows::Given;
        r.givenRows = {120};
        QVERIFY_THROWS_EXCEPTION(InputError, explain::explainedRows(r, split, 120));
        r.givenRows = {};
        QVERIFY_THROWS_EXCEPTION(InputError, explain::explainedRows(r, split, 120));
    }

    void backgroundComesFromTheTrainingRows() {
        const data::Table table = data::readTable(std::string(LOUPE_DATASETS) + "/iris.csv");
        data::Pipeline pipeline;
        std::vector<int64_t> all(table.rowCount());
        for (int64_t i = 0; i < table.rowCount(); ++i) all[i] = i;
        nn::Model model;
        const std::vector<std::string> features = {"sepal_length", "sepal_width", "petal_length",
                                                   "petal_width"};
        model.pipeline.fit(table, features, all);
        // Training rows: the first species only (rows 0-49), so every background row is one.
        data::Split split;
        for (int64_t r = 0; r < 50; ++r) split.train.push_back(r);
        const Matrix train = model.pipeline.transform(table, split.train);
        ExplainRequest r;
        r.backgroundSize = 10;
        const explain::Background sample = explain::trainingBackground(model, table, split, r);
        QCOMPARE(sample.x.rows(), Eigen::Index(10));
        for (Eigen::Index i = 0; i < sample.x.rows(); ++i) {
            bool found = false;
            for (Eigen::Index t = 0; t < train.rows() && !found; ++t)
                found = (train.row(t) - sample.x.row(i)).cwiseAbs().maxCoeff() == 0.0f;
            QVERIFY(found);
        }
        r.background = explain::BackgroundKind::KMeans;
        r.backgroundSize = 5;
        const explain::Background kmeans = explain::trainingBackground(model, table, split, r);
        QCOMPARE(kmeans.x.rows(), Eigen::Index(5));
        double weight = 0.0;
        for (double w : kmeans.weights) weight += w;
        QCOMPARE(weight, 50.0);
        // A sample as large as the training rows is all of them, in order.
        r.background = explain::BackgroundKind::Sample;
        r.backgroundSize = 80;
        const explain::Background whole = explain::trainingBackground(model, table, split, r);
        QCOMPARE(whole.x.rows(), Eigen::Index(50));
        QCOMPARE(whole.x, train);
        r.backgroundSize = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, explain::trainingBackground(model, table, split, r));
        r.backgroundSize = 5;
        split.train.clear();
        QVERIFY_THROWS_EXCEPTION(InputError, explain::trainingBackground(model, table, split, r));
    }
};

QTEST_MAIN(TestExplainRequest)
#include "test_explain_request.moc"
