// Gradual magnitude pruning with fine-tuning (plugins/prune_magnitude/gradual_pruning): the
// cubic schedule; on breast_cancer with a seeded 30-512-256-2 MLP (issue 6, Done-when 1), 80%
// unstructured pruning with fine-tuning keeps test accuracy within 2 points, the pruned weights
// stay exactly 0 through fine-tuning (TrainConfig::parameterMasks), and the model file shrinks
// (CSR weights) and loads back with the same weights; structured pruning shrinks the layers.
// Fine-tuning after compression trains as the run did (train::fineTuningSetup): the same
// resampled rows and exactly the same balanced class weights.

#include <QtTest>
#include <cmath>
#include <filesystem>

#include "core/data/reader.h"
#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/io/model_file.h"
#include "core/nn/dense.h"
#include "core/train/experiment.h"
#include "core/train/training_record.h"
#include "plugins/prune_magnitude/gradual_pruning.h"
#include "plugins/prune_magnitude/magnitude_pruning.h"

using namespace loupe;

namespace {

train::TrainData rowsOf(const nn::Model& model, const data::Table& table,
                        const train::PreparedExperiment& p, const std::vector<int64_t>& rows) {
    train::TrainData d;
    d.x = model.pipeline.transform(table, rows);
    d.y = train::labelsOf(p.target, rows);
    return d;
}

double accuracy(const nn::Model& model, device::Device& dev, const train::TrainData& rows) {
    const Matrix probs = model.predict(dev, rows.x);
    int64_t right = 0;
    for (int64_t i = 0; i < probs.rows(); ++i) {
        Eigen::Index best = 0;
        probs.row(i).maxCoeff(&best);
        right += best == static_cast<Eigen::Index>(rows.y[size_t(i)]);
    }
    return double(right) / double(probs.rows());
}

std::pair<int64_t, int64_t> zerosOf(const nn::Model& model) {
    int64_t zeros = 0, total = 0;
    for (const auto& layer : model.layers())
        if (dynamic_cast<const nn::Dense*>(layer.get())) {
            const Matrix& w = std::as_const(*layer).parameters()[0].value;
            zeros += (w.array() == 0.0f).count();
            total += w.size();
        }
    return {zeros, total};
}

int64_t fileSize(const nn::Model& model, const std::string& name) {
    const auto path = std::filesystem::temp_directory_path() / name;
    io::saveModel(model, path);
    const auto size = static_cast<int64_t>(std::filesystem::file_size(path));
    std::filesystem::remove(path);
    return size;
}

}  // namespace

class TestGradualPruning : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        m_table = data::readTable(std::string(LOUPE_DATASETS) + "/breast_cancer.csv");
        m_request.target = "diagnosis";
        m_request.model.hidden = {512, 256};
        m_request.train.seed = 3;
        m_request.train.epochs = 20;
        m_prepared = train::prepareExperiment(m_table, m_request);
        m_model = train::buildModel(m_prepared, m_request);
        train::trainModel(m_model, m_dev, m_table, m_prepared, m_request);
        m_train = rowsOf(m_model, m_table, m_prepared, m_prepared.split.train);
        m_val = rowsOf(m_model, m_table, m_prepared, m_prepared.split.val);
        m_test = rowsOf(m_model, m_table, m_prepared, m_prepared.split.test);
        QCOMPARE(m_model.parameterCount(), int64_t(31 * 512 + 513 * 256 + 257 * 2));
    }

    void cubicSchedule() {
        QCOMPARE(plugins::scheduledSparsity(0.8, 3, 3), 0.8);
        QVERIFY(std::abs(plugins::scheduledSparsity(0.8, 1, 3) - 0.8 * (1 - 8.0 / 27)) < 1e-12);
        QVERIFY(plugins::scheduledSparsity(0.8, 1, 3) < plugins::scheduledSparsity(0.8, 2, 3));
    }

    void unstructuredKeepsAccuracyAndShrinksTheFile() {
        plugins::GradualPruningOptions options;
        options.sparsity = 0.8;
        options.steps = 3;
        options.fineTuneEpochs = 3;
        plugins::FineTuning tuning;
        tuning.train = &m_train;
        tuning.validation = &m_val;
        tuning.config = m_request.train;
        tuning.device = &m_dev;
        int64_t reports = 0;
        tuning.progress = [&](const ProgressInfo& p) {
            ++reports;
            QVERIFY(p.done <= p.total);
        };
        const plugins::GradualPruningResult result =
            plugins::pruneGradually(m_model, options, tuning);
        QCOMPARE(reports, int64_t(9));
        const auto [zeros, total] = zerosOf(result.model);
        // Fine-tuning moved no pruned weight: exactly round(0.8 * total) are 0 (no other weight
        // lands on exactly 0 in practice).
        QCOMPARE(zeros, std::llround(0.8 * double(total)));
        const double before = accuracy(m_model, m_dev, m_test);
        const double after = accuracy(result.model, m_dev, m_test);
        qInfo("test accuracy %.4f -> %.4f, %lld of %lld weights 0", before, after,
              static_cast<long long>(zeros), static_cast<long long>(total));
        QVERIFY2(after >= before - 0.02, "80% pruning lost more than 2 points of accuracy");
        QVERIFY(!result.notes.empty());

        const int64_t dense = fileSize(m_model, "loupe-test-dense.h5");
        const int64_t sparse = fileSize(result.model, "loupe-test-sparse.h5");
        qInfo("model file %lld -> %lld bytes", static_cast<long long>(dense),
              static_cast<long long>(sparse));
        QVERIFY(sparse * 2 < dense);

        // CSR round trip: the loaded model has exactly the pruned weights.
        const auto path = std::filesystem::temp_directory_path() / "loupe-test-csr.h5";
        io::saveModel(result.model, path);
        const nn::Model loaded = io::loadModel(path);
        std::filesystem::remove(path);
        QCOMPARE(loaded.layers().size(), result.model.layers().size());
        for (size_t i = 0; i < loaded.layers().size(); ++i) {
            const auto& a = std::as_const(*loaded.layers()[i]).parameters();
            const auto& b = std::as_const(*result.model.layers()[i]).parameters();
            QCOMPARE(a.size(), b.size());
            for (size_t p = 0; p < a.size(); ++p) QVERIFY(a[p].value == b[p].value);
        }
    }

    void structuredShrinksTheLayers() {
        plugins::GradualPruningOptions options;
        options.sparsity = 0.5;
        options.structured = true;
        options.steps = 2;
        options.fineTuneEpochs = 2;
        plugins::FineTuning tuning;
        tuning.train = &m_train;
        tuning.validation = &m_val;
        tuning.config = m_request.train;
        tuning.device = &m_dev;
        const plugins::GradualPruningResult result =
            plugins::pruneGradually(m_model, options, tuning);
        QCOMPARE(plugins::hiddenWidths(result.model), (std::vector<int64_t>{256, 128}));
        QVERIFY(result.model.parameterCount() < m_model.parameterCount() / 3);
        const double before = accuracy(m_model, m_dev, m_test);
        const double after = accuracy(result.model, m_dev, m_test);
        qInfo("structured 50%%: test accuracy %.4f -> %.4f", before, after);
        QVERIFY(after >= before - 0.05);
    }

    void fineTuningTrainsAsTheRunDid() {
        // breast_cancer is imbalanced (357 benign, 212 malignant): balanced weights are not 1.
        const data::Split& split = m_prepared.split;
        const train::TrainData rows = rowsOf(m_model, m_table, m_prepared, split.train);
        const auto recordOf = [&](const train::ExperimentRequest& request) {
            nlohmann::json record = train::trainingRecord(request, "", "cpu", {});
            record.update(train::imbalanceSettings(request));
            return record;
        };
        train::ExperimentRequest balanced = m_request;
        balanced.balancedClassWeights = true;
        const std::vector<float> trained =
            train::trainingSets(m_table, m_prepared, balanced).classWeights;
        QCOMPARE(trained.size(), size_t(2));
        QVERIFY(trained[0] != trained[1]);
        const train::FineTuningSetup weighted = train::fineTuningSetup(recordOf(balanced), rows, 2);
        QCOMPARE(weighted.config.classWeights, trained);  // exactly, float for float
        QVERIFY(weighted.train.x == rows.x);
        QCOMPARE(weighted.train.y, rows.y);
        QCOMPARE(weighted.config.seed, balanced.train.seed);

        // SMOTE then balanced weights: the same resampled rows and weights training had.
        train::ExperimentRequest smote = balanced;
        smote.resample = data::Resampling::Smote;
        smote.smoteK = 3;
        const train::TrainingSets sets = train::trainingSets(m_table, m_prepared, smote);
        const train::FineTuningSetup resampled = train::fineTuningSetup(recordOf(smote), rows, 2);
        QVERIFY(resampled.train.x.rows() > rows.x.rows());
        QVERIFY(resampled.train.x == sets.train.x);
        QCOMPARE(resampled.train.y, sets.train.y);
        QCOMPARE(resampled.config.classWeights, sets.classWeights);

        // No class weights, an old record without the keys, or a regression model: none.
        QVERIFY(train::fineTuningSetup(recordOf(m_request), rows, 2).config.classWeights.empty());
        const nlohmann::json old = train::trainingRecord(m_request, "", "cpu", {});
        const train::FineTuningSetup plain = train::fineTuningSetup(old, rows, 2);
        QVERIFY(plain.config.classWeights.empty());
        QVERIFY(plain.train.x == rows.x);
        QVERIFY(train::fineTuningSetup(recordOf(balanced), rows, 0).config.classWeights.empty());
        QVERIFY(train::fineTuningSetup(nlohmann::json(), rows, 2).config.classWeights.empty());
        nlohmann::json bad = recordOf(balanced);
        bad["resample"] = "sideways";
        QVERIFY_THROWS_EXCEPTION(InputError, train::fineTuningSetup(bad, rows, 2));
    }

    void refusesBadOptionsAndStops() {
        plugins::FineTuning tuning;
        plugins::GradualPruningOptions options;
        options.sparsity = 1.0;
        QVERIFY_THROWS_EXCEPTION(ModelError, plugins::pruneGradually(m_model, options, tuning));
        options.sparsity = 0.5;
        QVERIFY_THROWS_EXCEPTION(ModelError, plugins::pruneGradually(m_model, options, tuning));
        options.fineTuneEpochs = 0;  // prune only: no data needed
        QCOMPARE(zerosOf(plugins::pruneGradually(m_model, options, tuning).model).first,
                 std::llround(0.5 * double(zerosOf(m_model).second)));
        std::stop_source stop;
        stop.request_stop();
        tuning.stop = stop.get_token();
        QVERIFY_THROWS_EXCEPTION(Cancelled, plugins::pruneGradually(m_model, options, tuning));
    }

private:
    device::CpuDevice m_dev;
    data::Table m_table;
    train::ExperimentRequest m_request;
    train::PreparedExperiment m_prepared;
    nn::Model m_model;
    train::TrainData m_train, m_val, m_test;
};

QTEST_GUILESS_MAIN(TestGradualPruning)
#include "test_gradual_pruning.moc"
