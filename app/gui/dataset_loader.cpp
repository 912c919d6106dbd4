#include "app/gui/dataset_loader.h"

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
    // A read still running finishes on its own; bumping the generation drops its result, and the
    // QPointer below stops it from reaching this deleted object.
    ++*m_generation;
}

void DatasetLoader::load(const QString& path) {
    const int generation = ++*m_generation;
    ++m_running;
    QPointer<DatasetLoader> self(this);
    auto current = m_generation;
    const std::string file = path.toStdString();
    // Every report back is queued to this object's thread; nothing on the worker touches Qt
    // objects directly.
    auto post = [self](auto function) {
        if (self) QMetaObject::invokeMethod(self.data(), std::move(function), Qt::QueuedConnection);
    };
    (void)QtConcurrent::run(QThreadPool::globalInstance(), [=] {
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
            table = std::make_shared<const data::Table>(data::readTable(file, report));
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
            if (table)
                emit self->loaded(path, table);
            else
                emit self->failed(path, error);
        });
    });
}

}  // namespace loupe::gui
