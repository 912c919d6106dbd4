#include "app/gui/project/run_loader.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "app/gui/jobs/training_job.h"
#include "core/io/run_folder.h"

namespace loupe::gui {

RunLoader::RunLoader(QObject* parent)
    : QObject(parent), m_generation(std::make_shared<std::atomic<int>>(0)) {}

RunLoader::~RunLoader() { cancel(); }

void RunLoader::cancel() { ++*m_generation; }

void RunLoader::load(const QString& folder, const QString& tag) {
    const int generation = ++*m_generation;
    QPointer<RunLoader> self(this);
    auto current = m_generation;
    (void)QtConcurrent::run(QThreadPool::globalInstance(), [=] {
        std::shared_ptr<train::ExperimentResult> result;
        QString error;
        try {
            result =
                std::make_shared<train::ExperimentResult>(io::readRunFolder(folder.toStdString()));
        } catch (const std::bad_alloc&) {
            error = tr("%1: not enough memory to read this run").arg(folder);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        // Posted to this object's thread; nothing on the worker touches Qt objects.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, current, generation, tag, result, error] {
                if (!self || *current != generation) return;
                if (result)
                    emit self->loaded(tag, result);
                else
                    emit self->failed(tag, error);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace loupe::gui
