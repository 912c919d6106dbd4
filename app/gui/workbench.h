#pragma once
// Workbench: wires the views together. The Data view's table and roles feed the Train view; a
// start there runs a TrainingJob whose reports go back to the Train view; a finished run fills
// the Evaluate view and shows it; a confusion-matrix cell asks the Data view for its rows. The
// finished run also goes to the Explain view, whose Run starts an ExplainJob; a row picked in the
// Data view is shown there (explained on its own by a second job when it was not among the rows).
// The Structure view draws each finished run's model and compares it with a model file. File >
// Export Model… and Export Report… write the shown run (ExportController). The Quality view's
// checks run as a QualityJob; its exclusions and relabels edit the table training uses.

#include <QObject>
#include <QString>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <memory>
#include <vector>

#include "core/data/row_edits.h"
#include "core/data/table.h"
#include "core/explain/explain_request.h"
#include "core/train/experiment.h"
#include "core/store/run_record.h"
#include "plugins/api/compression_comparison.h"

namespace loupe::widgets {
class CompressPanel;
class EvaluatePanel;
class ExplainPanel;
class QualityPanel;
class RunsPanel;
class StructurePanel;
class TrainingPanel;
}  // namespace loupe::widgets

namespace loupe::gui {

class CompressJob;
struct CompressOutcome;
struct CompressionComparison;
class CrossValidationJob;
class ExplainJob;
class ExportController;
class MainWindow;
class ProjectController;
class QualityJob;
class RunRecorder;
class SearchJob;
class TrainingJob;

/// Creates the Train and Evaluate pages in `window` and connects them to the Data view.
class Workbench : public QObject {
    Q_OBJECT
public:
    explicit Workbench(MainWindow* window);

    /// The Train view.
    widgets::TrainingPanel* trainingPanel() const { return m_training; }
    /// The Evaluate view.
    widgets::EvaluatePanel* evaluatePanel() const { return m_evaluate; }
    /// The job that trains.
    TrainingJob* trainingJob() const { return m_job; }
    /// The job that cross-validates the Train view's settings.
    CrossValidationJob* crossValidationJob() const { return m_cvJob; }
    /// The job that runs the Train view's hyperparameter search (workbench_search.cpp).
    SearchJob* searchJob() const { return m_searchJob; }
    /// The Explain view.
    widgets::ExplainPanel* explainPanel() const { return m_explain; }
    /// The job that explains the rows the Explain view's Run asks for.
    ExplainJob* explainJob() const { return m_explainJob; }
    /// The Runs view.
    widgets::RunsPanel* runsPanel() const { return m_runs; }
    /// Records the window's runs in the project's run database and answers the Runs view.
    RunRecorder* runRecorder() const { return m_recorder; }
    /// Records a run that already ended (a compression) in the project's run database, off the
    /// UI thread.
    void recordRun(store::RunRecord run, std::vector<store::EpochRow> epochs = {});
    /// The Structure view.
    widgets::StructurePanel* structurePanel() const { return m_structure; }
    /// Reads the model file `path` off the UI thread and shows it in the Structure view beside
    /// the run's model; comparisonShown() or comparisonFailed() tells how it went.
    void compareWithModelFile(const QString& path);
    /// The project behind the window (save, open, autosave).
    ProjectController* projectController() const { return m_project; }
    /// File > Export Model… and Export Report… of the shown run.
    ExportController* exportController() const { return m_export; }
    /// The Quality view.
    widgets::QualityPanel* qualityPanel() const { return m_quality; }
    /// The job that runs the Quality view's checks.
    QualityJob* qualityJob() const { return m_qualityJob; }
    /// Rows the Quality view left out of training or relabelled (of the Data view's table).
    const data::RowEdits& rowEdits() const { return m_edits; }
    /// The table training and the checks use: the Data view's, with the row edits applied.
    std::shared_ptr<const data::Table> trainingTable() const;
    /// Shows a run read back from a project in the Train, Evaluate and Explain views (the view
    /// shown stays); the Data view's table is taken as the one it learnt from.
    void restoreRun(std::shared_ptr<const train::ExperimentResult> result);
    /// The Compress view.
    widgets::CompressPanel* compressPanel() const { return m_compress; }
    /// The job that runs a compression plugin on the last trained or restored run.
    CompressJob* compressJob() const { return m_compressJob; }
    /// The Compress view's comparison as a project keeps it (empty before a compression).
    CompressionComparison compressionComparison() const;
    /// Shows `comparison` read back from a project (empty: clears it), after restoreRun(). Run
    /// goes on adding to it while what Run compresses is its original; else Run starts a new one.
    void restoreComparison(const CompressionComparison& comparison);
    /// Makes `result`, the comparison's original read back (run `id` kept in `folder`), what
    /// Run compresses, so new rows join the restored ones; ignored when it is not the original.
    void restoreCompressSource(std::shared_ptr<const train::ExperimentResult> result,
                               const QString& id, const QString& folder);

signals:
    /// A run finished and the Evaluate view shows it.
    void evaluationShown();
    /// An explanation finished and the Explain view shows it.
    void explanationShown();
    /// The Structure view shows a model file beside the run's model.
    void comparisonShown();
    /// The Quality view shows the checks' results.
    void qualityShown();
    /// The Runs view's export wrote `file` (`error` empty) or could not (`error` says why).
    void runsExported(const QString& file, const QString& error);
    /// A model file to compare could not be read (the Structure view shows `message` too).
    void comparisonFailed(const QString& message);
    /// A compression finished: its run is in the project and its row in the Compress view.
    void compressionShown();
    /// The Compress view compresses the restored comparison's original (restoreCompressSource).
    void compressSourceRestored();
    /// A compression failed (the Compress view shows `message` too).
    void compressionFailed(const QString& message);

private:
    void sendDataset();
    void startTraining(const train::ExperimentRequest& request, const QString& device);
    void showResult(std::shared_ptr<const train::ExperimentResult> result);
    void setUpCrossValidation();
    void setUpSearch();

    // Projects and the status bar (workbench_project.cpp).
    void setUpProjects();

    // The Runs view and the run database (workbench_runs.cpp).
    void setUpRuns();
    void recordTrainingStart(const train::ExperimentRequest& request, const QString& device);
    void endTrainingEarly(store::RunStatus status, const QString& error);

    // The Structure view (workbench_structure.cpp).
    void setUpStructure();
    void structureRun(const train::ExperimentResult& result);
    void chooseComparison();

    // The Quality view and the row edits (workbench_quality.cpp).
    void setUpQuality();
    void startQuality(int64_t folds);
    void editRows(data::RowEdits edits);
    void checkLeakageLater();

    // The Compress view (workbench_compress.cpp).
    void setUpCompress();
    void compressRun(std::shared_ptr<const train::ExperimentResult> result);
    void startCompress(const QString& id, const nlohmann::json& parameters);
    void showCompressed(const CompressOutcome& outcome);
    void recordCompressionStart(const QString& id, const nlohmann::json& parameters);
    void endCompressionEarly(store::RunStatus status, const QString& error);

    // The Explain view (workbench_explain.cpp).
    void setUpExplain();
    void explainRun(std::shared_ptr<const train::ExperimentResult> result);
    void startExplain(const explain::ExplainRequest& request);
    void explainDataRow(int64_t dataRow);
    void queueRow(int64_t dataRow);
    void startNextRow();

    MainWindow* m_window;
    widgets::TrainingPanel* m_training;
    widgets::EvaluatePanel* m_evaluate;
    TrainingJob* m_job;
    CrossValidationJob* m_cvJob = nullptr;
    SearchJob* m_searchJob = nullptr;

    ProjectController* m_project = nullptr;
    ExportController* m_export = nullptr;

    widgets::RunsPanel* m_runs = nullptr;
    RunRecorder* m_recorder = nullptr;
    int m_trainingHandle = 0, m_explainHandle = 0;  // RunRecorder handles of the runs going
    std::optional<store::RunRecord> m_startingRun;  // begun once the job names its device
    int m_detailsGeneration = 0;                    // details of an older selection are dropped
    struct RecordedEnd {
        int handle = 0;
        store::RunStatus status = store::RunStatus::Finished;
        std::map<std::string, double> metrics;
    };
    // Training and compression runs that ended and whose folder RunWriter is still writing.
    std::map<const train::ExperimentResult*, RecordedEnd> m_recordedResults;

    widgets::StructurePanel* m_structure = nullptr;
    int m_compareGeneration = 0;  // a file read for an older run is dropped

    widgets::QualityPanel* m_quality = nullptr;
    QualityJob* m_qualityJob = nullptr;
    data::RowEdits m_edits;
    std::shared_ptr<const data::Table> m_editsSource;  // the table as read the edits belong to
    mutable std::shared_ptr<const data::Table> m_editedTable, m_editedFrom;  // cached
    int m_leakageGeneration = 0;  // a check for older settings is dropped
    std::shared_ptr<const data::Table> m_qualitySource;  // the Data view's table the checks read

    widgets::CompressPanel* m_compress = nullptr;
    CompressJob* m_compressJob = nullptr;
    std::shared_ptr<const train::ExperimentResult> m_compressSource;  // what Run compresses
    std::shared_ptr<const data::Table> m_compressTable;  // the table it learnt from
    std::vector<plugins::ComparisonRow> m_compareRows;   // the original first
    std::vector<QString> m_compareRuns;  // the project's run id of each row; empty: none
    QString m_compressSourceRun;         // the project's run id of m_compressSource, once known
    std::string m_compareSplit;
    int m_compressGeneration = 0, m_compressStarted = 0;  // a row for an older source is dropped
    int m_compressHandle = 0;  // the RunRecorder handle of the compression going
    std::optional<store::RunRecord> m_startingCompression;  // begun once the job names its device
    QString m_compressSourceFolder;  // the source run's folder, once written

    widgets::ExplainPanel* m_explain = nullptr;
    ExplainJob* m_explainJob = nullptr;
    ExplainJob* m_rowJob = nullptr;  // one extra row at a time, beside a running explanation
    std::shared_ptr<const data::Table> m_trainingTable, m_trainingSource;  // when Start was pressed
    std::shared_ptr<const data::Table> m_explainTable;   // the table the explained run learnt from
    std::shared_ptr<const data::Table> m_explainSource;  // the same as read (row ids match it)
    std::deque<int64_t> m_rowQueue;
    int64_t m_rowInFlight = -1;
    int m_runGeneration = 0, m_rowGeneration = 0;  // a row of a replaced run is dropped
};

}  // namespace loupe::gui
