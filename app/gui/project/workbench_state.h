#pragma once
// Between a Project and the views: the column overrides and target the Data view holds, the
// settings the Train view shows, and the record a finished run leaves in the project.

#include <QString>
#include <QStringList>
#include <vector>

#include "app/gui/project/project.h"

namespace loupe::widgets {
class DatasetModel;
class TrainingPanel;
}  // namespace loupe::widgets

namespace loupe::gui {

/// The columns of `model` whose role or type differs from the defaults of the file as read (a
/// feature, or ignored when read as text); the target is left out.
std::vector<ColumnOverride> columnOverrides(const widgets::DatasetModel& model);

/// Applies `overrides` and then `target` to `model`, which shows a freshly read table. Returns a
/// line for each column that is not in the table or cannot be read as the type asked for.
QStringList applyColumns(widgets::DatasetModel& model, const std::vector<ColumnOverride>& overrides,
                         const QString& target);

/// The settings the Train view shows (its Search tab's too).
TrainingSettings trainingSettings(const widgets::TrainingPanel& panel);

/// Shows `settings` in the Train view and its Search tab. Returns a line when the device is not
/// available here (the panel then keeps its own choice) and for each search parameter or kind
/// this Search tab does not know (left out).
QStringList applyTrainingSettings(widgets::TrainingPanel& panel, const TrainingSettings& settings);

/// The project's record of a finished run kept in `folder`: epochs, time and the scalar metrics
/// of its test split (else its last split).
ProjectRun runRecord(const train::ExperimentResult& result, const QString& id, const QString& name,
                     const QString& folder);

/// The run's History as trained: what history.csv does not keep (best epoch, early stop, stop
/// by the user) taken from its record.
void restoreRunFlags(const ProjectRun& run, train::History& history);

}  // namespace loupe::gui
