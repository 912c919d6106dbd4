// Workbench, the Quality view's part: Run checks starts a QualityJob on the table training would
// use with the Train view's settings; its leakage warnings also go to the Train view. The view's
// exclusions and relabels are kept here as row edits of the Data view's table and applied to the
// table every training run and check gets (an excluded row keeps its number with a missing
// target, so runs, the Data view and explanations still agree on row numbers). Whenever what
// training would use changes, a leakage check runs off the UI thread so the Train view warns
// before Start. The outlier scores also show in the Data view as a computed column (until what
// they were computed on changes), whose row menu excludes rows as the Quality view does.

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <utility>

#include "app/gui/jobs/quality_job.h"
#include "app/gui/main_window.h"
#include "app/gui/workbench.h"
#include "core/data/leakage.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/dataset_model.h"
#include "widgets/quality/quality_panel.h"
#include "widgets/train/training_panel.h"

namespace loupe::gui {
namespace {

QStringList messages(const std::vector<data::LeakageWarning>& warnings) {
    QStringList lines;
    for (const data::LeakageWarning& w : warnings) lines << QString::fromStdString(w.message);
    return lines;
}

/// The leakage warnings of training `request` on `table`; none when it cannot be prepared (no
/// target yet: Start says why).
std::vector<data::LeakageWarning> leakageOf(std::shared_ptr<const data::Table> table,
                                            train::ExperimentRequest request) {
    try {
        const train::PreparedExperiment prepared = train::prepareExperiment(*table, request);
        return data::checkLeakage(*table, prepared.features, request.target, prepared.target,
                                  prepared.split);
    } catch (const std::exception&) {
        return {};
    }
}

/// The report's outlier scores as the Data view's computed column; the caller has checked that the
/// browser still shows the table the checks read (they are per row of it).
void showOutlierColumn(widgets::DatasetBrowser* browser, const widgets::QualityReport& report) {
    auto scores = std::make_shared<data::Column>();
    scores->name = Workbench::tr("outlier score").toStdString();
    scores->numeric = report.outlierScores;
    browser->setComputedColumn(
        std::move(scores),
        Workbench::tr("Isolation Forest outlier score from the Quality view's checks "
                      "(higher: more unusual). Computed, not a column of the file, "
                      "and not used for training."));
}

}  // namespace

void Workbench::setUpQuality() {
    widgets::DatasetBrowser* browser = m_window->dataBrowser();
    m_quality = new widgets::QualityPanel;
    m_qualityJob = new QualityJob(this);
    m_window->setViewPage(View::Quality, m_quality);
    connect(m_quality, &widgets::QualityPanel::runRequested, this,
            [this](qint64 folds) { startQuality(folds); });
    connect(m_quality, &widgets::QualityPanel::stopRequested, m_qualityJob, &Job::stop);
    connect(m_qualityJob, &QualityJob::progress, m_quality, &widgets::QualityPanel::onProgress);
    connect(m_qualityJob, &Job::failed, m_quality, &widgets::QualityPanel::onFailed);
    connect(m_qualityJob, &Job::cancelled, m_quality, &widgets::QualityPanel::onCancelled);
    connect(m_qualityJob, &QualityJob::finished, this,
            [this](std::shared_ptr<const widgets::QualityReport> report) {
                m_training->setWarnings(messages(report->leakage));
                if (m_qualitySource && m_window->dataBrowser()->model()->table() == m_qualitySource)
                    showOutlierColumn(m_window->dataBrowser(), *report);
                m_quality->showReport(std::move(report));
                emit qualityShown();
            });
    connect(m_quality, &widgets::QualityPanel::showRowsRequested, this,
            [this](std::vector<int64_t> rows, const QString& description) {
                m_window->dataBrowser()->showRows(std::move(rows), description);
                m_window->showView(View::Data);
            });
    auto exclude = [this](const std::vector<int64_t>& rows) {
        data::RowEdits edits = m_edits;
        edits.excluded.insert(rows.begin(), rows.end());
        editRows(std::move(edits));
    };
    connect(m_quality, &widgets::QualityPanel::excludeRequested, this, exclude);
    connect(browser, &widgets::DatasetBrowser::excludeRowsRequested, this, exclude);
    // Scores of other features, types or another table would be wrong: the column goes.
    connect(browser, &widgets::DatasetBrowser::datasetChanged, this, [this, browser] {
        m_qualitySource.reset();
        browser->clearComputedColumn();
    });
    connect(m_quality, &widgets::QualityPanel::relabelRequested, this,
            [this](const widgets::RowLabels& labels) {
                data::RowEdits edits = m_edits;
                for (const auto& [row, label] : labels) edits.relabelled[row] = label;
                editRows(std::move(edits));
            });
    connect(m_quality, &widgets::QualityPanel::clearEditsRequested, this, [this] { editRows({}); });
    connect(m_training, &widgets::TrainingPanel::changed, this, &Workbench::checkLeakageLater);
}

std::shared_ptr<const data::Table> Workbench::trainingTable() const {
    const widgets::DatasetModel* model = m_window->dataBrowser()->model();
    auto typed = model->typedTable();
    if (!typed || m_edits.empty() || model->table() != m_editsSource) return typed;
    if (m_editedTable && m_editedFrom == typed) return m_editedTable;
    try {
        m_editedTable = std::make_shared<const data::Table>(
            data::applyRowEdits(*typed, model->targetName().toStdString(), m_edits));
    } catch (const std::exception&) {
        return typed;  // the target changed since the edits: they do not apply
    }
    m_editedFrom = std::move(typed);
    return m_editedTable;
}

void Workbench::editRows(data::RowEdits edits) {
    m_edits = std::move(edits);
    m_editsSource = m_window->dataBrowser()->model()->table();
    m_editedTable.reset();
    m_editedFrom.reset();
    m_quality->setEdits(static_cast<qint64>(m_edits.excluded.size()),
                        static_cast<qint64>(m_edits.relabelled.size()));
    sendDataset();
}

void Workbench::startQuality(int64_t folds) {
    const auto table = trainingTable();
    if (!table) return m_quality->onFailed(tr("Open a dataset first."));
    if (m_training->request().target.empty())
        return m_quality->onFailed(tr("Choose a target column in the Data view first."));
    if (!m_qualityJob->start(table, m_training->request(), folds, m_training->device()))
        return m_quality->onFailed(tr("The checks are already running."));
    m_qualitySource = m_window->dataBrowser()->model()->table();
}

void Workbench::checkLeakageLater() {
    const int generation = ++m_leakageGeneration;
    const auto table = trainingTable();
    const train::ExperimentRequest request = m_training->request();
    if (!table || request.target.empty()) return m_training->setWarnings({});
    using Warnings = std::vector<data::LeakageWarning>;
    auto* watcher = new QFutureWatcher<Warnings>(this);
    connect(watcher, &QFutureWatcher<Warnings>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_leakageGeneration) m_training->setWarnings(messages(watcher->result()));
    });
    watcher->setFuture(QtConcurrent::run(leakageOf, table, request));
}

}  // namespace loupe::gui
