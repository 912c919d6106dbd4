#include "app/gui/jobs/search_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <utility>

#include "core/data/target.h"
#include "core/device/device.h"
#include "core/search/search_record.h"
#include "core/store/run_database.h"

namespace loupe::gui {
namespace {

double nowSeconds() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

SearchJob::SearchJob(QObject* parent) : Job(parent) {
    qRegisterMetaType<search::Trial>();
    qRegisterMetaType<std::shared_ptr<const search::SearchResult>>();
}

bool SearchJob::start(std::shared_ptr<const data::Table> table, train::ExperimentRequest base,
                      nlohmann::json space, search::SearchOptions options, const QString& device,
                      const QString& database) {
    if (!table) return false;
    return launch([this, table = std::move(table), base = std::move(base), space = std::move(space),
                   options, spec = device.toStdString(),
                   path = database.toStdString()](JobContext& context) -> std::function<void()> {
        // Only posted closures touch `this`; they run on the job's thread while it exists.
        const search::SearchSpace parsed = search::SearchSpace::parse(space, "search space");
        int64_t planned = options.trials;
        if (options.strategy == search::Strategy::Grid) {
            const auto points = static_cast<int64_t>(parsed.grid(options.gridSteps).size());
            planned = options.trials > 0 ? std::min(options.trials, points) : points;
        }
        // The metric runSearch ranks by: accuracy for classes, R² for a regression target (a
        // missing target column fails in runSearch, with its message).
        const int64_t column = table->columnIndex(base.target);
        const data::Task task = base.task     ? *base.task
                                : column >= 0 ? data::inferTask(table->column(column))
                                              : data::Task::Classification;
        const QString metric = task == data::Task::Regression ? QStringLiteral("val_r2")
                                                              : QStringLiteral("val_accuracy");
        const std::string deviceName = device::makeDevice(spec).device->name();
        const search::DeviceFactory makeDevice = [spec] { return device::makeDevice(spec).device; };

        // The database is written from this worker, beside the window's RunRecorder: SQLite's
        // WAL and busy timeout let the two connections share it.
        std::unique_ptr<store::RunDatabase> db;
        store::RunRecord searchRun;
        int64_t searchId = 0;
        if (!path.empty()) {
            db = std::make_unique<store::RunDatabase>(path);
            searchRun = search::searchRecord(options, space, table->source(), deviceName);
            searchId = db->begin(searchRun);
        }
        search::SearchCallbacks callbacks;
        callbacks.onTrialFinished = [&](const search::Trial& trial) {
            if (db) db->record(search::trialRecord(searchRun, searchId, trial, nowSeconds()), {});
            context.post(
                [this, trial, planned, metric] { emit trialFinished(trial, planned, metric); });
        };
        search::SearchResult result;
        try {
            result = search::runSearch(*table, base, parsed, options, makeDevice, callbacks,
                                       context.stopToken());
        } catch (const std::exception& e) {
            if (db) db->finish(searchId, store::RunStatus::Failed, {}, {}, e.what());
            throw;
        }
        if (db) {
            std::map<std::string, double> metrics;
            if (result.best >= 0)
                metrics["val.best_metric"] = result.trials[static_cast<size_t>(result.best)].value;
            db->finish(searchId,
                       result.cancelled ? store::RunStatus::Cancelled : store::RunStatus::Finished,
                       metrics);
        }
        auto shared = std::make_shared<const search::SearchResult>(std::move(result));
        return [this, shared] { emit finished(shared); };
    });
}

}  // namespace loupe::gui
