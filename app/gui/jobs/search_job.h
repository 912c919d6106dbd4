#pragma once
// SearchJob: a hyperparameter search (core/search/search.h) of the Train view's settings on a
// worker thread. Its start (the search's run record, search_record.h) and each finished trial are
// reported as they come; the window records them through its RunRecorder
// (app/gui/project/search_recording.h), the one writer of the project's run database.

#include <QString>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/gui/jobs/job.h"
#include "core/data/table.h"
#include "core/search/search.h"
#include "core/store/run_record.h"
#include "core/train/experiment.h"

namespace loupe::gui {

/// Runs one search at a time; stop comes from Job (it ends after the running trials, and the
/// trials finished so far are the result, cancelled set). Pause is not offered: a search holds
/// no checkpoint between a trial's epochs.
class SearchJob : public Job {
    Q_OBJECT
public:
    /// An idle job.
    explicit SearchJob(QObject* parent = nullptr);

    /// Searches `space` (the JSON loupe-cli search --space reads) on top of `base` on `table`,
    /// each trial on its own `device`. False, and nothing starts, while one is active or without
    /// a table.
    bool start(std::shared_ptr<const data::Table> table, train::ExperimentRequest base,
               nlohmann::json space, search::SearchOptions options,
               const QString& device = QStringLiteral("auto"));

signals:
    /// The search began: its record as a run (kind "search"), before any trial ends.
    void searchStarted(const loupe::store::RunRecord& search);
    /// Trial `trial` ended; `planned` trials make up the search; `metric` names the trials'
    /// value ("val_accuracy" or "val_r2").
    void trialFinished(const loupe::search::Trial& trial, qint64 planned, const QString& metric);
    /// The search ended, stopped ones too (result->cancelled).
    void finished(std::shared_ptr<const loupe::search::SearchResult> result);
};

}  // namespace loupe::gui

Q_DECLARE_METATYPE(loupe::search::Trial)
Q_DECLARE_METATYPE(loupe::store::RunRecord)
Q_DECLARE_METATYPE(std::shared_ptr<const loupe::search::SearchResult>)
