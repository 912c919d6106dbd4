// Workbench, the Compress view's part: the plugins found once at startup are listed; a finished
// (or restored) training run is what gets compressed; Run starts a CompressJob with the form's
// values. Each compressed model becomes a run of the project named after its plugin and
// parameters, shown in the Evaluate, Explain and Structure views (so File > Export Model… writes
// it), while the Compress view stays and adds its row to the comparison with the original.

#include <QFileInfo>
#include <QStatusBar>
#include <utility>

#include "app/gui/evaluation_input_builder.h"
#include "app/gui/jobs/compress_job.h"
#include "app/gui/main_window.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "plugins/api/plugin_manager.h"
#include "widgets/compress/compress_panel.h"
#include "widgets/evaluate/evaluate_panel.h"

namespace loupe::gui {

void Workbench::setUpCompress() {
    auto manager = std::make_shared<plugins::PluginManager>();
    manager->scan();
    m_compress = new widgets::CompressPanel;
    std::vector<plugins::PluginMetadata> found;
    for (const plugins::PluginEntry& entry : manager->plugins()) found.push_back(entry.metadata);
    m_compress->setPlugins(std::move(found), manager->failures());
    m_compressJob = new CompressJob(std::move(manager), this);
    // The page is installed with the first run; until then the button says why it is off.
    m_window->navigation()->setViewEnabled(View::Compress, false, tr("Train a model first"));

    connect(m_compress, &widgets::CompressPanel::runRequested, this, &Workbench::startCompress);
    connect(m_compress, &widgets::CompressPanel::stopRequested, m_compressJob, &Job::stop);
    connect(m_compressJob, &CompressJob::progress, m_compress, &widgets::CompressPanel::onProgress);
    connect(m_compressJob, &Job::failed, m_compress, &widgets::CompressPanel::onFailed);
    connect(m_compressJob, &Job::failed, this, &Workbench::compressionFailed);
    connect(m_compressJob, &Job::cancelled, m_compress, &widgets::CompressPanel::onCancelled);
    connect(m_compressJob, &CompressJob::finished, this,
            [this](std::shared_ptr<const CompressOutcome> outcome) {
                // A result for a model no longer shown is still a run, but not a comparison row.
                if (m_compressGeneration == m_compressStarted) {
                    if (m_compareRows.empty()) m_compareRows.push_back(outcome->original);
                    m_compareRows.push_back(outcome->compressed);
                    m_compareSplit = outcome->split;
                }
                m_compress->onFinished(plugins::comparisonJson(m_compareRows, m_compareSplit),
                                       outcome->notes);
                showCompressed(*outcome);
                emit compressionShown();
            });
}

void Workbench::compressRun(std::shared_ptr<const train::ExperimentResult> result) {
    if (!result) return;
    ++m_compressGeneration;
    m_compressSource = std::move(result);
    m_compressTable = m_trainingTable;
    m_compareRows.clear();
    const QString data =
        m_compressTable ? QFileInfo(QString::fromStdString(m_compressTable->source())).fileName()
                        : QString();
    m_compress->setSource(tr("Compresses the model trained on %1: %2 parameters.")
                              .arg(data.isEmpty() ? tr("the dataset") : data)
                              .arg(m_compressSource->model.parameterCount()));
    m_compress->setComparison({});
    m_window->setViewPage(View::Compress, m_compress);
}

void Workbench::startCompress(const QString& id, const nlohmann::json& parameters) {
    if (!m_compressSource || !m_compressTable)
        return m_compress->onFailed(tr("Train a model first."));
    std::optional<plugins::ComparisonRow> original;
    if (!m_compareRows.empty()) original = m_compareRows.front();
    if (!m_compressJob->start(m_compressSource, m_compressTable, id, parameters, original))
        return m_compress->onFailed(tr("A compression is already running."));
    m_compressStarted = m_compressGeneration;
    m_compress->onStarted();
    m_window->statusBar()->showMessage(tr("Compressing with %1…").arg(id));
}

void Workbench::showCompressed(const CompressOutcome& outcome) {
    // Like a finished training run, except that the Compress view stays in front.
    m_project->addNamedRun(outcome.result, outcome.runName);
    explainRun(outcome.result);
    structureRun(*outcome.result);
    m_evaluate->setInput(evaluationInput(*outcome.result));
    m_window->statusBar()->showMessage(tr("Compressed: %1").arg(outcome.runName));
}

}  // namespace loupe::gui
