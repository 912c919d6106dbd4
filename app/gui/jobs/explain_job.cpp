#include "app/gui/jobs/explain_job.h"

#include <mutex>
#include <utility>

#include "core/device/device.h"

namespace loupe::gui {

/// The last background and what it was drawn from. Weak pointers, so a freed run or table never
/// matches a new one that happens to reuse its address.
struct ExplainJob::BackgroundCache {
    std::mutex mutex;
    std::weak_ptr<const data::Table> table;
    std::weak_ptr<const train::ExperimentResult> run;
    explain::BackgroundKind kind = explain::BackgroundKind::Sample;
    int64_t size = 0;
    uint64_t seed = 0;
    std::shared_ptr<const explain::Background> background;

    std::shared_ptr<const explain::Background> find(
        const std::shared_ptr<const data::Table>& t,
        const std::shared_ptr<const train::ExperimentResult>& r, const explain::ExplainRequest& q) {
        std::lock_guard lock(mutex);
        if (table.lock() != t || run.lock() != r || kind != q.background ||
            size != q.backgroundSize || seed != q.seed)
            return nullptr;
        return background;
    }
    void store(const std::shared_ptr<const data::Table>& t,
               const std::shared_ptr<const train::ExperimentResult>& r,
               const explain::ExplainRequest& q, std::shared_ptr<const explain::Background> bg) {
        std::lock_guard lock(mutex);
        table = t;
        run = r;
        kind = q.background;
        size = q.backgroundSize;
        seed = q.seed;
        background = std::move(bg);
    }
};

ExplainJob::ExplainJob(QObject* parent)
    : Job(parent), m_cache(std::make_shared<BackgroundCache>()) {}

bool ExplainJob::start(std::shared_ptr<const data::Table> table,
                       std::shared_ptr<const train::ExperimentResult> run,
                       explain::ExplainRequest request, const QString& device) {
    if (!table || !run) return false;
    return launch([this, cache = m_cache, table = std::move(table), run = std::move(run),
                   request = std::move(request),
                   spec = device.toStdString()](JobContext& context) -> std::function<void()> {
        // Only posted closures touch `this`; they run on the job's thread while it exists.
        device::DeviceChoice choice = device::makeDevice(spec);
        Throttle throttle;
        ProgressInfo last;
        bool pending = false;
        auto report = [&](const ProgressInfo& p) {
            last = p;
            pending = !throttle.due();
            if (!pending) context.post([this, p] { emit progress(p.done, p.total); });
        };
        std::shared_ptr<const explain::Background> background = cache->find(table, run, request);
        if (!background) {
            background = std::make_shared<const explain::Background>(explain::trainingBackground(
                run->model, *table, run->split, request, context.stopToken()));
            cache->store(table, run, request, background);
        }
        auto explanation = std::make_shared<const explain::ShapExplanation>(
            explain::explainRun(*choice.device, run->model, *table, run->split, request,
                                *background, report, context.stopToken()));
        // The throttle may have held back the last row: the bar should end full.
        if (pending) context.post([this, p = last] { emit progress(p.done, p.total); });
        return [this, explanation = std::move(explanation)] { emit finished(explanation); };
    });
}

}  // namespace loupe::gui
