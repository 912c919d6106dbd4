#pragma once
// ReportJob: writes a run's HTML or PDF report (widgets/report/report_export.h) on a worker thread;
// gathering it computes SHAP values when the run folder has none, which takes seconds.

#include <QString>

#include "app/gui/jobs/job.h"

namespace loupe::gui {

/// One report at a time; stop() cancels it and nothing is written.
class ReportJob : public Job {
    Q_OBJECT
public:
    /// An idle job.
    explicit ReportJob(QObject* parent = nullptr);

    /// Writes the report of the run folder `runFolder` to `path` (HTML or PDF by its extension),
    /// on `device`. False, and nothing starts, while a report is being written or for a path
    /// that is neither .html nor .pdf.
    bool start(const QString& runFolder, const QString& path,
               const QString& device = QStringLiteral("auto"));

signals:
    /// The report is in `path`.
    void finished(const QString& path);
};

}  // namespace loupe::gui
