#include "app/gui/dataset_loader.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <chrono>
#include <exception>

#include "core/data/reader.h"
#include "core/error.h"

namespace loupe::gui {
namespace {

constexpr auto kProgressInterval = std::chrono::milliseconds(50);

}  // namespace

DatasetLoader::DatasetLoader(QObject* parent)
    : QObject(parent), m_generation(std::make_shared<std::atomic<int>>(0)) {
    qRegisterMetaType<std::shared_ptr<const loupe::data::Table>>();
}

DatasetLoader::~DatasetLoader() {
    // A read still running stops at its next check; bumping the generation drops its result, and
    // the QPointer below stops it from reaching this deleted object.
    ++*m_generation;
    m_stop.request_stop();
}

void DatasetLoader::cancel() {
    if (!m_active) return;
    ++*m_generation;
    m_stop.request_stop();
    setActive(false);
    emit cancelled(m_path);
}

void DatasetLoader::setActive(bool active) {
    if (active == m_active) return;
    m_active = active;
    emit activeChanged(active);
}

void DatasetLoader::load(const QString& path) {
    // The superseded read stops too: its result would be dropped anyway.
    m_stop.request_stop();
    m_stop = std::stop_source();
    const int generation = ++*m_generation;
    ++m_running;
    m_path = path;
    setActive(true);
    QPointer<DatasetLoader> self(this);
    auto current = m_generation;
    const std::string file = path.toStdString();
    // Every report back is queued to the application's thread, where this object lives, and
    // checks `self` there: the worker never touches this object, which may be deleted meanwhile.
    auto post = [](auto function) {
        if (QCoreApplication* app = QCoreApplication::instance())
            QMetaObject::invokeMethod(app, std::move(function), Qt::QueuedConnection);
    };
    (void)QtConcurrent::run(QThreadPool::globalInstance(), [=, stop = m_stop.get_token()] {
        auto last = std::chrono::steady_clock::time_point{};
        const Progress report = [&](const ProgressInfo& info) {
            const auto now = std::chrono::steady_clock::now();
            if (now - last < kProgressInterval || *current != generation) return;
            last = now;
            const QString stage = QString::fromStdString(info.stage);
            const qint64 done = info.done, total = info.total;
            post([self, stage, done, total] {
                if (self) emit self->progress(stage, done, total);
            });
        };
        std::shared_ptr<const data::Table> table;
        QString error;
        try {
            table = std::make_shared<const data::Table>(data::readTable(file, report, stop));
        } catch (const Cancelled&) {
            // Only a superseded or cancelled load stops, and its result is dropped below.
        } catch (const std::bad_alloc&) {
            error = tr("%1: not enough memory to read this file").arg(path);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
            if (!error.contains(path)) error = path + QStringLiteral(": ") + error;
        }
        post([self, path, table, error, generation, current] {
            if (!self) return;
            --self->m_running;
            if (*current != generation) return;
            self->setActive(false);
            if (table)
                emit self->loaded(path, table);
            else
                emit self->failed(path, error);
        });
    });
}

}  // namespace loupe::gui
