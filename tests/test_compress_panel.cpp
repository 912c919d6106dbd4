// CompressPanel: the plugin list (failures greyed with their reason), a parameter form drawn from
// a plugin's metadata (ranges, choices, defaults, help; values read back as typed JSON), Run only
// with a model, and the comparison table and chart of given rows.

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include "plugins/api/compression_comparison.h"
#include "widgets/charts/chart_view.h"
#include "widgets/compress/comparison_view.h"
#include "widgets/compress/compress_panel.h"
#include "widgets/compress/parameter_form.h"

using namespace loupe;
using widgets::CompressPanel;

namespace {

/// A plugin with one parameter of each type.
plugins::PluginMetadata fakePlugin() {
    // Built in code rather than as a raw string literal, which moc does not parse.
    using J = nlohmann::json;
    J parameters = J::array();
    parameters.push_back(J{{"name", "steps"},
                           {"type", "int"},
                           {"default", 3},
                           {"min", 1},
                           {"max", 20},
                           {"help", "How many steps."}});
    parameters.push_back(J{{"name", "ratio"},
                           {"type", "float"},
                           {"default", 0.25},
                           {"min", 0.0},
                           {"max", 0.99},
                           {"help", "How much."}});
    parameters.push_back(J{{"name", "mode"},
                           {"type", "choice"},
                           {"default", "b"},
                           {"choices", {"a", "b", "c"}},
                           {"help", "Which way."}});
    parameters.push_back(
        J{{"name", "verbose"}, {"type", "bool"}, {"default", true}, {"help", "Say more."}});
    parameters.push_back(
        J{{"name", "tag"}, {"type", "string"}, {"default", "x1"}, {"help", "A label."}});
    return plugins::PluginMetadata::fromJson(
        J{{"id", "fake-shrink"},
          {"name", "Fake shrink"},
          {"version", "0.3"},
          {"description", "Shrinks nothing; a test's metadata."},
          {"parameters", parameters}});
}

plugins::PluginMetadata otherPlugin() {
    return plugins::PluginMetadata::fromJson(
        nlohmann::json{{"id", "other"},
                       {"name", "Other"},
                       {"version", "1.0"},
                       {"description", "No parameters."},
                       {"parameters", nlohmann::json::array()}});
}

plugins::ComparisonRow row(const std::string& name, int64_t parameters, int64_t bytes,
                           double accuracy, double auc) {
    plugins::ComparisonRow r;
    r.name = name;
    r.plugin = name == "original" ? "" : "fake-shrink";
    r.parameters = parameters;
    r.nonzeroParameters = parameters / 2;
    r.sizeBytes = bytes;
    r.latencyBatch1 = 0.02;
    r.latencyBatch1024 = 1.5;
    r.metrics["accuracy"] = accuracy;
    r.metrics["roc_auc"] = auc;
    return r;
}

}  // namespace

class TestCompressPanel : public QObject {
    Q_OBJECT

private slots:
    void listsPluginsAndGreysFailures() {
        CompressPanel panel;
        panel.setPlugins({fakePlugin(), otherPlugin()}, {{"/x/libbroken.so", "bad JSON: no 'id'"}});
        auto* list = panel.findChild<QListWidget*>();
        QVERIFY(list);
        QCOMPARE(list->count(), 3);
        QVERIFY(list->item(0)->text().contains("Fake shrink"));
        QVERIFY(list->item(0)->text().contains("0.3"));
        QVERIFY(list->item(0)->toolTip().contains("Shrinks nothing"));
        QCOMPARE(list->item(2)->flags(), Qt::NoItemFlags);  // greyed, not selectable
        QVERIFY(list->item(2)->text().contains("libbroken.so"));
        QVERIFY(list->item(2)->text().contains("bad JSON: no 'id'"));
        QCOMPARE(panel.selectedPlugin(), QString("fake-shrink"));
        QVERIFY(panel.selectPlugin("other"));
        QVERIFY(!panel.selectPlugin("missing"));
        QCOMPARE(panel.form()->values(), nlohmann::json::object());
    }

    void drawsTheFormFromMetadata() {
        CompressPanel panel;
        panel.setPlugins({fakePlugin()}, {});
        widgets::ParameterForm* form = panel.form();
        auto* steps = qobject_cast<QSpinBox*>(form->editor("steps"));
        auto* ratio = qobject_cast<QDoubleSpinBox*>(form->editor("ratio"));
        auto* mode = qobject_cast<QComboBox*>(form->editor("mode"));
        auto* verbose = qobject_cast<QCheckBox*>(form->editor("verbose"));
        auto* tag = qobject_cast<QLineEdit*>(form->editor("tag"));
        QVERIFY(steps && ratio && mode && verbose && tag);
        QCOMPARE(steps->minimum(), 1);
        QCOMPARE(steps->maximum(), 20);
        QCOMPARE(steps->value(), 3);
        QCOMPARE(ratio->minimum(), 0.0);
        QCOMPARE(ratio->maximum(), 0.99);
        QCOMPARE(ratio->value(), 0.25);
        QCOMPARE(mode->count(), 3);
        QCOMPARE(mode->currentText(), QString("b"));
        QVERIFY(verbose->isChecked());
        QCOMPARE(tag->text(), QString("x1"));
        QVERIFY(steps->toolTip().contains("How many steps."));
        QVERIFY(ratio->toolTip().contains("0.99"));  // the allowed range

        // The defaults, typed, are what the metadata resolves to.
        const nlohmann::json defaults = form->values();
        QCOMPARE(defaults, fakePlugin().resolve(nlohmann::json::object()));

        steps->setValue(50);  // clamped to the maximum
        ratio->setValue(0.5);
        mode->setCurrentText("c");
        verbose->setChecked(false);
        tag->setText("y");
        const nlohmann::json v = form->values();
        QCOMPARE(v["steps"], nlohmann::json(20));
        QVERIFY(v["steps"].is_number_integer());
        QCOMPARE(v["ratio"].get<double>(), 0.5);
        QCOMPARE(v["mode"], nlohmann::json("c"));
        QCOMPARE(v["verbose"], nlohmann::json(false));
        QCOMPARE(v["tag"], nlohmann::json("y"));
        fakePlugin().resolve(v);  // accepted as it is
    }

    void runsOnlyWithAModel() {
        CompressPanel panel;
        panel.setPlugins({fakePlugin()}, {});
        QSignalSpy run(&panel, &CompressPanel::runRequested);
        QPushButton* button = nullptr;
        for (QPushButton* b : panel.findChildren<QPushButton*>())
            if (b->text() == "Run") button = b;
        QVERIFY(button);
        QVERIFY(!button->isEnabled());
        panel.setSource("a model");
        QVERIFY(button->isEnabled());
        qobject_cast<QSpinBox*>(panel.form()->editor("steps"))->setValue(7);
        button->click();
        QCOMPARE(run.count(), 1);
        QCOMPARE(run[0][0].toString(), QString("fake-shrink"));

        panel.onStarted();
        QVERIFY(!button->isEnabled());
        panel.onFailed("plugin 'fake-shrink' failed: boom");
        QCOMPARE(panel.errorText(), QString("plugin 'fake-shrink' failed: boom"));
        QVERIFY(button->isEnabled());
        panel.onStarted();
        QVERIFY(panel.errorText().isEmpty());
        panel.onCancelled();
        QVERIFY(button->isEnabled());
    }

    void showsTheComparison() {
        CompressPanel panel;
        const auto doc =
            plugins::comparisonJson({row("original", 1000, 8000, 0.96, 0.99),
                                     row("fake-shrink (steps=3)", 1000, 2000, 0.95, 0.985)},
                                    "test");
        panel.onFinished(doc, "notes");
        QTableWidget* table = panel.comparison()->table();
        QCOMPARE(table->rowCount(), 2);
        QStringList headers;
        for (int c = 0; c < table->columnCount(); ++c)
            headers << table->horizontalHeaderItem(c)->text();
        QVERIFY(headers.contains("Accuracy"));
        QVERIFY(headers.contains("ROC-AUC"));
        const int accuracy = int(headers.indexOf("Accuracy"));
        const int bytes = int(headers.indexOf("Bytes on disk"));
        QCOMPARE(table->item(0, 0)->text(), QString("original"));
        QCOMPARE(table->item(1, 0)->text(), QString("fake-shrink (steps=3)"));
        QCOMPARE(table->item(0, bytes)->text(), QString("8000"));
        QCOMPARE(table->item(1, bytes)->text(), QString("2000"));
        QCOMPARE(table->item(1, accuracy)->text(), QString("0.9500"));
        const QString change = table->item(1, table->columnCount() - 1)->text();
        QVERIFY2(change.contains("Accuracy -0.0100"), qPrintable(change));
        QVERIFY2(change.contains("size ×0.250"), qPrintable(change));

        // The chart: the original, then each compressed model, at (KB, accuracy).
        widgets::ChartView* chart = panel.comparison()->chart();
        QCOMPARE(chart->seriesCount(), 2);
        QVERIFY(chart->seriesName(0).contains("original"));
        QCOMPARE(chart->points(1).front(), QPointF(2000.0 / 1024.0, 0.95));

        panel.setComparison({});
        QCOMPARE(table->rowCount(), 0);
        QCOMPARE(chart->seriesCount(), 0);
    }
};

QTEST_MAIN(TestCompressPanel)
#include "test_compress_panel.moc"
