// Label errors by confident learning: stratified folds cover every row once with the class
// balance; rankLabelIssues flags the off-diagonal of the confident joint and ranks by
// self-confidence; with 5% of breast_cancer's labels flipped (seeded), most flipped rows rank in
// the top 10% of the list.

#include <QtTest>
#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include "core/data/folds.h"
#include "core/data/random_draw.h"
#include "core/data/reader.h"
#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/train/label_issues.h"

using namespace loupe;

namespace {

const data::Table& breastCancer() {
    static const data::Table table =
        data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv");
    return table;
}

train::ExperimentRequest quickRequest() {
    train::ExperimentRequest request;
    request.target = "diagnosis";
    request.train.epochs = 30;
    request.train.seed = 1;
    return request;
}

/// breast_cancer with the labels of `share` of the rows swapped (seeded); `flipped` gets them.
data::Table flipLabels(double share, uint64_t seed, std::vector<int64_t>& flipped) {
    std::vector<data::Column> columns = breastCancer().columns();
    data::Column& target = *std::find_if(columns.begin(), columns.end(), [](const data::Column& c) {
        return c.name == "diagnosis";
    });
    std::vector<int64_t> rows(static_cast<size_t>(breastCancer().rowCount()));
    std::iota(rows.begin(), rows.end(), 0);
    std::mt19937_64 rng(seed);
    data::shuffleInPlace(rows, rng);
    rows.resize(static_cast<size_t>(share * static_cast<double>(rows.size())));
    for (int64_t row : rows) target.codes[static_cast<size_t>(row)] ^= 1;  // two categories
    std::sort(rows.begin(), rows.end());
    flipped = rows;
    return data::Table(std::move(columns), "flipped.csv");
}

}  // namespace

class TestLabelIssues : public QObject {
    Q_OBJECT

private slots:
    void foldsCoverEveryRowOnceStratified() {
        std::vector<int64_t> rows(103);
        std::iota(rows.begin(), rows.end(), 10);
        std::vector<float> labels(rows.size());
        for (size_t i = 0; i < labels.size(); ++i) labels[i] = i % 5 == 0 ? 1.0f : 0.0f;
        const auto folds = data::stratifiedFolds(rows, labels, 5, 3);
        QCOMPARE(folds.size(), size_t(5));
        std::multiset<int64_t> seen;
        for (const auto& fold : folds) {
            QVERIFY(std::is_sorted(fold.begin(), fold.end()));
            QVERIFY(fold.size() == 20 || fold.size() == 21);
            const auto minority = std::count_if(fold.begin(), fold.end(),
                                                [](int64_t r) { return (r - 10) % 5 == 0; });
            QVERIFY(minority == 4 || minority == 5);  // 21 minority rows over 5 folds
            seen.insert(fold.begin(), fold.end());
        }
        QCOMPARE(std::vector<int64_t>(seen.begin(), seen.end()), rows);
        QVERIFY(data::stratifiedFolds(rows, labels, 5, 3) == folds);
        QVERIFY_THROWS_EXCEPTION(InputError, data::stratifiedFolds(rows, labels, 1, 3));
        QVERIFY_THROWS_EXCEPTION(InputError, data::stratifiedFolds({1, 2}, {}, 3, 3));
    }

    void confidentJointOffDiagonalIsFlagged() {
        train::OutOfFold oof;
        oof.rows = {0, 1, 2, 3, 4, 5};
        oof.labels = {0, 0, 0, 1, 1, 1};
        oof.probs.resize(6, 2);
        oof.probs << 0.9, 0.1,  // thresholds: class 0 (0.9 + 0.8 + 0.1) / 3 = 0.6,
            0.8, 0.2,           //             class 1 (0.7 + 0.9 + 0.5) / 3 = 0.7
            0.1, 0.9,           // row 2: confidently class 1 -> flagged
            0.3, 0.7,           //
            0.1, 0.9,           //
            0.5, 0.5;           // row 5: confident in neither class: not flagged
        const auto ranked = train::rankLabelIssues(oof);
        QCOMPARE(ranked.size(), size_t(6));
        QCOMPARE(ranked[0].row, int64_t(2));
        QVERIFY(ranked[0].issue);
        QCOMPARE(ranked[0].given, 0);
        QCOMPARE(ranked[0].suggested, 1);
        QCOMPARE(ranked[0].confidence, 0.9);
        QCOMPARE(ranked[0].labelQuality, 0.1);
        for (size_t i = 1; i < ranked.size(); ++i) QVERIFY(!ranked[i].issue);
        // The rest by self-confidence ascending: 0.5 (row 5), 0.7 (row 3), 0.8, 0.9, 0.9.
        QCOMPARE(ranked[1].row, int64_t(5));
        QCOMPARE(ranked[1].suggested, 0);  // no confident class: the first most probable
        QCOMPARE(ranked[2].row, int64_t(3));
        QCOMPARE(ranked[3].row, int64_t(1));
        QCOMPARE(ranked[4].row, int64_t(0));
        QCOMPARE(ranked[5].row, int64_t(4));
    }

    void flippedLabelsRankFirst() {
        std::vector<int64_t> flipped;
        const data::Table table = flipLabels(0.05, 11, flipped);
        QCOMPARE(flipped.size(), size_t(28));
        device::CpuDevice dev;
        int64_t lastDone = 0, total = 0;
        const train::OutOfFold oof = train::outOfFoldProbabilities(table, quickRequest(), 5, dev,
                                                                   [&](const ProgressInfo& p) {
                                                                       lastDone = p.done;
                                                                       total = p.total;
                                                                   });
        QCOMPARE(total, int64_t(5 * 30));
        QCOMPARE(lastDone, total);
        QCOMPARE(oof.rows.size(), size_t(569));
        for (int64_t i = 0; i < oof.probs.rows(); ++i)
            QVERIFY(std::abs(oof.probs.row(i).sum() - 1.0) < 1e-9);
        const auto ranked = train::rankLabelIssues(oof);
        const size_t top = ranked.size() / 10;
        size_t found = 0;
        for (size_t i = 0; i < top; ++i)
            found += std::binary_search(flipped.begin(), flipped.end(), ranked[i].row);
        const double share = double(found) / double(flipped.size());
        const auto flagged = std::count_if(ranked.begin(), ranked.end(),
                                           [](const train::LabelIssue& l) { return l.issue; });
        qInfo(
            "flipped rows in the top 10%% (%zu rows) of the list: %zu of %zu = %.3f; %lld "
            "flagged",
            top, found, flipped.size(), share, static_cast<long long>(flagged));
        QVERIFY(share >= 0.7);
    }

    void refusesRegressionAndStops() {
        train::ExperimentRequest request = quickRequest();
        request.target = "mean_radius";
        device::CpuDevice dev;
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 train::outOfFoldProbabilities(breastCancer(), request, 5, dev));
        std::stop_source stop;
        stop.request_stop();
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, train::outOfFoldProbabilities(breastCancer(), quickRequest(), 5, dev, {},
                                                     stop.get_token()));
    }
};

QTEST_GUILESS_MAIN(TestLabelIssues)
#include "test_label_issues.moc"
