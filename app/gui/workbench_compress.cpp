// Workbench, the Compress view's part: the plugins found once at startup are listed; a finished
// (or restored) training run is what gets compressed; Run starts a CompressJob with the form's
// values. Each compressed model becomes a run of the project named after its plugin and
// parameters, shown in the Evaluate, Explain and Structure views (so File > Export Model… writes
// it), while the Compress view stays and adds its row to the comparison with the original. The
// comparison is saved with the project, each row naming its run (ProjectController).
// Each compression is also a run of the project's run database (kind "compress"): begun once the
// job names its device, ended finished (with the comparison's numbers), cancelled or failed.

#include <QDateTime>
#include <QFileInfo>
#include <QStatusBar>
#include <utility>

#include "app/gui/evaluation_input_builder.h"
#include "app/gui/jobs/compress_job.h"
#include "app/gui/main_window.h"
#include "app/gui/project/project.h"
#include "app/gui/project/run_recorder.h"
#include "app/gui/project_controller.h"
#include "app/gui/workbench.h"
#include "plugins/api/plugin_manager.h"
#include "widgets/compress/compress_panel.h"
#include "widgets/evaluate/evaluate_panel.h"

namespace loupe::gui {
namespace {

/// The compressed model's "<split>.<metric>" on every split, and both comparison rows as
/// "original.<key>" and "compressed.<key>" (size_bytes, parameters, accuracy, size_ratio, ...).
std::map<std::string, double> compressionMetrics(const CompressOutcome& outcome) {
    nlohmann::json splits = nlohmann::json::object();
    for (const auto& [split, report] : outcome.result->reports) splits[split] = report;
    std::map<std::string, double> metrics = store::flattenMetrics({{"splits", splits}});
    metrics.merge(plugins::comparisonMetrics(outcome.original, outcome.compressed, outcome.split));
    return metrics;
}

}  // namespace

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
    connect(m_compressJob, &CompressJob::deviceChosen, this, [this](const QString& device) {
        if (!m_startingCompression) return;
        m_startingCompression->device = device.toStdString();
        m_compressHandle = m_recorder->begin(std::move(*m_startingCompression));
        m_startingCompression.reset();
    });
    connect(m_compressJob, &Job::failed, this, [this](const QString& message) {
        endCompressionEarly(store::RunStatus::Failed, message);
    });
    connect(m_compressJob, &Job::cancelled, this,
            [this] { endCompressionEarly(store::RunStatus::Cancelled, {}); });
    connect(m_compressJob, &CompressJob::finished, this,
            [this](std::shared_ptr<const CompressOutcome> outcome) {
                if (m_compressHandle != 0) {
                    // The folder follows once RunWriter has written it (setUpRuns).
                    auto metrics = compressionMetrics(*outcome);
                    m_recorder->finish(m_compressHandle, store::RunStatus::Finished, metrics);
                    m_recordedResults[outcome->result.get()] = {
                        m_compressHandle, store::RunStatus::Finished, std::move(metrics)};
                    m_compressHandle = 0;
                }
                // A result for a model no longer shown is still a run, but not a comparison row.
                const bool row = m_compressGeneration == m_compressStarted;
                if (row) {
                    if (m_compareRows.empty()) {
                        m_compareRows.push_back(outcome->original);
                        m_compareRuns.push_back(m_compressSourceRun);
                    }
                    m_compareRows.push_back(outcome->compressed);
                    m_compareRuns.emplace_back();  // its run's id once the project has it
                    m_compareSplit = outcome->split;
                }
                m_compress->onFinished(plugins::comparisonJson(m_compareRows, m_compareSplit),
                                       outcome->notes);
                showCompressed(*outcome);
                if (row) m_compareRuns.back() = m_project->currentRunId();
                emit compressionShown();
            });
}

void Workbench::compressRun(std::shared_ptr<const train::ExperimentResult> result) {
    if (!result) return;
    ++m_compressGeneration;
    m_compressSource = std::move(result);
    m_compressSourceFolder.clear();
    m_compressSourceRun.clear();
    m_compressTable = m_trainingTable;
    m_compareRows.clear();
    m_compareRuns.clear();
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
    // The source is the project's current run until a compression's run takes its place.
    if (m_compressSourceRun.isEmpty() && m_project->currentResult() == m_compressSource)
        m_compressSourceRun = m_project->currentRunId();
    // A comparison restored from a project whose original is not the model shown: a new one.
    if (!m_compareRuns.empty() && m_compareRuns.front() != m_compressSourceRun) {
        m_compareRows.clear();
        m_compareRuns.clear();
    }
    std::optional<plugins::ComparisonRow> original;
    if (!m_compareRows.empty()) original = m_compareRows.front();
    if (!m_compressJob->start(m_compressSource, m_compressTable, id, parameters, original))
        return m_compress->onFailed(tr("A compression is already running."));
    m_compressStarted = m_compressGeneration;
    recordCompressionStart(id, parameters);
    m_compress->onStarted();
    m_window->statusBar()->showMessage(tr("Compressing with %1…").arg(id));
}

CompressionComparison Workbench::compressionComparison() const {
    CompressionComparison comparison;
    if (m_compareRows.size() < 2) return comparison;
    comparison.split = m_compareSplit;
    for (size_t i = 0; i < m_compareRows.size(); ++i)
        comparison.models.push_back({m_compareRuns[i], m_compareRows[i]});
    return comparison;
}

void Workbench::restoreComparison(const CompressionComparison& comparison) {
    if (!m_compress) return;
    m_compareRows.clear();
    m_compareRuns.clear();
    for (const ComparedModel& model : comparison.models) {
        m_compareRows.push_back(model.row);
        m_compareRuns.push_back(model.run);
    }
    m_compareSplit = comparison.split;
    m_compress->setComparison(m_compareRows.empty()
                                  ? nlohmann::ordered_json()
                                  : plugins::comparisonJson(m_compareRows, m_compareSplit));
}

void Workbench::restoreCompressSource(std::shared_ptr<const train::ExperimentResult> result,
                                      const QString& id, const QString& folder) {
    if (!result || m_compareRuns.empty() || m_compareRuns.front() != id) return;
    auto rows = std::move(m_compareRows);
    auto runs = std::move(m_compareRuns);
    compressRun(std::move(result));  // a new source: it clears the rows, given back below
    m_compressSourceRun = id;
    m_compressSourceFolder = folder;
    m_compareRows = std::move(rows);
    m_compareRuns = std::move(runs);
    m_compress->setComparison(plugins::comparisonJson(m_compareRows, m_compareSplit));
    emit compressSourceRestored();
}

void Workbench::showCompressed(const CompressOutcome& outcome) {
    // Like a finished training run, except that the Compress view stays in front.
    m_project->addNamedRun(outcome.result, outcome.runName);
    explainRun(outcome.result);
    structureRun(*outcome.result);
    m_evaluate->setInput(evaluationInput(*outcome.result));
    m_window->statusBar()->showMessage(tr("Compressed: %1").arg(outcome.runName));
}

void Workbench::recordCompressionStart(const QString& id, const nlohmann::json& parameters) {
    // The source's folder is known while it is the project's current run and written (or it
    // was read back for a restored comparison).
    if (m_project->currentResult() == m_compressSource && !m_project->currentRunFolder().isEmpty())
        m_compressSourceFolder = m_project->currentRunFolder();
    const nlohmann::json& training = m_compressSource->training;
    nlohmann::json source = {{"parameters", m_compressSource->model.parameterCount()},
                             {"training", training}};
    if (!m_compressSourceFolder.isEmpty()) source["folder"] = m_compressSourceFolder.toStdString();
    store::RunRecord run;
    run.kind = "compress";
    run.name = compressedRunName(id.toStdString(), parameters).toStdString();
    run.config = {{"plugin", id.toStdString()}, {"parameters", parameters}, {"source", source}};
    run.datasetPath = m_compressTable->source();
    // A plugin that trains (distill) has its own seed; else the source's split seed.
    const auto seed = parameters.is_object() ? parameters.find("seed") : parameters.end();
    if (seed != parameters.end() && seed->is_number_integer() && seed->get<int64_t>() >= 0)
        run.seed = seed->get<uint64_t>();
    else if (training.is_object() && training.contains("seed") && training["seed"].is_number())
        run.seed = training["seed"].get<uint64_t>();
    run.device = "auto";
    run.startedAt = static_cast<double>(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    m_recorder->setDatabase(m_project->runDatabasePath());
    m_compressHandle = 0;
    m_startingCompression = std::move(run);
}

void Workbench::endCompressionEarly(store::RunStatus status, const QString& error) {
    if (m_compressHandle != 0) {
        m_recorder->finish(m_compressHandle, status, {}, {}, error);
    } else if (m_startingCompression) {  // it ended before the plugin began (a bad parameter)
        m_startingCompression->status = status;
        m_startingCompression->finishedAt =
            static_cast<double>(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
        m_startingCompression->error = error.toStdString();
        m_recorder->record(std::move(*m_startingCompression));
    }
    m_startingCompression.reset();
    m_compressHandle = 0;
}

}  // namespace loupe::gui
