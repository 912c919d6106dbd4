// Leakage checks: clean breast_cancer raises nothing; planted duplicate rows across train and
// test, a copy of the target, a one-to-one code of it, a monotone transform of a regression
// target and a feature that separates the classes perfectly are each flagged, once.

#include <QtTest>
#include <algorithm>
#include <numeric>
#include <random>

#include "core/data/leakage.h"
#include "core/data/pipeline.h"
#include "core/data/reader.h"
#include "core/data/split.h"

using namespace loupe;
using data::LeakageKind;

namespace {

const data::Table& breastCancer() {
    static const data::Table table =
        data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv");
    return table;
}

/// breast_cancer's columns with rows 0..4 appended again at the end (rows 569..573).
std::vector<data::Column> withRepeatedRows() {
    std::vector<data::Column> columns = breastCancer().columns();
    for (data::Column& c : columns)
        for (size_t r = 0; r < 5; ++r) {
            if (c.type == data::ColumnType::Numeric)
                c.numeric.push_back(c.numeric[r]);
            else
                c.codes.push_back(c.codes[r]);
        }
    return columns;
}

const data::Column& column(const std::vector<data::Column>& columns, const std::string& name) {
    return *std::find_if(columns.begin(), columns.end(),
                         [&](const data::Column& c) { return c.name == name; });
}

struct Checked {
    data::Target target;
    data::Split split;
    std::vector<data::LeakageWarning> warnings;
};

Checked check(const data::Table& table, const std::string& target, data::Task task) {
    Checked c;
    c.target = data::encodeTarget(table.column(target), task);
    c.split = data::stratifiedSplit(
        c.target.rows, task == data::Task::Classification ? c.target.values : std::vector<float>{},
        0.15, 0.15, 0);
    c.warnings =
        data::checkLeakage(table, data::defaultFeatures(table, target), target, c.target, c.split);
    for (const auto& w : c.warnings)
        qInfo("%s: %s", data::toString(w.kind).data(), w.message.c_str());
    return c;
}

const data::LeakageWarning* find(const std::vector<data::LeakageWarning>& warnings,
                                 LeakageKind kind, const std::string& column = {}) {
    for (const auto& w : warnings)
        if (w.kind == kind && (column.empty() || w.columns == std::vector<std::string>{column}))
            return &w;
    return nullptr;
}

}  // namespace

class TestLeakage : public QObject {
    Q_OBJECT

private slots:
    void cleanDataRaisesNothing() {
        const Checked c = check(breastCancer(), "diagnosis", data::Task::Classification);
        QVERIFY(c.warnings.empty());
    }

    void imbalancedTargetWithAnUninformativeCategory() {
        // 1% of the rows in the rare class: answering the common class is 99% accurate, which
        // is not a leak; the balanced accuracy of an unrelated category map is about 0.5.
        std::mt19937_64 rng(8);
        data::Column label{"label", data::ColumnType::Categorical, {}, {}, {"common", "rare"}};
        data::Column site{"site", data::ColumnType::Categorical, {}, {}, {"a", "b", "c"}};
        data::Column noise{"noise", data::ColumnType::Numeric, {}, {}, {}};
        std::normal_distribution<double> normal;
        for (int r = 0; r < 2000; ++r) {
            label.codes.push_back(r % 100 == 0 ? 1 : 0);
            site.codes.push_back(static_cast<int32_t>(rng() % 3));
            noise.numeric.push_back(normal(rng));
        }
        const data::Table table({label, site, noise}, "imbalanced.csv");
        const Checked c = check(table, "label", data::Task::Classification);
        QVERIFY(c.warnings.empty());
    }

    void duplicateRowsAcrossTrainAndTest() {
        const data::Table table(withRepeatedRows(), "repeated.csv");
        const data::Target target =
            data::encodeTarget(table.column("diagnosis"), data::Task::Classification);
        // Rows 0..4 train; their copies 569..573 are held out, with a few ordinary rows.
        data::Split split;
        for (int64_t r = 0; r < 500; ++r) split.train.push_back(r);
        for (int64_t r = 500; r < 574; ++r) (r % 2 ? split.val : split.test).push_back(r);
        const auto warnings = data::checkLeakage(table, data::defaultFeatures(table, "diagnosis"),
                                                 "diagnosis", target, split);
        QCOMPARE(warnings.size(), size_t(1));
        const data::LeakageWarning& w = warnings[0];
        QVERIFY(w.kind == LeakageKind::DuplicateRows);
        QCOMPARE(w.rows, (std::vector<int64_t>{569, 570, 571, 572, 573}));
        QCOMPARE(w.columns.size(), size_t(30));
        QCOMPARE(w.score, 5.0 / 74.0);
        QVERIFY(w.message.find("5 of 74") != std::string::npos);
        // Duplicates within the training rows are not a leak.
        split.train.insert(split.train.end(), {569, 570, 571, 572, 573});
        std::sort(split.train.begin(), split.train.end());
        std::erase_if(split.val, [](int64_t r) { return r >= 569; });
        std::erase_if(split.test, [](int64_t r) { return r >= 569; });
        QVERIFY(data::checkLeakage(table, data::defaultFeatures(table, "diagnosis"), "diagnosis",
                                   target, split)
                    .empty());
    }

    void columnsDerivedFromTheTarget() {
        std::vector<data::Column> columns = breastCancer().columns();
        const data::Column& diagnosis = column(columns, "diagnosis");
        data::Column copy = diagnosis;
        copy.name = "diagnosis_copy";
        data::Column code{"code", data::ColumnType::Numeric, {}, {}, {}};
        data::Column separating{"separating", data::ColumnType::Numeric, {}, {}, {}};
        std::mt19937_64 rng(5);
        std::normal_distribution<double> noise(0.0, 1.0);
        for (int32_t k : diagnosis.codes) {
            code.numeric.push_back(k == 0 ? 7.5 : -2.0);
            separating.numeric.push_back(k * 100.0 + noise(rng));
        }
        columns.push_back(copy);
        columns.push_back(code);
        columns.push_back(separating);
        const data::Table table(std::move(columns), "planted.csv");
        const Checked c = check(table, "diagnosis", data::Task::Classification);
        QCOMPARE(c.warnings.size(), size_t(3));
        const auto* w = find(c.warnings, LeakageKind::TargetDerived, "diagnosis_copy");
        QVERIFY(w && w->message.find("is a copy of the target") != std::string::npos);
        w = find(c.warnings, LeakageKind::TargetDerived, "code");
        QVERIFY(w && w->message.find("one to one") != std::string::npos);
        w = find(c.warnings, LeakageKind::PredictiveFeature, "separating");
        QVERIFY(w && w->score == 1.0 && w->message.find("ROC-AUC 1.0000") != std::string::npos);
    }

    void monotoneTransformOfARegressionTarget() {
        std::vector<data::Column> columns = breastCancer().columns();
        data::Column scaled = column(columns, "mean_radius");
        scaled.name = "radius_times_minus_two";
        for (double& v : scaled.numeric) v = -2.0 * v + 1.0;
        columns.push_back(scaled);
        const data::Table table(std::move(columns), "regression.csv");
        const Checked c = check(table, "mean_radius", data::Task::Regression);
        const auto* w = find(c.warnings, LeakageKind::TargetDerived, "radius_times_minus_two");
        QVERIFY(w && w->message.find("monotone transform") != std::string::npos);
        // mean_perimeter is nearly 2 pi mean_radius: flagged as predictive, not as derived.
        QVERIFY(find(c.warnings, LeakageKind::PredictiveFeature, "mean_perimeter"));
        QVERIFY(!find(c.warnings, LeakageKind::TargetDerived, "mean_perimeter"));
        const nlohmann::json json = data::leakageJson(c.warnings);
        QCOMPARE(json["warnings"].size(), c.warnings.size());
        QCOMPARE(json["warnings"][0].value("kind", ""),
                 std::string(data::toString(c.warnings[0].kind)));
    }
};

QTEST_GUILESS_MAIN(TestLeakage)
#include "test_leakage.moc"
