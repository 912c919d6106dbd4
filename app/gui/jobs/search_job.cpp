#include "app/gui/jobs/search_job.h"

#include <algorithm>
#include <utility>

#include "core/data/target.h"
#include "core/device/device.h"
#include "core/search/search_record.h"

namespace loupe::gui {

SearchJob::SearchJob(QObject* parent) : Job(parent) {
    qRegisterMetaType<search::Trial>();
    qRegisterMetaType<store::RunRecord>();
    qRegisterMetaType<std::shared_ptr<const search::SearchResult>>();
}

bool SearchJob::start(std::shared_ptr<const data::Table> table, train::ExperimentRequest base,
                      nlohmann::json space, search::SearchOptions options, const QString& device) {
    if (!table) return false;
    return launch([this, table = std::move(table), base = std::move(base), space = std::move(space),
                   options, spec = device.toStdString()](JobContext& context) -> std::function<void()> {
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

        store::RunRecord record = search::searchRecord(options, space, table->source(), deviceName);
        context.post([this, record] { emit searchStarted(record); });
        search::SearchCallbacks callbacks;
        callbacks.onTrialFinished = [&](const search::Trial& trial) {
            context.post(
                [this, trial, planned, metric] { emit trialFinished(trial, planned, metric); });
        };
        auto result = std::make_shared<search::SearchResult>(search::runSearch(
            *table, base, parsed, options, makeDevice, callbacks, context.stopToken()));
        return [this, result] { emit finished(result); };
    });
}

}  // namespace loupe::gui
