#include "app/gui/jobs/quality_job.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "core/data/column_stats.h"
#include "core/data/isolation_forest.h"
#include "core/data/leakage.h"
#include "core/device/device.h"
#include "core/error.h"
#include "core/train/label_issues.h"

namespace loupe::gui {
namespace {

constexpr int kHistogramBins = 30;

}  // namespace

QualityJob::QualityJob(QObject* parent) : Job(parent) {}

bool QualityJob::start(std::shared_ptr<const data::Table> table, train::ExperimentRequest request,
                       int64_t folds, const QString& device) {
    if (!table) return false;
    return launch([this, table = std::move(table), request = std::move(request), folds,
                   spec = device.toStdString()](JobContext& context) -> std::function<void()> {
        // Only posted closures touch `this`; they run on the job's thread while it exists.
        const std::stop_token stop = context.stopToken();
        auto report = std::make_shared<widgets::QualityReport>();
        const auto say = [&](qint64 done, qint64 total, const QString& stage) {
            context.post([this, done, total, stage] { emit progress(done, total, stage); });
        };

        // Leakage on the split a training run with these settings makes (loupe-cli quality's).
        say(0, 0, tr("Checking for leakage"));
        const train::PreparedExperiment prepared = train::prepareExperiment(*table, request);
        report->leakage = data::checkLeakage(*table, prepared.features, request.target,
                                             prepared.target, prepared.split);
        if (stop.stop_requested()) throw Cancelled();

        // Outliers over every row; no labels are used, so the pipeline is fitted on all rows.
        say(0, 0, tr("Scoring outliers"));
        std::vector<int64_t> rows(static_cast<size_t>(table->rowCount()));
        std::iota(rows.begin(), rows.end(), 0);
        data::Pipeline pipeline;
        pipeline.fit(*table, prepared.features, rows);
        const Matrix x = pipeline.transform(*table, rows);
        data::IsolationForest forest;
        forest.fit(x, {100, 256, request.train.seed});
        report->outlierScores = forest.score(x);
        report->outlierOrder = rows;
        std::stable_sort(report->outlierOrder.begin(), report->outlierOrder.end(),
                         [&s = report->outlierScores](int64_t a, int64_t b) {
                             return s[static_cast<size_t>(a)] > s[static_cast<size_t>(b)];
                         });
        data::Column scores;
        scores.name = "outlier score";
        scores.numeric = report->outlierScores;
        report->outlierHistogram = data::columnStats(scores, kHistogramBins).histogram;
        if (stop.stop_requested()) throw Cancelled();

        if (prepared.target.task == data::Task::Classification) {
            device::DeviceChoice choice = device::makeDevice(spec);
            Throttle throttle;
            const QString stage = tr("Finding label errors (%1-fold)").arg(folds);
            const train::OutOfFold oof = train::outOfFoldProbabilities(
                *table, request, folds, *choice.device,
                [&](const ProgressInfo& p) {
                    if (throttle.due()) say(p.done, p.total, stage);
                },
                stop);
            report->labelIssues = train::rankLabelIssues(oof);
            report->classNames = oof.classNames;
            report->labelledRows = static_cast<int64_t>(oof.rows.size());
            report->folds = folds;
        }
        return [this, report = std::shared_ptr<const widgets::QualityReport>(std::move(report))] {
            emit finished(report);
        };
    });
}

}  // namespace loupe::gui
