#pragma once
// CrossValidationJob: K-fold cross-validation of the Train view's settings
// (core/train/cross_validation.h) on a worker thread, reporting epochs done over all folds and
// the folds' curves and reports at the end.

#include <QString>
#include <cstdint>
#include <memory>

#include "app/gui/jobs/job.h"
#include "core/data/table.h"
#include "core/train/cross_validation.h"
#include "core/train/experiment.h"

namespace loupe::gui {

/// Runs one cross-validation at a time; pause, resume and stop come from Job (a stop ends it
/// with cancelled(): a partial cross-validation has no mean to show).
class CrossValidationJob : public Job {
    Q_OBJECT
public:
    /// An idle job.
    explicit CrossValidationJob(QObject* parent = nullptr);

    /// Cross-validates `request` on `table` with `folds` folds on `device`. False, and nothing
    /// starts, while one is active or without a table.
    bool start(std::shared_ptr<const data::Table> table, train::ExperimentRequest request,
               int64_t folds, const QString& device = QStringLiteral("auto"));

signals:
    /// `done` of `total` epochs over all folds (at the epoch limit), at most about 20 times a
    /// second; `stage` names the fold.
    void progress(qint64 done, qint64 total, const QString& stage);
    /// Every fold's curves and held-out report, and each metric's mean and std.
    void finished(std::shared_ptr<const loupe::train::CrossValidation> result);
};

}  // namespace loupe::gui

Q_DECLARE_METATYPE(std::shared_ptr<const loupe::train::CrossValidation>)
