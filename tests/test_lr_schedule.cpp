// Learning-rate schedules against PyTorch's schedulers: tests/data/lr_schedules.json holds the
// rates torch.optim.lr_scheduler gives (tests/lr_schedule_reference.py wrote it).

#include <QtTest>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/nn/lr_schedule.h"

using namespace loupe::nn;

class TestLrSchedule : public QObject {
    Q_OBJECT

    static nlohmann::json fixture() {
        std::ifstream in(std::string(LOUPE_TEST_DATA) + "/lr_schedules.json");
        return nlohmann::json::parse(in);
    }

private slots:
    void matchesPytorch() {
        int checked = 0;
        for (const nlohmann::json& c : fixture()) {
            const std::string kind = c.at("kind");
            const double base = c.at("base");
            const int64_t epochs = c.at("epochs");
            const int64_t batches = c.value("batches", int64_t{1});
            const auto rates = c.at("rates").get<std::vector<double>>();
            LearningRateSchedule s;
            if (kind == "step") {
                s.kind = ScheduleKind::Step;
                s.stepEvery = c.at("every");
                s.gamma = c.at("gamma");
            } else if (kind == "exponential") {
                s.kind = ScheduleKind::Exponential;
                s.gamma = c.at("gamma");
            } else if (kind == "cosine") {
                s.kind = ScheduleKind::Cosine;
                s.warmupEpochs = c.at("warmup");
                s.minLr = c.at("min_lr");
            } else if (kind == "onecycle") {
                s.kind = ScheduleKind::OneCycle;
                s.maxLr = c.at("max_lr");
                s.pctStart = c.at("pct");
            } else {
                s.kind = ScheduleKind::Plateau;
                s.factor = c.at("factor");
                s.patience = c.at("patience");
                s.minLr = c.at("min_lr");
            }
            QVERIFY(!perBatch(s) || kind == "onecycle");
            if (kind == "plateau") {
                const auto values = c.at("values").get<std::vector<double>>();
                PlateauTracker tracker(s, base, c.at("mode") == "max");
                for (size_t e = 0; e < values.size(); ++e) {
                    QVERIFY2(
                        std::abs(tracker.rate() - rates[e]) <= 1e-6,
                        qPrintable(QString::fromStdString(kind) + " epoch " + QString::number(e)));
                    tracker.observe(values[e]);
                }
            } else {
                QCOMPARE(int64_t(rates.size()), epochs * batches);
                for (int64_t e = 0; e < epochs; ++e)
                    for (int64_t b = 0; b < batches; ++b) {
                        const double want = rates[size_t(e * batches + b)];
                        const double got = scheduledRate(s, base, e, b, epochs, batches);
                        QVERIFY2(std::abs(got - want) <= 1e-6,
                                 qPrintable(QString::fromStdString(kind) +
                                            QString(" epoch %1 batch %2: %3 vs torch %4")
                                                .arg(e)
                                                .arg(b)
                                                .arg(got, 0, 'g', 10)
                                                .arg(want, 0, 'g', 10)));
                    }
            }
            ++checked;
        }
        QCOMPARE(checked, 8);
    }

    void noneKeepsTheBaseRate() {
        const LearningRateSchedule s;
        QCOMPARE(scheduledRate(s, 0.001, 7, 3, 10, 5), 0.001);
    }

    void refusesBadParameters() {
        LearningRateSchedule s;
        s.kind = ScheduleKind::Step;
        s.stepEvery = 0;
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, checkSchedule(s));
        s = {};
        s.kind = ScheduleKind::Exponential;
        s.gamma = 0.0;
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, checkSchedule(s));
        s = {};
        s.kind = ScheduleKind::OneCycle;
        s.pctStart = 1.0;
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, checkSchedule(s));
        s = {};
        s.kind = ScheduleKind::Plateau;
        s.factor = 1.0;
        QVERIFY_THROWS_EXCEPTION(loupe::InputError, checkSchedule(s));
        s.factor = 0.5;
        checkSchedule(s);
    }
};

QTEST_APPLESS_MAIN(TestLrSchedule)
#include "test_lr_schedule.moc"
