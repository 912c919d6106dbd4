// Class imbalance: balanced class weights as scikit-learn's, over/under-sampling counts, every
// SMOTE row on a segment between a minority row and one of its k nearest minority rows, no
// resampled row outside the training rows, and on a seeded 1:19 breast_cancer subset SMOTE and
// balanced weights raise the minority recall over plain training.

#include <QtTest>
#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <set>

#include "core/data/random_draw.h"
#include "core/data/reader.h"
#include "core/data/resample.h"
#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/train/experiment.h"

using namespace loupe;

namespace {

const data::Table& breastCancer() {
    static const data::Table table =
        data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv");
    return table;
}

/// breast_cancer with all 357 benign rows and a seeded 19 of the malignant ones (1:19).
data::Table imbalancedSubset(uint64_t seed) {
    const data::Table& all = breastCancer();
    const data::Column& diagnosis = all.column("diagnosis");
    std::vector<int64_t> benign, malignant;
    for (int64_t r = 0; r < all.rowCount(); ++r)
        (diagnosis.text(r) == "benign" ? benign : malignant).push_back(r);
    std::mt19937_64 rng(seed);
    data::shuffleInPlace(malignant, rng);
    malignant.resize(19);
    std::vector<int64_t> rows = benign;
    rows.insert(rows.end(), malignant.begin(), malignant.end());
    std::sort(rows.begin(), rows.end());
    std::vector<data::Column> columns;
    for (const data::Column& c : all.columns()) {
        data::Column picked = c;
        picked.numeric.clear();
        picked.codes.clear();
        for (int64_t r : rows) {
            if (c.type == data::ColumnType::Numeric)
                picked.numeric.push_back(c.numeric[size_t(r)]);
            else
                picked.codes.push_back(c.codes[size_t(r)]);
        }
        columns.push_back(std::move(picked));
    }
    return data::Table(std::move(columns), "imbalanced.csv");
}

std::map<float, int64_t> countClasses(const std::vector<float>& y) {
    std::map<float, int64_t> counts;
    for (float v : y) ++counts[v];
    return counts;
}

/// True when `p` is a + u (b - a) for some u in [0, 1], up to float rounding.
bool onSegment(const Eigen::RowVectorXf& p, const Eigen::RowVectorXf& a,
               const Eigen::RowVectorXf& b) {
    const Eigen::RowVectorXd pa = (p - a).cast<double>(), ba = (b - a).cast<double>();
    const double length = ba.squaredNorm();
    if (length == 0.0) return pa.norm() <= 1e-6;
    const double u = pa.dot(ba) / length;
    const double tolerance = 1e-5 * (1.0 + a.cast<double>().norm() + b.cast<double>().norm());
    return u >= -1e-6 && u <= 1.0 + 1e-6 && (pa - u * ba).norm() <= tolerance;
}

/// Every synthetic row of `r` (source -1) lies on a segment from a row of its class in `x` to one
/// of that row's k nearest rows of the class (brute force here, independent of resample()).
void checkSegments(const Matrix& x, const std::vector<float>& y, const data::Resampled& r,
                   int64_t k) {
    std::map<float, std::vector<int64_t>> members;
    for (size_t i = 0; i < y.size(); ++i) members[y[i]].push_back(int64_t(i));
    std::map<int64_t, std::vector<int64_t>> nearest;
    for (const auto& [label, rows] : members)
        for (int64_t a : rows) {
            std::vector<std::pair<double, int64_t>> d;
            for (int64_t b : rows)
                if (b != a) d.emplace_back((x.row(a) - x.row(b)).cast<double>().squaredNorm(), b);
            std::sort(d.begin(), d.end());
            for (int64_t n = 0; n < k && n < int64_t(d.size()); ++n)
                nearest[a].push_back(d[size_t(n)].second);
        }
    int64_t synthetic = 0;
    for (int64_t i = 0; i < r.x.rows(); ++i) {
        if (r.source[size_t(i)] >= 0) continue;
        ++synthetic;
        bool found = false;
        for (int64_t a : members[r.y[size_t(i)]])
            for (int64_t b : nearest[a]) found = found || onSegment(r.x.row(i), x.row(a), x.row(b));
        QVERIFY2(found, qPrintable("synthetic row " + QString::number(i) + " is on no segment"));
    }
    QVERIFY(synthetic > 0);
}

double minorityRecall(const train::ExperimentResult& r, int minority) {
    double found = 0.0, total = 0.0;
    for (size_t i = 0; i < r.predictions.rows.size(); ++i) {
        if (r.predictions.splits[i] == "train" || int(r.predictions.labels[i]) != minority)
            continue;
        total += 1.0;
        int predicted = 0;
        r.predictions.outputs.row(int64_t(i)).maxCoeff(&predicted);
        found += predicted == minority ? 1.0 : 0.0;
    }
    return found / total;
}

}  // namespace

class TestResample : public QObject {
    Q_OBJECT

private slots:
    void balancedWeightsAsScikitLearn() {
        // sklearn.utils.class_weight.compute_class_weight("balanced", classes=[0, 1, 2], y=...)
        const std::vector<float> y{0, 0, 0, 1, 2, 2};
        const std::vector<float> w = data::balancedClassWeights(y, 3);
        QCOMPARE(w, (std::vector<float>{6.0f / 9.0f, 2.0f, 1.0f}));
        // A class with no rows: the others as if it did not exist, it gets 1.
        QCOMPARE(data::balancedClassWeights({0, 0, 0, 2}, 3),
                 (std::vector<float>{4.0f / 6.0f, 1.0f, 2.0f}));
    }

    void overAndUnderSampling() {
        Matrix x(10, 2);
        for (int64_t i = 0; i < 10; ++i) x.row(i) << float(i), float(-i);
        const std::vector<float> y{0, 1, 0, 0, 2, 0, 0, 1, 0, 0};  // 7 / 2 / 1
        const data::Resampled over = data::resample(x, y, {data::Resampling::Oversample, 5, 1});
        QCOMPARE(countClasses(over.y), (std::map<float, int64_t>{{0, 7}, {1, 7}, {2, 7}}));
        const data::Resampled under = data::resample(x, y, {data::Resampling::Undersample, 5, 1});
        QCOMPARE(countClasses(under.y), (std::map<float, int64_t>{{0, 1}, {1, 1}, {2, 1}}));
        for (const data::Resampled* r : {&over, &under})
            for (int64_t i = 0; i < r->x.rows(); ++i) {  // every row a copy of its source
                const int64_t s = r->source[size_t(i)];
                QVERIFY(s >= 0 && s < 10);
                QCOMPARE(r->y[size_t(i)], y[size_t(s)]);
                QVERIFY(r->x.row(i) == x.row(s));
            }
        QVERIFY(data::resample(x, y, {data::Resampling::Oversample, 5, 1}).source == over.source);
    }

    void countsBeforeAndAfterAsResampleMakes() {
        // The Train view's before/after chart reads these counts; they must be resample()'s own.
        data::Column label{"y", data::ColumnType::Categorical, {},
                           {0, 1, 0, 0, 2, 0, -1, 1, 0, 0, 0, 0}, {"a", "b", "c"}};
        const data::Target target = data::encodeTarget(label, data::Task::Classification);
        const std::vector<int64_t> rows{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};  // 6: no target
        const std::vector<int64_t> before = data::classCounts(target, rows);
        QCOMPARE(before, (std::vector<int64_t>{7, 2, 1}));
        Matrix x(10, 1);
        std::vector<float> y;
        for (int64_t i = 0; i < 10; ++i) x(i, 0) = float(i);
        for (size_t i = 0; i < 10; ++i) y.push_back(target.values[i]);
        for (auto method : {data::Resampling::None, data::Resampling::Oversample,
                            data::Resampling::Undersample}) {
            const std::map<float, int64_t> made = countClasses(data::resample(x, y, {method, 1, 3}).y);
            const std::vector<int64_t> after = data::resampledCounts(before, method);
            for (size_t c = 0; c < after.size(); ++c) QCOMPARE(made.at(float(c)), after[c]);
        }
        QCOMPARE(data::resampledCounts({5, 0, 2}, data::Resampling::Smote),
                 (std::vector<int64_t>{5, 0, 5}));
        QCOMPARE(data::resampledCounts({5, 0, 2}, data::Resampling::Undersample),
                 (std::vector<int64_t>{2, 0, 2}));
    }

    void smoteRowsLieOnNeighbourSegments() {
        std::mt19937_64 rng(2);
        std::normal_distribution<float> normal;
        Matrix x(130, 4);
        std::vector<float> y(130);
        for (int64_t i = 0; i < 130; ++i) {
            y[size_t(i)] = i < 100 ? 0.0f : i < 118 ? 1.0f : 2.0f;  // 100 / 18 / 12
            for (int64_t j = 0; j < 4; ++j) x(i, j) = normal(rng) + 3.0f * y[size_t(i)];
        }
        for (int64_t k : {1, 3, 5}) {
            const data::Resampled r = data::resample(x, y, {data::Resampling::Smote, k, 9});
            QCOMPARE(countClasses(r.y), (std::map<float, int64_t>{{0, 100}, {1, 100}, {2, 100}}));
            QVERIFY(r.x.topRows(130) == x);  // the input rows first, unchanged
            checkSegments(x, y, r, k);
        }
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 data::resample(x, y, {data::Resampling::Smote, 12, 9}));
    }

    void resamplingTouchesTrainingRowsOnly() {
        const data::Table table = imbalancedSubset(4);
        train::ExperimentRequest request;
        request.target = "diagnosis";
        request.train.seed = 2;
        request.resample = data::Resampling::Smote;
        request.smoteK = 3;
        const train::PreparedExperiment prepared = train::prepareExperiment(table, request);
        const train::TrainingSets sets = train::trainingSets(table, prepared, request);
        const data::Split& split = prepared.split;
        // Validation rows exactly as the pipeline gives them; no resampled row among them.
        QVERIFY(sets.val.x == prepared.pipeline.transform(table, split.val));
        QCOMPARE(sets.val.y.size(), split.val.size());
        QCOMPARE(sets.trainSource.size(), size_t(sets.train.x.rows()));
        QVERIFY(sets.train.x.rows() > int64_t(split.train.size()));
        std::set<int64_t> heldOut(split.val.begin(), split.val.end());
        heldOut.insert(split.test.begin(), split.test.end());
        for (int64_t s : sets.trainSource) {
            QVERIFY(s == -1 || std::binary_search(split.train.begin(), split.train.end(), s));
            QVERIFY(!heldOut.count(s));
        }
        // The SMOTE rows lie on segments between encoded training rows of their class.
        const Matrix trainX = prepared.pipeline.transform(table, split.train);
        std::vector<float> trainY(sets.train.y.begin(), sets.train.y.begin() + trainX.rows());
        data::Resampled r{sets.train.x, sets.train.y, {}};
        for (int64_t s : sets.trainSource)
            r.source.push_back(
                s < 0 ? -1
                      : int64_t(std::lower_bound(split.train.begin(), split.train.end(), s) -
                                split.train.begin()));
        checkSegments(trainX, trainY, r, 3);
        // Predictions and reports cover the data rows only.
        device::CpuDevice dev;
        request.train.epochs = 2;
        const train::ExperimentResult result = train::runExperiment(table, request, dev);
        QCOMPARE(result.predictions.rows.size(), size_t(table.rowCount()));
        QCOMPARE(result.reports.back().second["support"].get<size_t>(), split.test.size());
        const nlohmann::json settings = train::imbalanceSettings(request);
        QCOMPARE(settings.value("resample", ""), std::string("smote"));
        QCOMPARE(settings.value("smote_k", 0), 3);
        QCOMPARE(settings.value("class_weight", ""), std::string("none"));
        // Regression targets refuse resampling.
        request.target = "mean_radius";
        QVERIFY_THROWS_EXCEPTION(InputError, train::prepareExperiment(table, request));
    }

    void minorityRecallRises() {
        device::CpuDevice dev;
        double plain = 0.0, smote = 0.0, weighted = 0.0;
        const int seeds = 3;
        for (int seed = 0; seed < seeds; ++seed) {
            const data::Table table = imbalancedSubset(100 + uint64_t(seed));
            train::ExperimentRequest request;
            request.target = "diagnosis";
            request.model = nn::ModelSpec{};  // logistic regression
            request.train.epochs = 10;
            request.train.seed = uint64_t(seed);
            request.valFraction = 0.0;
            request.testFraction = 0.5;
            const int minority = 1;  // classes sorted: benign, malignant
            plain += minorityRecall(train::runExperiment(table, request, dev), minority);
            train::ExperimentRequest s = request;
            s.resample = data::Resampling::Smote;
            smote += minorityRecall(train::runExperiment(table, s, dev), minority);
            train::ExperimentRequest w = request;
            w.balancedClassWeights = true;
            weighted += minorityRecall(train::runExperiment(table, w, dev), minority);
        }
        plain /= seeds, smote /= seeds, weighted /= seeds;
        qInfo(
            "minority (malignant) recall on the test rows of 1:19 subsets, mean of %d seeds: "
            "plain %.3f, SMOTE %.3f, balanced class weights %.3f",
            seeds, plain, smote, weighted);
        QVERIFY(smote > plain);
        QVERIFY(weighted > plain);
    }
};

QTEST_GUILESS_MAIN(TestResample)
#include "test_resample.moc"
