#pragma once
// ExplainJob: SHAP values of a trained run's rows (core/explain/explain_request.h) on a worker
// thread, with throttled progress and the explanation the plots draw.

#include <QString>
#include <cstdint>
#include <memory>

#include "app/gui/jobs/job.h"
#include "core/data/table.h"
#include "core/explain/explain_request.h"
#include "core/explain/shap_summary.h"
#include "core/train/experiment.h"

namespace loupe::gui {

/// Explains one request at a time; stop() cancels (there is nothing partial to keep). The last
/// background is kept for the next request of the same run, table and background settings, so
/// explaining one more row does not summarise the training rows again.
class ExplainJob : public Job {
    Q_OBJECT
public:
    /// An idle job.
    explicit ExplainJob(QObject* parent = nullptr);

    /// Explains the rows of `table` that `request` names with `run`'s model, over a background
    /// from the run's training rows, on `device` ("auto", "cpu", "cuda", "cuda:N"). False, and
    /// nothing starts, while a request is active or without a table or run.
    bool start(std::shared_ptr<const data::Table> table,
               std::shared_ptr<const train::ExperimentResult> run, explain::ExplainRequest request,
               const QString& device = QStringLiteral("auto"));

signals:
    /// `done` of `total` rows explained, at most about 20 times a second; the last row is always
    /// reported before finished().
    void progress(qint64 done, qint64 total);
    /// The SHAP values, the rows' raw values and the plots' summary.
    void finished(std::shared_ptr<const loupe::explain::ShapExplanation> explanation);

private:
    struct BackgroundCache;
    std::shared_ptr<BackgroundCache> m_cache;  // shared with the worker, which may outlive us
};

}  // namespace loupe::gui

Q_DECLARE_METATYPE(std::shared_ptr<const loupe::explain::ShapExplanation>)
