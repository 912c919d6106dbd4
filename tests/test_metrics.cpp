// core/eval against scikit-learn 1.2: every fixture in tests/data/metrics (written by
// make_metric_fixtures.py) holds inputs and sklearn's outputs; each number must agree to 1e-9.

#include <QDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "core/error.h"
#include "core/eval/classification.h"
#include "core/eval/confusion.h"
#include "core/eval/curves.h"
#include "core/eval/probabilistic.h"
#include "core/eval/ranked_scores.h"
#include "core/eval/regression.h"
#include "core/eval/report.h"
#include "core/eval/undefined_metric_error.h"

using nlohmann::json;
using namespace loupe;
using namespace loupe::eval;

namespace {

constexpr double kTolerance = 1e-9;

struct Fixture {
    json data;
    std::vector<int> yTrue;
    MatrixD probs;
    std::vector<std::string> classNames;
    std::vector<double> yTrueReal;
    std::vector<double> yPred;
};

Fixture loadFixture(const QString& file) {
    std::ifstream in(QString(LOUPE_TEST_DATA "/metrics/" + file).toStdString());
    Fixture f;
    f.data = json::parse(in);
    if (f.data["kind"] == "classification") {
        f.yTrue = f.data["y_true"].get<std::vector<int>>();
        f.classNames = f.data["class_names"].get<std::vector<std::string>>();
        const json& rows = f.data["probs"];
        f.probs.resize(Eigen::Index(rows.size()), Eigen::Index(f.classNames.size()));
        for (size_t r = 0; r < rows.size(); ++r) {
            for (size_t c = 0; c < f.classNames.size(); ++c) {
                f.probs(Eigen::Index(r), Eigen::Index(c)) = rows[r][c].get<double>();
            }
        }
    } else {
        f.yTrueReal = f.data["y_true"].get<std::vector<double>>();
        f.yPred = f.data["y_pred"].get<std::vector<double>>();
    }
    return f;
}

bool close(double actual, double expected) {
    return std::abs(actual - expected) <= kTolerance * std::max(1.0, std::abs(expected));
}

// The first difference between two JSON values as "path: actual vs expected", or "".
std::string difference(const json& actual, const json& expected, const std::string& path) {
    const auto mismatch = [&] { return path + ": " + actual.dump() + " vs " + expected.dump(); };
    if (expected.is_number()) {
        if (!actual.is_number() || !close(actual.get<double>(), expected.get<double>())) {
            return mismatch();
        }
        return {};
    }
    if (expected.is_object()) {
        if (!actual.is_object() || actual.size() != expected.size()) return mismatch();
        for (const auto& [key, value] : expected.items()) {
            if (!actual.contains(key)) return path + "." + key + ": missing";
            if (std::string d = difference(actual[key], value, path + "." + key); !d.empty()) {
                return d;
            }
        }
        return {};
    }
    if (expected.is_array()) {
        if (!actual.is_array() || actual.size() != expected.size()) return mismatch();
        for (size_t i = 0; i < expected.size(); ++i) {
            const std::string d =
                difference(actual[i], expected[i], path + "[" + std::to_string(i) + "]");
            if (!d.empty()) return d;
        }
        return {};
    }
    return actual == expected ? std::string() : mismatch();
}

std::vector<double> column(const MatrixD& m, Eigen::Index c) {
    std::vector<double> out(size_t(m.rows()));
    for (Eigen::Index r = 0; r < m.rows(); ++r) out[size_t(r)] = m(r, c);
    return out;
}

// Reference ROC-AUC by the Mann-Whitney U statistic over a plain std::sort: the probability that a
// random positive outranks a random negative, ties counting one half.
double referenceAuc(const std::vector<int>& y, const std::vector<double>& s) {
    std::vector<size_t> order(s.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s[a] < s[b]; });
    double rankSum = 0.0;
    double positives = 0.0;
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j < order.size() && s[order[j]] == s[order[i]]) ++j;
        const double midRank = 0.5 * double(i + 1 + j);
        for (size_t t = i; t < j; ++t) {
            if (y[order[t]] == 1) {
                rankSum += midRank;
                positives += 1.0;
            }
        }
        i = j;
    }
    const double negatives = double(s.size()) - positives;
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}

enum class Rows { Classification, Binary, Multiclass, Regression };

void addFixtureRows(Rows rows) {
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(LOUPE_TEST_DATA "/metrics").entryList({"*.json"}, QDir::Files);
    QVERIFY2(!files.isEmpty(), "no fixtures in tests/data/metrics");
    for (const QString& file : files) {
        const json data = loadFixture(file).data;
        const bool regression = data["kind"] == "regression";
        const bool binary = !regression && data["class_names"].size() == 2;
        const bool take = rows == Rows::Classification ? !regression
                          : rows == Rows::Binary       ? binary
                          : rows == Rows::Multiclass   ? !regression && !binary
                                                       : regression;
        if (take) QTest::newRow(qPrintable(file)) << file;
    }
}

}  // namespace

class TestMetrics : public QObject {
    Q_OBJECT

private slots:
    void classificationReportMatchesSklearn_data() { addFixtureRows(Rows::Classification); }
    void classificationReportMatchesSklearn() {
        QFETCH(QString, file);
        const Fixture f = loadFixture(file);
        const json actual = classificationReport(f.yTrue, f.probs, f.classNames);
        const std::string d = difference(actual, f.data["expected"]["report"], "report");
        QVERIFY2(d.empty(), d.c_str());
    }

    void binaryCurvesMatchSklearn_data() { addFixtureRows(Rows::Binary); }
    void binaryCurvesMatchSklearn() {
        QFETCH(QString, file);
        const Fixture f = loadFixture(file);
        const std::vector<double> scores = column(f.probs, 1);
        const json& expectedRoc = f.data["expected"]["roc_curve"];
        if (expectedRoc.is_null()) {
            QVERIFY_THROWS_EXCEPTION(UndefinedMetricError, rocCurve(f.yTrue, scores));
            QVERIFY_THROWS_EXCEPTION(UndefinedMetricError, rocAuc(f.yTrue, scores));
        } else {
            const RocCurve roc = rocCurve(f.yTrue, scores);
            const json actual = {
                {"fpr", roc.fpr}, {"tpr", roc.tpr}, {"thresholds", roc.thresholds}};
            const std::string d = difference(actual, expectedRoc, "roc_curve");
            QVERIFY2(d.empty(), d.c_str());
        }
        const PrCurve pr = precisionRecallCurve(f.yTrue, scores);
        const json actual = {
            {"precision", pr.precision}, {"recall", pr.recall}, {"thresholds", pr.thresholds}};
        const std::string d = difference(actual, f.data["expected"]["pr_curve"], "pr_curve");
        QVERIFY2(d.empty(), d.c_str());
    }

    void oneVsRestAucMatchesSklearn_data() { addFixtureRows(Rows::Multiclass); }
    void oneVsRestAucMatchesSklearn() {
        QFETCH(QString, file);
        const Fixture f = loadFixture(file);
        const json& perClass = f.data["expected"]["ovr_roc_auc"];
        for (Eigen::Index c = 0; c < f.probs.cols(); ++c) {
            const std::vector<double> scores = column(f.probs, c);
            if (perClass[size_t(c)].is_null()) {
                QVERIFY_THROWS_EXCEPTION(UndefinedMetricError, rocAuc(f.yTrue, scores, int(c)));
            } else {
                QVERIFY(close(rocAuc(f.yTrue, scores, int(c)), perClass[size_t(c)].get<double>()));
            }
        }
        if (f.data["expected"]["report"]["roc_auc_ovr_macro"].is_null()) {
            QVERIFY_THROWS_EXCEPTION(UndefinedMetricError, rocAucOvrMacro(f.yTrue, f.probs));
        }
    }

    void regressionReportMatchesSklearn_data() { addFixtureRows(Rows::Regression); }
    void regressionReportMatchesSklearn() {
        QFETCH(QString, file);
        const Fixture f = loadFixture(file);
        const json actual = regressionReport(f.yTrueReal, f.yPred);
        const std::string d = difference(actual, f.data["expected"]["report"], "report");
        QVERIFY2(d.empty(), d.c_str());
    }

    void rankingGroupsLikeStdMap() {
        // Negative, denormal, mixed-magnitude and signed-zero scores exercise the 64-bit layout;
        // their float32 roundings the same, and the nonnegative ones the packed 32-bit layout.
        std::mt19937_64 rng(7);
        std::normal_distribution<double> normal(0.0, 1e3);
        std::vector<double> wide(20000);
        std::vector<int> y(wide.size());
        for (size_t i = 0; i < wide.size(); ++i) {
            wide[i] = i % 7 == 0 ? std::round(normal(rng) / 100)
                                 : normal(rng) * std::exp(normal(rng) / 200);
            y[i] = int(rng() % 2);
        }
        wide[3] = -0.0;
        wide[4] = 0.0;
        wide[5] = std::numeric_limits<double>::denorm_min();
        std::vector<double> narrow(wide.size());
        std::vector<double> packable(wide.size());
        for (size_t i = 0; i < wide.size(); ++i) {
            narrow[i] = double(float(wide[i]));
            packable[i] = std::abs(narrow[i]);
        }
        for (const std::vector<double>* scores : {&wide, &narrow, &packable}) {
            std::map<double, std::pair<int64_t, int64_t>, std::greater<>> expected;
            for (size_t i = 0; i < y.size(); ++i) {
                auto& [tp, fp] = expected[(*scores)[i]];
                (y[i] == 1 ? tp : fp) += 1;
            }
            const RankedScores ranked = rankScores(y, *scores, 1);
            QCOMPARE(ranked.packed.empty(), scores != &packable);
            std::vector<std::tuple<double, int64_t, int64_t>> groups;
            forEachDistinctScore(ranked, [&](double score, int64_t tp, int64_t fp) {
                groups.emplace_back(score, tp, fp);
            });
            QCOMPARE(groups.size(), expected.size());
            size_t g = 0;
            for (const auto& [score, counts] : expected) {
                QCOMPARE(std::get<0>(groups[g]), score);
                QCOMPARE(std::get<1>(groups[g]), counts.first);
                QCOMPARE(std::get<2>(groups[g]), counts.second);
                ++g;
            }
            QVERIFY(close(rocAuc(y, *scores), referenceAuc(y, *scores)));
        }
    }

    void signedZerosAreOneScore() {
        const std::vector<int> y = {1, 0};
        const std::vector<double> scores = {0.0, -0.0};
        QCOMPARE(rocAuc(y, scores), 0.5);
        QCOMPARE(rocCurve(y, scores).thresholds.size(), size_t(2));
    }

    void badInputThrows() {
        const std::vector<int> none;
        const std::vector<double> noScores;
        QVERIFY_THROWS_EXCEPTION(InputError, rocAuc(none, noScores));
        QVERIFY_THROWS_EXCEPTION(InputError, averagePrecision(none, noScores));
        QVERIFY_THROWS_EXCEPTION(InputError, meanSquaredError(noScores, noScores));
        QVERIFY_THROWS_EXCEPTION(InputError, confusionMatrix(none, none, 2));
        const std::vector<int> y = {0, 1};
        const std::vector<double> nan = {0.5, std::numeric_limits<double>::quiet_NaN()};
        QVERIFY_THROWS_EXCEPTION(InputError, rocAuc(y, nan));
        const std::vector<double> tooBig = {0.5, 1.5};
        QVERIFY_THROWS_EXCEPTION(InputError, brierScore(y, tooBig));
        const std::vector<int> outOfRange = {0, 2};
        QVERIFY_THROWS_EXCEPTION(InputError, confusionMatrix(outOfRange, y, 2));
        MatrixD probs(2, 2);
        probs << 0.9, 0.1, 0.2, 0.8;
        QVERIFY_THROWS_EXCEPTION(InputError, classificationReport(y, probs, {"only"}));
        QVERIFY_THROWS_EXCEPTION(InputError, classificationReport(outOfRange, probs, {"a", "b"}));
        MatrixD notProbabilities(2, 3);
        notProbabilities << 0.9, 0.9, 0.1, 0.2, 0.2, 0.6;
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 rocAucOvrMacro(std::vector<int>{0, 2}, notProbabilities));
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"
