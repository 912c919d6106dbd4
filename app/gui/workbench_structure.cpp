// Workbench, the Structure view's part: each finished (or restored) run's model is summarised and
// drawn; the view's button comes alive with the first run. "Compare with model file…" asks for a
// .h5 file, which is read and summarised on a worker thread (the app reads files, widgets do not)
// and drawn under the run's model with the per-layer comparison.

#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <memory>

#include "app/gui/main_window.h"
#include "app/gui/workbench.h"
#include "core/io/model_file.h"
#include "core/nn/model_summary.h"
#include "widgets/structure/structure_panel.h"

namespace loupe::gui {
namespace {

/// A model file read and summarised, or why it could not be.
struct ReadSummary {
    std::shared_ptr<const nn::ModelSummary> summary;
    QString error;
};

ReadSummary readSummary(const QString& path) {
    try {
        return {std::make_shared<const nn::ModelSummary>(
                    nn::summarizeModel(io::loadModel(path.toStdString()))),
                {}};
    } catch (const std::exception& e) {
        return {nullptr, QString::fromUtf8(e.what())};
    }
}

}  // namespace

void Workbench::setUpStructure() {
    m_structure = new widgets::StructurePanel;
    // The page is installed with the first run; until then the button says why it is off.
    m_window->navigation()->setViewEnabled(View::Structure, false, tr("Train a model first"));
    connect(m_structure, &widgets::StructurePanel::compareRequested, this,
            &Workbench::chooseComparison);
}

void Workbench::structureRun(const train::ExperimentResult& result) {
    ++m_compareGeneration;  // a comparison still being read belongs to the previous model
    const auto table = m_window->table();
    const QString data =
        table ? QFileInfo(QString::fromStdString(table->source())).fileName() : QString();
    m_structure->setModel(
        std::make_shared<const nn::ModelSummary>(nn::summarizeModel(result.model)),
        data.isEmpty() ? tr("Trained model") : tr("Trained on %1").arg(data));
    m_window->setViewPage(View::Structure, m_structure);
}

void Workbench::chooseComparison() {
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Compare with model file"), QString(),
                                     tr("Loupe model (*.h5);;All files (*)"));
    if (!path.isEmpty()) compareWithModelFile(path);
}

void Workbench::compareWithModelFile(const QString& path) {
    if (!m_structure->model()) {
        const QString message = tr("Train a model first, then compare it with a file.");
        m_structure->showError(message);
        emit comparisonFailed(message);
        return;
    }
    const int generation = m_compareGeneration;
    auto* watcher = new QFutureWatcher<ReadSummary>(this);
    connect(
        watcher, &QFutureWatcher<ReadSummary>::finished, this, [this, watcher, path, generation] {
            watcher->deleteLater();
            const ReadSummary read = watcher->result();
            if (generation != m_compareGeneration) return;
            if (!read.summary) {
                m_structure->showError(read.error);
                emit comparisonFailed(read.error);
                return;
            }
            m_structure->setComparison(read.summary, QFileInfo(path).fileName());
            if (read.summary->encodedWidth != m_structure->model()->encodedWidth)
                m_structure->showError(tr("%1 takes %2 input columns, the trained model %3: its "
                                          "layers are compared by position only.")
                                           .arg(QFileInfo(path).fileName())
                                           .arg(read.summary->encodedWidth)
                                           .arg(m_structure->model()->encodedWidth));
            emit comparisonShown();
        });
    watcher->setFuture(QtConcurrent::run(readSummary, path));
}

}  // namespace loupe::gui
