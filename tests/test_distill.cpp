// Knowledge distillation: the soft-target loss and its gradient on the CPU device (finite
// differences, a double-precision reference, PyTorch's values in tests/data/distill_loss.json
// from tests/distill_loss_reference.py), the trainer's soft-target path (alpha = 0 trains
// exactly as plain cross-entropy), and loupe_distill on breast_cancer: a 256-64 student (at most
// a quarter of a 30-512-256-2 teacher's parameters) keeps its test accuracy within 2 points, for
// one student seed, or for four with LOUPE_DISTILL_SEEDS=4 (test_distill_seeds).

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "core/data/reader.h"
#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/train/experiment.h"
#include "plugins/distill/distillation.h"

using namespace loupe;

namespace {

device::Tensor tensorOf(device::Device& dev, const std::vector<float>& values, int64_t rows,
                        int64_t cols) {
    device::Tensor t = dev.allocate(rows, cols);
    dev.upload(values.data(), t);
    return t;
}

std::vector<float> hostOf(device::Device& dev, const device::Tensor& t) {
    std::vector<float> v(static_cast<size_t>(t.rows() * t.cols()));
    dev.download(t, v.data());
    return v;
}

/// The distillation loss in double, straight from its definition.
double referenceLoss(const std::vector<float>& z, const std::vector<float>& t,
                     const std::vector<float>& y, const std::vector<float>& w, int64_t rows,
                     int64_t classes, double temperature, double alpha) {
    auto logSoftmax = [&](const float* v, double scale) {
        std::vector<double> out(static_cast<size_t>(classes));
        double m = -INFINITY;
        for (int64_t c = 0; c < classes; ++c) m = std::max(m, v[c] * scale);
        double sum = 0.0;
        for (int64_t c = 0; c < classes; ++c) sum += std::exp(v[c] * scale - m);
        for (int64_t c = 0; c < classes; ++c)
            out[static_cast<size_t>(c)] = v[c] * scale - m - std::log(sum);
        return out;
    };
    double total = 0.0, weights = 0.0;
    for (int64_t r = 0; r < rows; ++r) {
        const auto label = static_cast<size_t>(y[static_cast<size_t>(r)]);
        const double wr = w.empty() ? 1.0 : w[label];
        const auto hard = logSoftmax(z.data() + r * classes, 1.0);
        const auto ls = logSoftmax(z.data() + r * classes, 1.0 / temperature);
        const auto lq = logSoftmax(t.data() + r * classes, 1.0 / temperature);
        double kl = 0.0;
        for (size_t c = 0; c < static_cast<size_t>(classes); ++c)
            kl += std::exp(lq[c]) * (lq[c] - ls[c]);
        total += wr * ((1.0 - alpha) * -hard[label] + alpha * temperature * temperature * kl);
        weights += wr;
    }
    return total / weights;
}

const data::Table& breastCancer() {
    static const data::Table table =
        data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv");
    return table;
}

double testAccuracy(device::Device& dev, const nn::Model& model, const data::Table& table,
                    const train::PreparedExperiment& prepared) {
    const auto reports =
        train::splitReports(train::predictAll(dev, model, table, prepared), prepared.split);
    for (const auto& [name, report] : reports)
        if (name == "test") return report["accuracy"].get<double>();
    return NAN;
}

}  // namespace

class TestDistill : public QObject {
    Q_OBJECT

private slots:
    void gradientMatchesFiniteDifferences_data() {
        QTest::addColumn<float>("temperature");
        QTest::addColumn<float>("alpha");
        QTest::addColumn<bool>("weighted");
        QTest::newRow("T=1 alpha=0.5") << 1.0f << 0.5f << false;
        QTest::newRow("T=4 alpha=0.7") << 4.0f << 0.7f << false;
        QTest::newRow("T=4 alpha=0.7 weighted") << 4.0f << 0.7f << true;
        QTest::newRow("T=2 alpha=1 (soft only)") << 2.0f << 1.0f << false;
        QTest::newRow("T=10 alpha=0 (hard only)") << 10.0f << 0.0f << true;
    }
    void gradientMatchesFiniteDifferences() {
        QFETCH(float, temperature);
        QFETCH(float, alpha);
        QFETCH(bool, weighted);
        device::CpuDevice dev;
        const int64_t rows = 6, classes = 3;
        std::mt19937 rng(11);
        std::normal_distribution<float> normal(0.0f, 2.0f);
        std::vector<float> z(rows * classes), t(rows * classes), y(rows);
        for (float& v : z) v = normal(rng);
        for (float& v : t) v = 2.0f * normal(rng);
        for (int64_t r = 0; r < rows; ++r) y[static_cast<size_t>(r)] = static_cast<float>(r % 3);
        const std::vector<float> w =
            weighted ? std::vector<float>{0.5f, 2.0f, 1.5f} : std::vector<float>{};
        const device::Tensor labels = tensorOf(dev, y, rows, 1);
        const device::Tensor teacher = tensorOf(dev, t, rows, classes);
        const device::Tensor weights = weighted ? tensorOf(dev, w, 1, classes) : device::Tensor{};
        device::Tensor probs = dev.allocate(rows, classes), grad = dev.allocate(rows, classes);
        device::Tensor loss = dev.allocate(1, 1);
        auto lossAt = [&](const std::vector<float>& logits, device::Tensor* dlogits) {
            const device::Tensor zt = tensorOf(dev, logits, rows, classes);
            dev.distillationCrossEntropy(zt, labels, teacher, weights, temperature, alpha, probs,
                                         dlogits, loss);
            return static_cast<double>(hostOf(dev, loss)[0]);
        };
        const double value = lossAt(z, &grad);
        QVERIFY(std::abs(value - referenceLoss(z, t, y, w, rows, classes, temperature, alpha)) <
                1e-5 * std::max(1.0, std::abs(value)));
        const std::vector<float> analytic = hostOf(dev, grad);
        const float eps = 1e-2f;
        for (size_t i = 0; i < z.size(); ++i) {
            std::vector<float> up = z, down = z;
            up[i] += eps;
            down[i] -= eps;
            // The float loss differenced in double: its rounding (~1e-7) over 2 eps stays small.
            const double numeric = (lossAt(up, nullptr) - lossAt(down, nullptr)) / (2.0 * eps);
            if (std::abs(numeric - analytic[i]) > 2e-4 + 1e-3 * std::abs(numeric))
                QFAIL(qPrintable(QString("d loss / d z[%1]: analytic %2, numeric %3")
                                     .arg(i)
                                     .arg(analytic[i])
                                     .arg(numeric)));
        }
        // The probabilities are the plain (T = 1) softmax, as softmaxCrossEntropy writes them.
        const std::vector<float> p = hostOf(dev, probs);
        for (int64_t r = 0; r < rows; ++r) {
            double sum = 0.0;
            for (int64_t c = 0; c < classes; ++c) sum += p[static_cast<size_t>(r * classes + c)];
            QVERIFY(std::abs(sum - 1.0) < 1e-6);
        }
    }

    void matchesPyTorch() {
        std::ifstream in(std::string(LOUPE_TEST_DATA) + "/distill_loss.json");
        const nlohmann::json cases = nlohmann::json::parse(in);
        QVERIFY(cases.size() >= 5);
        device::CpuDevice dev;
        for (const nlohmann::json& c : cases) {
            const int64_t rows = c["rows"], classes = c["classes"];
            const auto logits = c["logits"].get<std::vector<float>>();
            const auto w = c["weights"].get<std::vector<float>>();
            std::vector<float> y;
            for (const int label : c["labels"]) y.push_back(static_cast<float>(label));
            const device::Tensor z = tensorOf(dev, logits, rows, classes);
            const device::Tensor t =
                tensorOf(dev, c["teacher"].get<std::vector<float>>(), rows, classes);
            const device::Tensor labels = tensorOf(dev, y, rows, 1);
            const device::Tensor weights =
                w.empty() ? device::Tensor{} : tensorOf(dev, w, 1, classes);
            device::Tensor probs = dev.allocate(rows, classes), grad = dev.allocate(rows, classes);
            device::Tensor loss = dev.allocate(1, 1);
            dev.distillationCrossEntropy(z, labels, t, weights, c["temperature"].get<float>(),
                                         c["alpha"].get<float>(), probs, &grad, loss);
            const double expected = c["loss"];
            const double got = hostOf(dev, loss)[0];
            QVERIFY2(std::abs(got - expected) <= 1e-5 * std::max(1.0, std::abs(expected)),
                     qPrintable(QString("loss %1, PyTorch %2").arg(got).arg(expected)));
            const std::vector<float> g = hostOf(dev, grad);
            const auto reference = c["grad"].get<std::vector<double>>();
            for (size_t i = 0; i < g.size(); ++i)
                QVERIFY2(
                    std::abs(g[i] - reference[i]) <= 1e-6 + 1e-4 * std::abs(reference[i]),
                    qPrintable(
                        QString("grad[%1] %2, PyTorch %3").arg(i).arg(g[i]).arg(reference[i])));
        }
    }

    void alphaZeroIsPlainCrossEntropy() {
        // The same loss and gradient, bit for bit, whatever the teacher says.
        device::CpuDevice dev;
        const int64_t rows = 300, classes = 4;  // more than one reduction block
        std::mt19937 rng(5);
        std::normal_distribution<float> normal(0.0f, 3.0f);
        std::vector<float> z(rows * classes), t(rows * classes), y(rows);
        for (float& v : z) v = normal(rng);
        for (float& v : t) v = normal(rng);
        for (int64_t r = 0; r < rows; ++r) y[static_cast<size_t>(r)] = static_cast<float>(r % 4);
        const device::Tensor zt = tensorOf(dev, z, rows, classes),
                             labels = tensorOf(dev, y, rows, 1),
                             teacher = tensorOf(dev, t, rows, classes);
        device::Tensor p1 = dev.allocate(rows, classes), p2 = dev.allocate(rows, classes);
        device::Tensor g1 = dev.allocate(rows, classes), g2 = dev.allocate(rows, classes);
        device::Tensor l1 = dev.allocate(1, 1), l2 = dev.allocate(1, 1);
        dev.softmaxCrossEntropy(zt, labels, {}, p1, &g1, l1);
        dev.distillationCrossEntropy(zt, labels, teacher, {}, 3.0f, 0.0f, p2, &g2, l2);
        QCOMPARE(hostOf(dev, l2), hostOf(dev, l1));
        QCOMPARE(hostOf(dev, g2), hostOf(dev, g1));
        QCOMPARE(hostOf(dev, p2), hostOf(dev, p1));
    }

    void refusesBadSettings() {
        device::CpuDevice dev;
        const nn::Model teacher = nn::Model::build({{8}}, 3, 2, 1);
        train::TrainData data{Matrix::Random(20, 3), std::vector<float>(20, 1.0f)};
        plugins::DistillOptions options;
        options.train.epochs = 1;
        options.train.distillation.alpha = 1.5f;
        QVERIFY_THROWS_EXCEPTION(InputError, plugins::distill(teacher, dev, data, {}, options));
        options.train.distillation.alpha = 0.5f;
        options.train.distillation.temperature = 0.0f;
        QVERIFY_THROWS_EXCEPTION(InputError, plugins::distill(teacher, dev, data, {}, options));
        // Soft targets of the wrong shape are refused by the trainer itself.
        nn::Model model = nn::Model::build({{8}}, 3, 2, 1);
        data.soft = Matrix::Zero(19, 2);
        QVERIFY_THROWS_EXCEPTION(InputError, train::fit(model, dev, data, {}, options.train));
        QCOMPARE(plugins::parseHiddenUnits("64, 32"), (std::vector<int64_t>{64, 32}));
        QCOMPARE(plugins::parseHiddenUnits("none"), std::vector<int64_t>{});
        QVERIFY_THROWS_EXCEPTION(InputError, plugins::parseHiddenUnits("64,,32"));
        QVERIFY_THROWS_EXCEPTION(InputError, plugins::parseHiddenUnits("0"));
        QVERIFY_THROWS_EXCEPTION(InputError, plugins::parseHiddenUnits("12x"));
    }

    void breastCancerStudent() {
        device::CpuDevice dev;
        const data::Table& table = breastCancer();
        train::ExperimentRequest request;
        request.target = "diagnosis";
        request.model.hidden = {512, 256};
        request.train.epochs = 30;
        request.train.seed = 7;
        const train::PreparedExperiment prepared = train::prepareExperiment(table, request);
        const train::TrainingSets sets = train::trainingSets(table, prepared, request);
        nn::Model teacher = train::buildModel(prepared, request);
        train::fit(teacher, dev, sets.train, sets.val, request.train);
        QCOMPARE(teacher.parameterCount(), int64_t{30 * 512 + 512 + 512 * 256 + 256 + 256 * 2 + 2});
        const double teacherAccuracy = testAccuracy(dev, teacher, table, prepared);
        QVERIFY(teacherAccuracy >= 0.9);

        // Issue 6: a student with at most a quarter of the teacher's parameters within 2 points
        // of its test accuracy. The 86 test rows make a point about one row, so one student
        // seed says little: test_distill_seeds (label slow) sets LOUPE_DISTILL_SEEDS=4 and
        // checks student seeds 0-3, each within 2 points; unlabelled, seed 0 alone. Measured
        // (RelWithDebInfo, CPU) for this 256-64 student (24,514 of 147,714 parameters, 16.6%):
        // the teacher (seed 7) 0.9535, student seeds 0-7 0.9535 to 0.9767; over teacher seeds
        // 1, 2, 3 and 7 with student seeds 0-7, 31 of 32 within 2 points (the one miss:
        // teacher 3, student 0, 0.9302 vs 0.9535, two rows).
        const int seeds = std::max(1, qEnvironmentVariableIntValue("LOUPE_DISTILL_SEEDS"));
        plugins::DistillOptions options;
        options.student.hidden = {256, 64};
        options.train.epochs = 60;
        for (int seed = 0; seed < seeds; ++seed) {
            options.train.seed = static_cast<uint64_t>(seed);
            plugins::DistillReport report;
            const nn::Model student =
                plugins::distill(teacher, dev, sets.train, sets.val, options, {}, {}, &report);
            QCOMPARE(report.teacherParameters, teacher.parameterCount());
            QCOMPARE(report.studentParameters, student.parameterCount());
            QCOMPARE(student.parameterCount(),
                     int64_t{30 * 256 + 256 + 256 * 64 + 64 + 64 * 2 + 2});
            QVERIFY(4 * student.parameterCount() <= teacher.parameterCount());
            QCOMPARE(student.classNames, teacher.classNames);
            QCOMPARE(student.targetName, teacher.targetName);
            const double studentAccuracy = testAccuracy(dev, student, table, prepared);
            qInfo("test accuracy: teacher (%lld parameters) %.4f, student seed %d (%lld) %.4f",
                  static_cast<long long>(teacher.parameterCount()), teacherAccuracy, seed,
                  static_cast<long long>(student.parameterCount()), studentAccuracy);
            QVERIFY2(studentAccuracy >= teacherAccuracy - 0.02,
                     qPrintable(QString("student seed %1: %2 vs the teacher's %3")
                                    .arg(seed)
                                    .arg(studentAccuracy)
                                    .arg(teacherAccuracy)));
        }

        // alpha = 0: the student is what plain training of the same layers and seed gives.
        options.train.distillation.alpha = 0.0f;
        options.train.epochs = 5;
        const nn::Model hardOnly = plugins::distill(teacher, dev, sets.train, sets.val, options);
        nn::Model plain = nn::Model::build(options.student, teacher.inputs(), teacher.outputs(),
                                           options.train.seed);
        train::fit(plain, dev, sets.train, sets.val, options.train);
        for (size_t i = 0; i < plain.layers().size(); ++i) {
            const auto& a = plain.layers()[i]->parameters();
            const auto& b = hardOnly.layers()[i]->parameters();
            QCOMPARE(a.size(), b.size());
            for (size_t k = 0; k < a.size(); ++k) QVERIFY(b[k].value == a[k].value);
        }
    }
};

QTEST_GUILESS_MAIN(TestDistill)
#include "test_distill.moc"
