#include "app/gui/project/workbench_state.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <cmath>

#include "widgets/data/dataset_model.h"
#include "widgets/train/hyperparameter_form.h"
#include "widgets/train/model_builder.h"
#include "widgets/train/search_panel.h"
#include "widgets/train/search_space_editor.h"
#include "widgets/train/training_panel.h"

namespace loupe::gui {
namespace {

/// The role DatasetModel gives a column of `type` when a table is read.
widgets::ColumnRole defaultRole(data::ColumnType type) {
    return type == data::ColumnType::Text ? widgets::ColumnRole::Ignore
                                          : widgets::ColumnRole::Feature;
}

}  // namespace

std::vector<ColumnOverride> columnOverrides(const widgets::DatasetModel& model) {
    std::vector<ColumnOverride> overrides;
    if (!model.table()) return overrides;
    for (int c = 0; c < model.columnCount(); ++c) {
        const data::Column& read = model.table()->column(c);
        ColumnOverride o;
        o.name = QString::fromStdString(read.name);
        const widgets::ColumnRole role = model.columnRole(c);
        if (role != widgets::ColumnRole::Target && role != defaultRole(read.type)) o.role = role;
        if (model.columnType(c) != read.type) o.type = model.columnType(c);
        if (o.role || o.type) overrides.push_back(std::move(o));
    }
    return overrides;
}

QStringList applyColumns(widgets::DatasetModel& model, const std::vector<ColumnOverride>& overrides,
                         const QString& target) {
    QStringList problems;
    for (const ColumnOverride& o : overrides) {
        const int64_t c = model.table() ? model.table()->columnIndex(o.name.toStdString()) : -1;
        if (c < 0) {
            problems << QObject::tr("column '%1' is not in the dataset any more").arg(o.name);
            continue;
        }
        const int column = static_cast<int>(c);
        if (o.type && !model.setColumnType(column, *o.type))
            problems << QObject::tr("column '%1' cannot be read as %2 any more")
                            .arg(o.name, QString::fromUtf8(data::toString(*o.type).data()));
        if (o.role) model.setColumnRole(column, *o.role);
    }
    if (!target.isEmpty() && !model.setTarget(target))
        problems
            << QObject::tr("the target column '%1' is not in the dataset any more").arg(target);
    return problems;
}

TrainingSettings trainingSettings(const widgets::TrainingPanel& panel) {
    TrainingSettings s;
    const widgets::ModelBuilder* builder = panel.modelBuilder();
    s.layers = {};
    for (const widgets::DenseLayerRow& layer : builder->layers()) {
        s.layers.hidden.push_back(layer.units);
        s.layers.activations.push_back(layer.activation);
        s.layers.dropouts.push_back(layer.dropout);
    }
    s.mlp = builder->isMlp();
    const train::ExperimentRequest request = panel.request();
    s.config = request.train;
    s.valFraction = request.valFraction;
    s.testFraction = request.testFraction;
    s.resample = request.resample;
    s.smoteK = request.smoteK;
    s.balancedClassWeights = request.balancedClassWeights;
    s.pipeline = request.pipeline;
    s.dropColumns = request.dropColumns;
    s.cvFolds = panel.cvFolds();
    s.device = panel.device();
    const widgets::SearchPanel& search = *panel.search();
    s.search.searched = search.spaceEditor()->searched();
    s.search.edited = search.spaceEditor()->editedRows();
    s.search.strategy = search.strategyBox()->currentText();
    s.search.trials = search.trialsBox()->value();
    s.search.parallel = search.parallelBox()->value();
    s.search.halving = search.halvingBox()->isChecked();
    return s;
}

QStringList applyTrainingSettings(widgets::TrainingPanel& panel, const TrainingSettings& settings) {
    train::ExperimentRequest request;
    request.model = settings.layers;
    request.train = settings.config;
    request.valFraction = settings.valFraction;
    request.testFraction = settings.testFraction;
    request.resample = settings.resample;
    request.smoteK = settings.smoteK;
    request.balancedClassWeights = settings.balancedClassWeights;
    request.pipeline = settings.pipeline;
    request.dropColumns = settings.dropColumns;
    panel.setRequest(request);
    panel.setCvFolds(settings.cvFolds);
    panel.modelBuilder()->setMlp(settings.mlp);
    QStringList problems;
    if (!panel.hyperparameters()->setDevice(settings.device))
        problems << QObject::tr("the device '%1' is not available here; training uses '%2'")
                        .arg(settings.device, panel.device());
    // Rows the user did not edit follow the settings just applied.
    widgets::SearchPanel& search = *panel.search();
    search.spaceEditor()->setDefaults(panel.request());
    problems << search.spaceEditor()->restore(settings.search.searched, settings.search.edited);
    search.strategyBox()->setCurrentText(settings.search.strategy);
    search.trialsBox()->setValue(static_cast<int>(settings.search.trials));
    search.parallelBox()->setValue(static_cast<int>(settings.search.parallel));
    search.halvingBox()->setChecked(settings.search.halving);
    return problems;
}

ProjectRun runRecord(const train::ExperimentResult& result, const QString& id, const QString& name,
                     const QString& folder) {
    ProjectRun run;
    run.id = id;
    run.name = name;
    run.folder = folder;
    run.created = QDateTime::currentDateTimeUtc();
    const train::History& h = result.history;
    run.epochs = static_cast<int64_t>(h.epochs.size());
    run.bestEpoch = h.bestEpoch;
    run.stoppedEarly = h.stoppedEarly;
    run.cancelled = h.cancelled;
    run.seconds = h.epochs.empty() ? 0.0 : h.epochs.back().seconds;
    if (result.reports.empty()) return run;
    const auto* chosen = &result.reports.back();  // reports come in the order train, val, test
    for (const auto& report : result.reports)
        if (report.first == "test") chosen = &report;
    run.summarySplit = QString::fromStdString(chosen->first);
    for (const auto& [key, value] : chosen->second.items()) {
        if (value.is_number())
            run.summary.insert(QString::fromStdString(key), value.get<double>());
        else if (value.is_null())
            run.summary.insert(QString::fromStdString(key), std::nan(""));
    }
    return run;
}

void restoreRunFlags(const ProjectRun& run, train::History& history) {
    if (run.bestEpoch > 0) history.bestEpoch = run.bestEpoch;
    history.stoppedEarly = run.stoppedEarly;
    history.cancelled = run.cancelled;
}

}  // namespace loupe::gui
