#pragma once
// QualityJob: the data-quality checks of the Quality view on a worker thread: leakage warnings on
// the split the Train view would make, Isolation Forest outlier scores over the features, and
// label errors by confident learning on K-fold out-of-fold probabilities of the Train view's model.

#include <QString>
#include <cstdint>
#include <memory>

#include "app/gui/jobs/job.h"
#include "core/data/table.h"
#include "core/train/experiment.h"
#include "widgets/quality/quality_report.h"

namespace loupe::gui {

/// Runs the checks once per start; stop() cancels (nothing partial is shown).
class QualityJob : public Job {
    Q_OBJECT
public:
    /// An idle job.
    explicit QualityJob(QObject* parent = nullptr);

    /// Checks `table` for `request`'s target and features with `folds` folds on `device`. False,
    /// and nothing starts, while a check is active or without a table.
    bool start(std::shared_ptr<const data::Table> table, train::ExperimentRequest request,
               int64_t folds, const QString& device = QStringLiteral("auto"));

signals:
    /// `done` of `total` steps of `stage`, at most about 20 times a second.
    void progress(qint64 done, qint64 total, const QString& stage);
    /// Everything found.
    void finished(std::shared_ptr<const loupe::widgets::QualityReport> report);
};

}  // namespace loupe::gui

Q_DECLARE_METATYPE(std::shared_ptr<const loupe::widgets::QualityReport>)
