#pragma once
// SearchJob: a hyperparameter search (core/search/search.h) of the Train view's settings on a
// worker thread. Each finished trial is reported as it comes; with a run database, the search and
// its trials are recorded there as loupe-cli search --project records them (search_record.h).

#include <QString>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/gui/jobs/job.h"
#include "core/data/table.h"
#include "core/search/search.h"
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
    /// each trial on its own `device`; records it in the run database at `database` unless that
    /// is empty. False, and nothing starts, while one is active or without a table.
    bool start(std::shared_ptr<const data::Table> table, train::ExperimentRequest base,
               nlohmann::json space, search::SearchOptions options,
               const QString& device = QStringLiteral("auto"), const QString& database = {});

signals:
    /// Trial `trial` ended; `planned` trials make up the search; `metric` names the trials'
    /// value ("val_accuracy" or "val_r2").
    void trialFinished(const loupe::search::Trial& trial, qint64 planned, const QString& metric);
    /// The search ended, stopped ones too (result->cancelled).
    void finished(std::shared_ptr<const loupe::search::SearchResult> result);
};

}  // namespace loupe::gui

Q_DECLARE_METATYPE(loupe::search::Trial)
Q_DECLARE_METATYPE(std::shared_ptr<const loupe::search::SearchResult>)
