#include "app/gui/project/run_writer.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "core/io/run_folder.h"

namespace loupe::gui {

RunWriter::RunWriter(QObject* parent) : QObject(parent) {}

RunWriter::~RunWriter() {
    // A folder half written is only ever a staging folder; let the writes end before the results
    // they hold go away.
    for (auto& [id, pending] : m_pending) pending.future.waitForFinished();
}

void RunWriter::write(const QString& id, std::shared_ptr<const train::ExperimentResult> result,
                      const QString& folder) {
    QFuture<QString> future =
        QtConcurrent::run(QThreadPool::globalInstance(), [result, folder]() -> QString {
            try {
                io::writeRunFolder(folder.toStdString(), *result);
            } catch (const std::exception& e) {
                return QString::fromUtf8(e.what());
            }
            return {};
        });
    m_pending[id] = {folder, future, result};
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, id] {
        watcher->deleteLater();
        deliver(id);
    });
    watcher->setFuture(future);
}

void RunWriter::waitForAll() {
    while (!m_pending.empty()) {
        const QString id = m_pending.begin()->first;
        m_pending.begin()->second.future.waitForFinished();
        deliver(id);
    }
}

void RunWriter::deliver(const QString& id) {
    const auto it = m_pending.find(id);
    if (it == m_pending.end()) return;  // delivered already by waitForAll()
    const QString folder = it->second.folder;
    const QString error = it->second.future.result();
    const std::shared_ptr<const train::ExperimentResult> result = it->second.result;
    m_pending.erase(it);
    emit written(id, folder, error);
    if (error.isEmpty()) emit resultWritten(result.get(), folder);
}

}  // namespace loupe::gui
