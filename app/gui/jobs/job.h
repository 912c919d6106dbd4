#pragma once
// Job: runs one piece of long core work on a worker thread. The work reports through a JobContext
// that posts closures back to the job's thread, blocks while paused and carries the stop token;
// the UI thread never waits on the worker (a destroyed job's thread is joined later, see
// job.cpp).

#include <QObject>
#include <QString>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

namespace loupe::gui {

/// What a worker shares with its Job; safe to use from the worker after the Job is gone.
class JobContext {
public:
    /// Triggered by Job::stop() and by the Job's destruction.
    std::stop_token stopToken() const { return m_stop.get_token(); }
    /// Blocks while the job is paused; returns at once when a stop is requested.
    void waitWhilePaused();
    /// Runs `fn` on the job's thread soon, unless the job has been destroyed by then.
    void post(std::function<void()> fn);

private:
    friend class Job;
    std::mutex m_mutex;
    std::condition_variable_any m_resumed;
    bool m_paused = false;
    std::stop_source m_stop;
    QObject* m_target = nullptr;  ///< the Job; null once it is destroyed
};

/// Lets through one report per interval (about 20 a second by default).
class Throttle {
public:
    /// `interval`: the shortest time between two reports.
    explicit Throttle(std::chrono::milliseconds interval = std::chrono::milliseconds(50))
        : m_interval(interval) {}
    /// True (and restarts the interval) when a report is due.
    bool due();

private:
    std::chrono::milliseconds m_interval;
    std::chrono::steady_clock::time_point m_last{};
};

/// Base of the app's jobs: state, pause/resume/stop and error reporting.
class Job : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Stopping };
    Q_ENUM(State)

    /// An idle job.
    explicit Job(QObject* parent = nullptr);
    /// Requests a stop and hands the worker thread to be joined once it ends (never waits here).
    ~Job() override;

    /// The current state.
    State state() const { return m_state; }
    /// True from start until the worker has reported its end.
    bool isActive() const { return m_state != State::Idle; }

public slots:
    /// Holds the work at its next checkpoint (the next mini-batch).
    void pause();
    /// Continues paused work.
    void resume();
    /// Asks the work to end soon; paused work ends too.
    void stop();

signals:
    /// Every change of state().
    void stateChanged(loupe::gui::Job::State state);
    /// The work threw: an InputError's message as it is, other errors with their kind.
    void failed(const QString& message);
    /// The work ended through a stop before it had anything to show.
    void cancelled();

protected:
    /// The work run on the worker: returns the closure that delivers its result on the job's
    /// thread (emitting the subclass's finished signal), or throws.
    using Work = std::function<std::function<void()>(JobContext&)>;
    /// Starts `work` on a new worker thread; false when the job is already active.
    bool launch(Work work);

private:
    void setState(State state);
    void retireThread();

    State m_state = State::Idle;
    std::shared_ptr<JobContext> m_context;
    std::thread m_thread;
    std::shared_ptr<std::atomic<bool>> m_threadEnded;  ///< set by the worker as it returns
};

/// The message a Job shows for the exception being handled (call inside a catch block).
QString describeCurrentException();

}  // namespace loupe::gui
