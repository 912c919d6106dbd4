#pragma once
// Where a project's runs live: each one a run folder in loupe-cli train's layout (model.h5,
// metrics.json, history.csv, predictions.csv), so `loupe-cli evaluate/explain` work on it, in
// "<project>.runs/<run id>/" beside the project file (or beside the recovery file while unsaved).

#include <QString>
#include <map>
#include <memory>
#include <vector>

#include "app/gui/project/project.h"

namespace loupe::gui {

/// Runs trained in this session that are not written anywhere yet, by run id.
using UnwrittenRuns = std::map<QString, std::shared_ptr<const train::ExperimentResult>>;

/// Puts every run into `runsFolder`/<id>: a run already there stays, a run in `unwritten` is
/// written (and removed from it), any other is copied from its folder; each run's folder then
/// names its new place. Throws InputError naming what could not be read or written.
void storeRuns(std::vector<ProjectRun>& runs, UnwrittenRuns& unwritten, const QString& runsFolder);

/// Writes only the runs in `unwritten` into `runsFolder`/<id> (autosave), moving them out of it.
void storeUnwrittenRuns(std::vector<ProjectRun>& runs, UnwrittenRuns& unwritten,
                        const QString& runsFolder);

}  // namespace loupe::gui
