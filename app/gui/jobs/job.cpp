#include "app/gui/jobs/job.h"

#include <QMetaObject>
#include <atomic>
#include <new>
#include <utility>
#include <vector>

#include "core/error.h"

namespace loupe::gui {
namespace {

/// Threads of finished or destroyed jobs. Joining one that has ended is immediate; the rest are
/// joined when the program exits (their work was asked to stop), so no UI call ever blocks.
class ThreadReaper {
public:
    static ThreadReaper& instance() {
        static ThreadReaper reaper;
        return reaper;
    }
    void adopt(std::thread thread, std::shared_ptr<std::atomic<bool>> ended) {
        std::lock_guard lock(m_mutex);
        std::erase_if(m_threads, [](Entry& e) {
            if (!e.ended->load()) return false;
            e.thread.join();
            return true;
        });
        m_threads.push_back({std::move(thread), std::move(ended)});
    }
    ~ThreadReaper() {
        for (Entry& e : m_threads) e.thread.join();
    }

private:
    struct Entry {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> ended;
    };
    std::mutex m_mutex;
    std::vector<Entry> m_threads;
};

}  // namespace

void JobContext::waitWhilePaused() {
    std::unique_lock lock(m_mutex);
    m_resumed.wait(lock, m_stop.get_token(), [this] { return !m_paused; });
}

void JobContext::post(std::function<void()> fn) {
    // Under the mutex the Job cannot finish its destructor, so m_target stays valid while the
    // event is posted; Qt drops events still queued for an object that is then destroyed.
    std::lock_guard lock(m_mutex);
    if (m_target) QMetaObject::invokeMethod(m_target, std::move(fn), Qt::QueuedConnection);
}

bool Throttle::due() {
    const auto now = std::chrono::steady_clock::now();
    if (now - m_last < m_interval) return false;
    m_last = now;
    return true;
}

Job::Job(QObject* parent) : QObject(parent) {}

Job::~Job() {
    if (m_context) {
        std::lock_guard lock(m_context->m_mutex);
        m_context->m_target = nullptr;
        m_context->m_paused = false;
        m_context->m_stop.request_stop();
    }
    retireThread();
}

void Job::pause() {
    if (m_state != State::Running) return;
    {
        std::lock_guard lock(m_context->m_mutex);
        m_context->m_paused = true;
    }
    setState(State::Paused);
}

void Job::resume() {
    if (m_state != State::Paused) return;
    {
        std::lock_guard lock(m_context->m_mutex);
        m_context->m_paused = false;
    }
    m_context->m_resumed.notify_all();
    setState(State::Running);
}

void Job::stop() {
    if (m_state != State::Running && m_state != State::Paused) return;
    {
        std::lock_guard lock(m_context->m_mutex);
        m_context->m_paused = false;
    }
    m_context->m_stop.request_stop();  // wakes waitWhilePaused()
    setState(State::Stopping);
}

bool Job::launch(Work work) {
    if (isActive()) return false;
    retireThread();
    m_context = std::make_shared<JobContext>();
    m_context->m_target = this;
    m_threadEnded = std::make_shared<std::atomic<bool>>(false);
    setState(State::Running);
    m_thread = std::thread([context = m_context, work = std::move(work), ended = m_threadEnded] {
        std::function<void()> deliver;
        QString error;
        bool cancelled = false;
        try {
            deliver = work(*context);
        } catch (const Cancelled&) {
            cancelled = true;
        } catch (...) {
            error = describeCurrentException();
        }
        // Posted closures run on the job's thread only while the job exists, so m_target is
        // valid there (the destructor clears it on that same thread).
        context->post([context, deliver = std::move(deliver), error, cancelled] {
            auto* job = static_cast<Job*>(context->m_target);
            if (!job) return;
            job->setState(State::Idle);
            if (cancelled) {
                emit job->cancelled();
            } else if (!error.isEmpty()) {
                emit job->failed(error);
            } else if (deliver) {
                try {
                    deliver();
                } catch (...) {
                    emit job->failed(describeCurrentException());
                }
            }
        });
        ended->store(true);
    });
    return true;
}

void Job::setState(State state) {
    if (m_state == state) return;
    m_state = state;
    emit stateChanged(state);
}

void Job::retireThread() {
    if (m_thread.joinable()) ThreadReaper::instance().adopt(std::move(m_thread), m_threadEnded);
}

QString describeCurrentException() {
    try {
        throw;
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    } catch (const ModelError& e) {
        return QStringLiteral("model error: ") + QString::fromStdString(e.what());
    } catch (const DeviceError& e) {
        return QStringLiteral("device error: ") + QString::fromStdString(e.what());
    } catch (const std::bad_alloc&) {
        return QStringLiteral("out of memory: try a smaller model, batch or dataset");
    } catch (const std::exception& e) {
        return QStringLiteral("internal error (please report it): ") +
               QString::fromStdString(e.what());
    } catch (...) {
        return QStringLiteral("internal error (please report it): unknown exception");
    }
}

}  // namespace loupe::gui
