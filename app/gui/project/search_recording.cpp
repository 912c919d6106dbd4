#include "app/gui/project/search_recording.h"

#include <chrono>
#include <map>
#include <memory>

#include "app/gui/jobs/search_job.h"
#include "app/gui/project/run_recorder.h"
#include "core/search/search_record.h"

namespace loupe::gui {

void recordSearches(SearchJob& job, RunRecorder& recorder) {
    struct Current {
        int handle = 0;  // 0: no search recording
        store::RunRecord record;
    };
    auto current = std::make_shared<Current>();
    QObject::connect(&job, &SearchJob::searchStarted, &recorder,
                     [&recorder, current](const store::RunRecord& record) {
                         current->record = record;
                         current->handle = recorder.begin(record);
                     });
    QObject::connect(&job, &SearchJob::trialFinished, &recorder,
                     [&recorder, current](const search::Trial& trial) {
                         using namespace std::chrono;
                         const double now =
                             duration<double>(system_clock::now().time_since_epoch()).count();
                         recorder.recordChild(current->handle,
                                              search::trialRecord(current->record, 0, trial, now));
                     });
    const auto end = [&recorder, current](store::RunStatus status,
                                          std::map<std::string, double> metrics,
                                          const QString& error) {
        recorder.finish(current->handle, status, std::move(metrics), {}, error);
        current->handle = 0;
    };
    QObject::connect(&job, &SearchJob::finished, &recorder,
                     [end](std::shared_ptr<const search::SearchResult> result) {
                         std::map<std::string, double> metrics;
                         if (result->best >= 0)
                             metrics["val.best_metric"] =
                                 result->trials[static_cast<size_t>(result->best)].value;
                         end(result->cancelled ? store::RunStatus::Cancelled
                                               : store::RunStatus::Finished,
                             std::move(metrics), {});
                     });
    QObject::connect(&job, &Job::cancelled, &recorder,
                     [end] { end(store::RunStatus::Cancelled, {}, {}); });
    QObject::connect(&job, &Job::failed, &recorder, [end](const QString& message) {
        end(store::RunStatus::Failed, {}, message);
    });
}

}  // namespace loupe::gui
