// widgets/evaluate: the Evaluate panel on small binary, 3-class and regression inputs: legends
// carry AUC and AP, a clicked confusion cell yields exactly its data rows, the threshold slider
// changes the matrix, tuning the threshold applies core's tuneThreshold of the validation split
// (or says the target is out of reach), and no tuner shows for other models. With LOUPE_EVAL_RUNS
// set to a folder of run folders written by loupe-cli train (e.g. binary/, multiclass/), it also
// saves evaluate_<folder>.png of each to LOUPE_EVAL_SHOTS (default /tmp) to look at.

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>
#include <cstdint>
#include <fstream>
#include <map>
#include <vector>

#include "core/eval/threshold_tuning.h"
#include "widgets/charts/chart_view.h"
#include "widgets/charts/line_chart.h"
#include "widgets/evaluate/classifier_curves.h"
#include "widgets/evaluate/confusion_matrix_view.h"
#include "widgets/evaluate/evaluate_panel.h"
#include "widgets/evaluate/metrics_table.h"
#include "widgets/evaluate/threshold_control.h"
#include "widgets/evaluate/threshold_tuner.h"

using namespace loupe;
using namespace loupe::widgets;

namespace {

// Data rows are offset from prediction positions, so a test catches rows taken for positions.
constexpr int64_t kRowOffset = 1000;

SplitPredictions makeSplit(const QString& name, const std::vector<int>& y,
                           const std::vector<std::vector<double>>& p) {
    SplitPredictions s;
    s.name = name;
    s.yTrue = y;
    s.probs.resize(static_cast<Eigen::Index>(p.size()), static_cast<Eigen::Index>(p[0].size()));
    for (size_t r = 0; r < p.size(); ++r) {
        s.rows.push_back(kRowOffset + 3 * static_cast<int64_t>(r));
        for (size_t c = 0; c < p[r].size(); ++c)
            s.probs(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = p[r][c];
    }
    s.metrics = {{"accuracy", 0.75},
                 {"roc_auc", 0.8},
                 {"support", static_cast<int>(y.size())},
                 {"log_loss", nullptr},
                 {"confusion_matrix", {{1, 2}, {3, 4}}}};
    return s;
}

EvaluationInput binaryInput() {
    EvaluationInput in;
    in.classNames = {"benign", "malignant"};
    // p(malignant): 0.1 0.6 0.3 0.8 0.4 0.9 0.55 0.2
    const std::vector<int> y = {0, 0, 0, 1, 1, 1, 1, 0};
    const std::vector<double> p1 = {0.1, 0.6, 0.3, 0.8, 0.4, 0.9, 0.55, 0.2};
    std::vector<std::vector<double>> probs;
    for (double v : p1) probs.push_back({1 - v, v});
    in.splits.push_back(makeSplit(QStringLiteral("train"), y, probs));
    in.splits.push_back(makeSplit(QStringLiteral("test"), y, probs));
    return in;
}

EvaluationInput multiclassInput() {
    EvaluationInput in;
    in.classNames = {"setosa", "versicolor", "virginica"};
    const std::vector<int> y = {0, 0, 1, 1, 1, 2, 2, 2, 0};
    const std::vector<std::vector<double>> probs = {
        {0.8, 0.1, 0.1}, {0.6, 0.3, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.3, 0.6}, {0.3, 0.4, 0.3},
        {0.1, 0.2, 0.7}, {0.1, 0.5, 0.4}, {0.0, 0.1, 0.9}, {0.2, 0.5, 0.3}};
    in.splits.push_back(makeSplit(QStringLiteral("test"), y, probs));
    return in;
}

// train, val, test: the validation scores differ from the others', and its second-highest score
// (0.8123, positive) is off the slider's 0.001 steps.
EvaluationInput tuningInput(const std::vector<int>& valY, const std::vector<double>& valP) {
    EvaluationInput in = binaryInput();
    std::vector<std::vector<double>> probs;
    for (double v : valP) probs.push_back({1 - v, v});
    in.splits.insert(in.splits.begin() + 1, makeSplit(QStringLiteral("val"), valY, probs));
    return in;
}

std::vector<double> positiveScores(const SplitPredictions& s) {
    std::vector<double> out;
    for (Eigen::Index r = 0; r < s.probs.rows(); ++r) out.push_back(s.probs(r, 1));
    return out;
}

void clickCell(EvaluatePanel& panel, int t, int p) {
    ConfusionMatrixView* view = panel.confusionView();
    QTest::mouseClick(view, Qt::LeftButton, {}, view->cellRect(t, p).center());
}

}  // namespace

class TestEvaluatePanel : public QObject {
    Q_OBJECT
private slots:
    void binaryLegendsAndMetrics();
    void binaryCellRowsAndThreshold();
    void tuneForPrecisionOnValidation();
    void tuneForCost();
    void unreachableTargetLeavesThreshold();
    void multiclass();
    void regression();
    void inconsistentInputShowsMessage();
    void screenshotsOfRealRuns();
};

void TestEvaluatePanel::binaryLegendsAndMetrics() {
    EvaluatePanel panel;
    panel.resize(1200, 800);
    panel.setInput(binaryInput());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.currentSplit(), 1);  // the last split, test
    LineChart* roc = panel.curves()->rocChart();
    QStringList rocNames;
    for (int i = 0; i < roc->seriesCount(); ++i) rocNames << roc->seriesName(i);
    // 14 of the 16 (positive, negative) pairs are ranked right (0.4 and 0.55 fall below 0.6).
    QVERIFY2(rocNames.contains(QStringLiteral("malignant (AUC 0.875)")),
             qPrintable(rocNames.join('|')));
    QVERIFY(panel.curves()->prChart()->seriesName(0).contains(QStringLiteral("(AP ")));
    MetricsTable* table = panel.metricsTable();
    QCOMPARE(table->columnCount(), 2);
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("test"));
    QCOMPARE(table->rowCount(), 4);  // accuracy, roc_auc, log_loss, support; no matrix
    QCOMPARE(table->verticalHeaderItem(0)->text(), QStringLiteral("Accuracy"));
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("0.7500"));
    QCOMPARE(table->item(2, 1)->text(), QStringLiteral("—"));  // log_loss null: undefined
    QVERIFY(panel.thresholdControl()->isVisible());
}

void TestEvaluatePanel::binaryCellRowsAndThreshold() {
    EvaluatePanel panel;
    panel.resize(1200, 800);
    panel.setInput(binaryInput());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy spy(&panel, &EvaluatePanel::rowsRequested);
    // At 0.5: predicted 0 1 0 1 0 1 1 0 -> FP at position 1, FN at position 4.
    const eval::ConfusionMatrix& c = panel.confusionView()->counts();
    QCOMPARE(c(0, 0), int64_t{3});
    QCOMPARE(c(0, 1), int64_t{1});
    QCOMPARE(c(1, 0), int64_t{1});
    QCOMPARE(c(1, 1), int64_t{3});
    clickCell(panel, 1, 1);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<std::vector<int64_t>>(),
             (std::vector<int64_t>{kRowOffset + 9, kRowOffset + 15, kRowOffset + 18}));
    QVERIFY(spy.at(0).at(1).toString().contains(
        QStringLiteral("test: true malignant, predicted malignant")));
    clickCell(panel, 0, 1);
    QCOMPARE(spy.at(1).at(0).value<std::vector<int64_t>>(), (std::vector<int64_t>{kRowOffset + 3}));

    // Threshold 0.85: only position 5 (0.9) is positive.
    panel.thresholdControl()->slider()->setValue(850);
    const eval::ConfusionMatrix& high = panel.confusionView()->counts();
    QCOMPARE(high(1, 1), int64_t{1});
    QCOMPARE(high(1, 0), int64_t{3});
    QCOMPARE(high(0, 1), int64_t{0});
    clickCell(panel, 1, 0);
    QCOMPARE(spy.at(2).at(0).value<std::vector<int64_t>>(),
             (std::vector<int64_t>{kRowOffset + 9, kRowOffset + 12, kRowOffset + 18}));
    QVERIFY(spy.at(2).at(1).toString().contains(QStringLiteral("threshold 0.850")));
    // Row-normalized view keeps the counts; clicking outside the grid emits nothing.
    panel.confusionView()->setNormalized(true);
    QTest::mouseClick(panel.confusionView(), Qt::LeftButton, {}, QPoint(1, 1));
    QCOMPARE(spy.count(), 3);
}

void TestEvaluatePanel::tuneForPrecisionOnValidation() {
    EvaluatePanel panel;
    const std::vector<int> valY = {0, 0, 0, 1, 1, 1, 1, 0};
    const std::vector<double> valP = {0.1, 0.6, 0.3, 0.8123, 0.4, 0.9, 0.55, 0.2};
    const EvaluationInput in = tuningInput(valY, valP);
    panel.setInput(in);
    QVERIFY(!panel.thresholdTuner()->isHidden());
    QCOMPARE(panel.tuningSplit(), 1);  // val, not the test split shown
    QCOMPARE(panel.currentSplit(), 2);
    eval::ThresholdTarget target;
    target.goal = eval::ThresholdGoal::Precision;
    target.value = 0.9;
    panel.thresholdTuner()->setTarget(target);
    QSignalSpy changed(panel.thresholdControl(), &ThresholdControl::thresholdChanged);
    QTest::mouseClick(panel.thresholdTuner()->tuneButton(), Qt::LeftButton);
    const eval::TunedThreshold expected =
        eval::tuneThreshold(valY, positiveScores(in.splits[1]), target);
    QVERIFY(expected.reached);
    QCOMPARE(expected.threshold, 0.8123);  // precision 1 (2 of 2), recall 0.5: the best recall
    QCOMPARE(panel.thresholdControl()->threshold(), expected.threshold);  // exactly, not 0.812
    QCOMPARE(changed.count(), 1);
    QCOMPARE(panel.thresholdControl()->slider()->value(), 812);
    const QString text = panel.thresholdTuner()->resultText();
    QVERIFY2(text.contains(QStringLiteral("Threshold 0.8123 reaches precision 1.000, recall "
                                          "0.500 on validation")),
             qPrintable(text));
    QVERIFY(!panel.thresholdTuner()->resultIsWarning());
    // The test split shown is read at the tuned threshold: only its 0.9 row is positive (its 0.8
    // is below 0.8123).
    const eval::ConfusionMatrix& c = panel.confusionView()->counts();
    QCOMPARE(c(1, 1), int64_t{1});
    QCOMPARE(c(1, 0), int64_t{3});
    QCOMPARE(c(0, 1), int64_t{0});
    // Moving the slider off the tuned threshold retires the result line.
    panel.thresholdControl()->slider()->setValue(300);
    QCOMPARE(panel.thresholdControl()->threshold(), 0.3);
    QVERIFY(panel.thresholdTuner()->resultText().isEmpty());

    // Without a validation split the threshold is tuned on train, never on test.
    EvaluationInput noVal = binaryInput();
    panel.setInput(noVal);
    QCOMPARE(panel.tuningSplit(), 0);
    QCOMPARE(panel.thresholdControl()->threshold(), 0.5);
}

void TestEvaluatePanel::tuneForCost() {
    EvaluatePanel panel;
    const std::vector<int> valY = {0, 0, 0, 1, 1, 1, 1, 0};
    const std::vector<double> valP = {0.1, 0.6, 0.3, 0.8123, 0.4, 0.9, 0.55, 0.2};
    const EvaluationInput in = tuningInput(valY, valP);
    panel.setInput(in);
    eval::ThresholdTarget target;
    target.goal = eval::ThresholdGoal::Cost;
    target.falsePositiveCost = 1.0;
    target.falseNegativeCost = 5.0;
    panel.tuneThreshold(target);
    const eval::TunedThreshold expected =
        eval::tuneThreshold(valY, positiveScores(in.splits[1]), target);
    // Missing a positive costs five false alarms: every positive is caught, at 0.4 (cost 1).
    QCOMPARE(expected.threshold, 0.4);
    QCOMPARE(panel.thresholdControl()->threshold(), expected.threshold);
    QVERIFY2(panel.thresholdTuner()->resultText().contains(QStringLiteral("least cost on "
                                                                          "validation, 1 ")),
             qPrintable(panel.thresholdTuner()->resultText()));
}

void TestEvaluatePanel::unreachableTargetLeavesThreshold() {
    EvaluatePanel panel;
    // The two highest validation scores are negatives: precision never passes 0.5.
    const std::vector<int> valY = {1, 0, 1, 0};
    const std::vector<double> valP = {0.2, 0.9, 0.5, 0.6};
    panel.setInput(tuningInput(valY, valP));
    eval::ThresholdTarget target;
    target.value = 0.9;
    panel.thresholdTuner()->setTarget(target);
    QSignalSpy changed(panel.thresholdControl(), &ThresholdControl::thresholdChanged);
    QTest::mouseClick(panel.thresholdTuner()->tuneButton(), Qt::LeftButton);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(panel.thresholdControl()->threshold(), 0.5);
    const QString text = panel.thresholdTuner()->resultText();
    QVERIFY2(text.startsWith(QStringLiteral("No threshold reaches precision 0.900 on validation: "
                                            "the highest is 0.500, at threshold 0.2000")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("unchanged")));
    QVERIFY(panel.thresholdTuner()->resultIsWarning());
}

void TestEvaluatePanel::multiclass() {
    EvaluatePanel panel;
    panel.resize(1200, 800);
    panel.setInput(multiclassInput());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(!panel.thresholdControl()->isVisible());
    QVERIFY(!panel.thresholdTuner()->isVisible());
    LineChart* roc = panel.curves()->rocChart();
    int withAuc = 0;
    for (int i = 0; i < roc->seriesCount(); ++i)
        withAuc += roc->seriesName(i).contains(QStringLiteral("AUC"));
    QCOMPARE(withAuc, 3);
    QCOMPARE(panel.curves()->prChart()->seriesCount(), 3);
    // arg-max: 0 0 1 2 1 2 1 2 1
    const eval::ConfusionMatrix& c = panel.confusionView()->counts();
    QCOMPARE(c.rows(), Eigen::Index{3});
    QCOMPARE(c(0, 0), int64_t{2});
    QCOMPARE(c(0, 1), int64_t{1});
    QCOMPARE(c(2, 1), int64_t{1});
    QSignalSpy spy(&panel, &EvaluatePanel::rowsRequested);
    clickCell(panel, 1, 2);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<std::vector<int64_t>>(), (std::vector<int64_t>{kRowOffset + 9}));
    panel.requestCellRows(0, 1);
    QCOMPARE(spy.at(1).at(0).value<std::vector<int64_t>>(),
             (std::vector<int64_t>{kRowOffset + 24}));
}

void TestEvaluatePanel::regression() {
    EvaluatePanel panel;
    panel.resize(1000, 700);
    EvaluationInput in;
    SplitPredictions s;
    s.name = QStringLiteral("test");
    s.targets = {1, 2, 3, 4};
    s.predictions = {1.1, 1.9, 3.2, 3.7};
    s.rows = {0, 1, 2, 3};
    s.metrics = {{"r2", 0.97}, {"rmse", 0.2}};
    in.splits.push_back(s);
    panel.setInput(in);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.regressionChart()->isVisible());
    QVERIFY(!panel.thresholdTuner()->isVisible());
    QVERIFY(!panel.thresholdControl()->isVisible());
    QCOMPARE(panel.regressionChart()->points(0).size(), size_t{4});
    QCOMPARE(panel.metricsTable()->verticalHeaderItem(0)->text(), QStringLiteral("R²"));
    panel.clear();
    QCOMPARE(panel.metricsTable()->rowCount(), 0);
}

void TestEvaluatePanel::inconsistentInputShowsMessage() {
    EvaluatePanel panel;
    EvaluationInput in = binaryInput();
    in.splits[1].yTrue.pop_back();  // one label short of the probabilities
    panel.setInput(in);             // must not throw
    QCOMPARE(panel.confusionView()->counts().size(), Eigen::Index{0});
    EvaluationInput narrow = multiclassInput();
    narrow.classNames.pop_back();  // probabilities have a column more than there are names
    panel.setInput(narrow);
    QCOMPARE(panel.confusionView()->counts().size(), Eigen::Index{0});
    QCOMPARE(panel.curves()->rocChart()->seriesCount(), 0);
}

void TestEvaluatePanel::screenshotsOfRealRuns() {
    const QString runs = qEnvironmentVariable("LOUPE_EVAL_RUNS");
    if (runs.isEmpty())
        QSKIP("set LOUPE_EVAL_RUNS to a folder of loupe-cli run folders to save screenshots");
    const QString out = qEnvironmentVariable("LOUPE_EVAL_SHOTS", QStringLiteral("/tmp"));
    const QStringList kinds = QDir(runs).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QVERIFY(!kinds.isEmpty());
    for (const QString& kind : kinds) {
        const QString dir = runs + '/' + kind;
        std::ifstream metricsFile((dir + QStringLiteral("/metrics.json")).toStdString());
        QVERIFY(metricsFile);
        const nlohmann::json metrics = nlohmann::json::parse(metricsFile);
        const bool regression = metrics.at("task") == "regression";
        EvaluationInput in;
        for (const auto& c : metrics.at("classes")) in.classNames.push_back(c.get<std::string>());
        QFile csv(dir + QStringLiteral("/predictions.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        csv.readLine();  // header: row,split,label,predicted[,p_<class>...]
        std::map<QString, std::vector<QStringList>> bySplit;
        while (!csv.atEnd()) {
            const QStringList f = QString::fromUtf8(csv.readLine()).trimmed().split(',');
            if (f.size() >= 4) bySplit[f[1]].push_back(f);
        }
        for (const QString& name :
             {QStringLiteral("train"), QStringLiteral("val"), QStringLiteral("test")}) {
            if (!bySplit.count(name)) continue;
            const auto& lines = bySplit[name];
            SplitPredictions s;
            s.name = name;
            s.metrics = metrics.at("splits").at(name.toStdString());
            const auto k = static_cast<Eigen::Index>(in.classNames.size());
            s.probs.resize(static_cast<Eigen::Index>(lines.size()), k);
            for (size_t r = 0; r < lines.size(); ++r) {
                s.rows.push_back(lines[r][0].toLongLong());
                if (regression) {
                    s.targets.push_back(lines[r][2].toDouble());
                    s.predictions.push_back(lines[r][3].toDouble());
                    continue;
                }
                const auto cls = std::find(in.classNames.begin(), in.classNames.end(),
                                           lines[r][2].toStdString());
                s.yTrue.push_back(static_cast<int>(cls - in.classNames.begin()));
                for (Eigen::Index c = 0; c < k; ++c)
                    s.probs(static_cast<Eigen::Index>(r), c) = lines[r][4 + c].toDouble();
            }
            in.splits.push_back(std::move(s));
        }
        EvaluatePanel panel;
        panel.resize(1280, 860);
        panel.setInput(std::move(in));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(300);  // throttled chart refresh and layout
        QVERIFY(panel.grab().save(out + QStringLiteral("/evaluate_%1.png").arg(kind)));
    }
}

QTEST_MAIN(TestEvaluatePanel)
#include "test_evaluate_panel.moc"
