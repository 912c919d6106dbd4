// PluginManager and PluginMetadata (plugins/api): the real plugins are found beside the program
// (<build>/lib/loupe/plugins) and through LOUPE_PLUGIN_PATH; broken plugins built by the tests
// (bad metadata JSON, a foreign IID, a newer API version, a file that is not a plugin) are each
// listed with their reason without loading their code; a run that throws or returns nothing
// becomes a PluginError and the manager carries on; parameters are checked against the metadata
// with messages naming the parameter and its range (issue 6, Done-when 3).

#include <QtTest>
#include <cstdlib>

#include "core/device/cpu/cpu_device.h"
#include "core/error.h"
#include "core/nn/dense.h"
#include "plugins/api/plugin_manager.h"

using namespace loupe;
using plugins::PluginManager;
using plugins::PluginMetadata;

namespace {

const std::string kBroken = LOUPE_BROKEN_PLUGINS;

nlohmann::json goodMetadata() {
    return nlohmann::json::parse(R"({"id": "x-1", "name": "X", "version": "1", "description": "d",
        "parameters": [
          {"name": "sparsity", "type": "float", "default": 0.5, "min": 0, "max": 0.99},
          {"name": "steps", "type": "int", "default": 3, "min": 1, "max": 20},
          {"name": "mode", "type": "choice", "default": "a", "choices": ["a", "b"]},
          {"name": "label", "type": "string", "default": ""},
          {"name": "fast", "type": "bool", "default": false}]})");
}

const plugins::PluginFailure* failureFor(const PluginManager& m, const std::string& file) {
    for (const plugins::PluginFailure& f : m.failures())
        if (f.file.find(file) != std::string::npos) return &f;
    return nullptr;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

/// A small trained-looking classifier and its data, enough for a plugin run.
struct Fixture {
    nn::Model model;
    train::TrainData train, val;
    device::CpuDevice device{1};
    plugins::CompressionInput input;

    Fixture() {
        nn::ModelSpec spec;
        spec.hidden = {16, 8};
        model = nn::Model::build(spec, 4, 2, 5);
        model.classNames = {"a", "b"};
        train.x = Matrix(40, 4);
        for (int64_t i = 0; i < train.x.size(); ++i) train.x.data()[i] = std::sin(0.7f * float(i));
        for (int64_t r = 0; r < 40; ++r) train.y.push_back(train.x(r, 0) > 0 ? 1.0f : 0.0f);
        val = train;
        input.model = &model;
        input.train = &train;
        input.validation = &val;
        input.classes = 2;
        input.trainConfig.epochs = 1;
        input.device = &device;
    }
};

}  // namespace

class TestPluginManager : public QObject {
    Q_OBJECT

private slots:
    void metadataReadsAndWritesBack() {
        const PluginMetadata m = PluginMetadata::fromJson(goodMetadata());
        QCOMPARE(m.id, std::string("x-1"));
        QCOMPARE(m.parameters.size(), size_t(5));
        QCOMPARE(m.parameters[0].allowed(), std::string("a number from 0 to 0.99"));
        QCOMPARE(m.parameters[2].allowed(), std::string("one of a, b"));
        QCOMPARE(PluginMetadata::fromJson(m.toJson()).toJson(), m.toJson());
    }

    void metadataRefusesBadJson_data() {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("reason");
        QTest::newRow("id") << R"({"id": "Bad Id"})"
                            << "'id'";
        QTest::newRow("no name") << R"({"name": null})"
                                 << "'name'";
        QTest::newRow("type")
            << R"({"parameters": [{"name": "p", "type": "complex", "default": 1}]})"
            << "'type'";
        QTest::newRow("default out of range")
            << R"({"parameters": [{"name": "p", "type": "int", "default": 50, "max": 10}]})"
            << "'default'";
        QTest::newRow("no default") << R"({"parameters": [{"name": "p", "type": "bool"}]})"
                                    << "'default' is missing";
        QTest::newRow("choices")
            << R"({"parameters": [{"name": "p", "type": "choice", "default": "a"}]})"
            << "'choices'";
        QTest::newRow("min above max")
            << R"({"parameters": [{"name": "p", "type": "float", "default": 1, "min": 2, "max": 0}]})"
            << "'min' is above 'max'";
        QTest::newRow("twice") << R"({"parameters": [{"name": "p", "type": "bool", "default": true},
                                                    {"name": "p", "type": "bool", "default": true}]})"
                               << "declared twice";
    }
    void metadataRefusesBadJson() {
        QFETCH(QString, patch);
        QFETCH(QString, reason);
        nlohmann::json j = goodMetadata();
        j.merge_patch(nlohmann::json::parse(patch.toStdString()));
        const std::string what = errorOf([&] { PluginMetadata::fromJson(j); });
        QVERIFY2(what.find(reason.toStdString()) != std::string::npos, what.c_str());
    }

    void parametersAreResolvedAndChecked() {
        const PluginMetadata m = PluginMetadata::fromJson(goodMetadata());
        const nlohmann::json v = m.resolve(std::map<std::string, std::string>{
            {"sparsity", "0.8"}, {"steps", "5"}, {"mode", "b"}, {"fast", "true"}});
        QCOMPARE(v["sparsity"].get<double>(), 0.8);
        QVERIFY(v["steps"].is_number_integer());
        QCOMPARE(v["mode"].get<std::string>(), std::string("b"));
        QCOMPARE(v["label"].get<std::string>(), std::string(""));  // default filled in
        QCOMPARE(v["fast"].get<bool>(), true);
        const auto refused = [&](std::map<std::string, std::string> given) {
            return errorOf([&] { m.resolve(given); });
        };
        QCOMPARE(refused({{"sparsity", "1.5"}}),
                 std::string("parameter 'sparsity' of plugin 'x-1' must be a number from 0 to "
                             "0.99, got 1.5"));
        QVERIFY(refused({{"steps", "2.5"}}).find("an integer from 1 to 20") != std::string::npos);
        QVERIFY(refused({{"steps", "many"}}).find("'steps'") != std::string::npos);
        QVERIFY(refused({{"mode", "c"}}).find("one of a, b") != std::string::npos);
        QVERIFY(refused({{"fast", "maybe"}}).find("true or false") != std::string::npos);
        QVERIFY(refused({{"colour", "red"}}).find("no parameter 'colour'") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(
            InputError, m.resolve(std::map<std::string, std::string>{{"sparsity", "nan"}}));
    }

    void findsTheRealPluginsBesideTheProgram() {
        PluginManager manager;
        manager.scan();
        const plugins::PluginEntry* prune = manager.find("prune-magnitude");
        QVERIFY2(prune, "prune-magnitude not found in <build>/lib/loupe/plugins");
        QVERIFY(prune->metadata.parameter("sparsity"));
        QCOMPARE(*prune->metadata.parameter("sparsity")->max, 0.99);
        QVERIFY(prune->file.find("lib/loupe/plugins") != std::string::npos);
        for (const plugins::PluginFailure& f : manager.failures())
            qWarning("%s: %s", f.file.c_str(), f.reason.c_str());
        QVERIFY(manager.failures().empty());
    }

    void listsBrokenPluginsWithTheirReasons() {
        PluginManager manager;
        manager.scan({kBroken});
        QCOMPARE(manager.plugins().size(), size_t(1));
        QCOMPARE(manager.plugins()[0].metadata.id, std::string("test-throws"));
        const auto reason = [&](const std::string& file) {
            const plugins::PluginFailure* f = failureFor(manager, file);
            return f ? f->reason : std::string("(not listed)");
        };
        QVERIFY2(reason("broken_json").find("'id'") != std::string::npos,
                 reason("broken_json").c_str());
        QVERIFY2(reason("wrong_iid").find("not a Loupe compression plugin") != std::string::npos,
                 reason("wrong_iid").c_str());
        QVERIFY2(reason("future_api").find("plugin API version 2") != std::string::npos,
                 reason("future_api").c_str());
        QVERIFY2(reason("garbage").find("not a Qt plugin") != std::string::npos,
                 reason("garbage").c_str());
        QVERIFY(!failureFor(manager, "README"));  // not a library: not looked at
        QCOMPARE(manager.failures().size(), size_t(4));
    }

    void aFailingRunBecomesAnErrorAndTheManagerCarriesOn() {
        PluginManager manager;
        manager.scan({kBroken});
        Fixture f;
        const std::string thrown = errorOf(
            [&] { manager.run("test-throws", f.input, std::map<std::string, std::string>{}); });
        QCOMPARE(thrown, std::string("plugin 'test-throws' failed: deliberate failure in a test "
                                     "plugin"));
        QVERIFY_THROWS_EXCEPTION(
            plugins::PluginError,
            manager.run("test-throws", f.input,
                        std::map<std::string, std::string>{{"mode", "empty"}}));
        QVERIFY_THROWS_EXCEPTION(
            InputError, manager.run("test-throws", f.input,
                                    std::map<std::string, std::string>{{"mode", "other"}}));
        QVERIFY_THROWS_EXCEPTION(
            InputError, manager.run("nope", f.input, std::map<std::string, std::string>{}));
        const plugins::CompressionResult same = manager.run(
            "test-throws", f.input, std::map<std::string, std::string>{{"mode", "identity"}});
        QCOMPARE(same.model.parameterCount(), f.model.parameterCount());
        QCOMPARE(same.notes, std::string("identity"));
    }

    void searchesLoupePluginPath() {
        const std::string both = "/nonexistent/folder:" + kBroken;
        qputenv("LOUPE_PLUGIN_PATH", QByteArray::fromStdString(both));
        const std::vector<std::string> folders = PluginManager::defaultFolders();
        qunsetenv("LOUPE_PLUGIN_PATH");
        QCOMPARE(folders.size(), size_t(3));
        QCOMPARE(folders.back(), kBroken);
        PluginManager manager;
        manager.scan(folders);
        QVERIFY(manager.find("prune-magnitude"));
        QVERIFY(manager.find("test-throws"));
        for (size_t i = 1; i < manager.plugins().size(); ++i)  // sorted by id
            QVERIFY(manager.plugins()[i - 1].metadata.id < manager.plugins()[i].metadata.id);
    }

    void prunesThroughThePlugin() {
        PluginManager manager;
        manager.scan();
        Fixture f;
        int64_t progress = 0;
        f.input.progress = [&](const ProgressInfo&) { ++progress; };
        const plugins::CompressionResult r =
            manager.run("prune-magnitude", f.input,
                        std::map<std::string, std::string>{
                            {"sparsity", "0.5"}, {"steps", "2"}, {"finetune_epochs", "1"}});
        int64_t zeros = 0, total = 0;
        for (const auto& layer : r.model.layers())
            if (dynamic_cast<const nn::Dense*>(layer.get())) {
                const Matrix& w = std::as_const(*layer).parameters()[0].value;
                zeros += (w.array() == 0.0f).count();
                total += w.size();
            }
        QCOMPARE(zeros, std::llround(0.5 * double(total)));
        QCOMPARE(progress, int64_t(2));
        QVERIFY(r.notes.find("unstructured") != std::string::npos);
        const std::string bad = errorOf([&] {
            manager.run("prune-magnitude", f.input,
                        std::map<std::string, std::string>{{"sparsity", "1"}});
        });
        QVERIFY2(bad.find("'sparsity'") != std::string::npos &&
                     bad.find("from 0 to 0.99") != std::string::npos,
                 bad.c_str());
    }
};

QTEST_GUILESS_MAIN(TestPluginManager)
#include "test_plugin_manager.moc"
