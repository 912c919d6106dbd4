#pragma once
// The Train view: a model builder, the training, preprocessing and class-imbalance settings,
// Start/Cross-validate/Pause/Resume/Stop, a progress bar with ETA, live curves, a
// cross-validation tab and a hyperparameter search tab (SearchPanel). It runs nothing itself: it
// asks for a run through startRequested(), crossValidationRequested() or searchRequested() and
// shows what the app's jobs report through its slots.

#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/data/table.h"
#include "core/search/search.h"
#include "core/train/cross_validation.h"
#include "core/train/experiment.h"
#include "core/train/training_progress.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace loupe::widgets {

class CrossValidationView;
class HyperparameterForm;
class ImbalanceSettings;
class ModelBuilder;
class PreprocessingSettings;
class SearchPanel;
class TrainingCharts;

/// The Training panel; see the file comment.
class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    enum class RunState { Idle, Running, Paused, Stopping };

    /// An empty panel with the CLI's defaults; asks core which CUDA devices answer.
    explicit TrainingPanel(QWidget* parent = nullptr);

    /// The run the settings describe, for the dataset's target and features.
    train::ExperimentRequest request() const;
    /// Shows the model and training settings of `request` (the inverse of request(); its target
    /// and features come from the Data view and are not shown here). No hidden layers selects
    /// logistic/linear regression and keeps the layers listed.
    void setRequest(const train::ExperimentRequest& request);
    /// "auto", "cpu" or "cuda:N".
    QString device() const;
    /// Where the run is, as far as the panel knows.
    RunState runState() const { return m_state; }
    /// The dataset given to setDataset().
    std::shared_ptr<const data::Table> dataset() const { return m_table; }

    /// The model builder.
    ModelBuilder* modelBuilder() const { return m_builder; }
    /// The training settings.
    HyperparameterForm* hyperparameters() const { return m_form; }
    /// The class-imbalance settings and their before/after chart.
    ImbalanceSettings* imbalance() const { return m_imbalance; }
    /// The preprocessing settings (imputation, scaling, encoding, log and drop columns).
    PreprocessingSettings* preprocessing() const { return m_preprocessing; }
    /// The live curves.
    TrainingCharts* charts() const { return m_charts; }
    /// The cross-validation tab's curves and table.
    CrossValidationView* crossValidation() const { return m_cv; }
    /// The hyperparameter search tab.
    SearchPanel* search() const { return m_search; }
    /// The tabs: the training curves (0), cross-validation (1) and search (2).
    QTabWidget* tabs() const { return m_tabs; }
    /// Folds of Cross-validate; 0 when it is off.
    int cvFolds() const;
    /// Shows `folds` (below 2: off).
    void setCvFolds(int folds);
    /// The data-quality warnings line (hidden when there are none).
    QLabel* warningLabel() const { return m_warnings; }
    /// The inline error line (hidden when there is none).
    QLabel* errorLabel() const { return m_error; }
    /// The status line beside the buttons.
    QLabel* statusLabel() const { return m_status; }
    /// The progress bar.
    QProgressBar* progressBar() const { return m_progress; }
    /// Start, pause, resume and stop buttons.
    QPushButton* startButton() const { return m_start; }
    QPushButton* crossValidateButton() const { return m_crossValidate; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* resumeButton() const { return m_resume; }
    QPushButton* stopButton() const { return m_stop; }

public slots:
    /// The dataset to train on, its target column and the chosen features (empty: all usable).
    void setDataset(std::shared_ptr<const loupe::data::Table> table, const QString& target,
                    const QStringList& features);
    /// Shows data-quality warnings (leakage) above the curves; they do not block Start. Empty
    /// hides the line.
    void setWarnings(const QStringList& warnings);
    /// Emits startRequested() with request() and clears the charts.
    void start();
    /// The job prepared the data: names the metric and shows the split and device.
    void onSetup(const loupe::train::TrainingSetup& setup);
    /// Epochs finished since the last report.
    void onEpoch(const loupe::train::EpochProgress& progress);
    /// The latest mini-batch.
    void onBatch(const loupe::train::BatchProgress& progress);
    /// The run ended with a model (a stopped run too).
    void onFinished(std::shared_ptr<const loupe::train::ExperimentResult> result);
    /// The run failed; shows `message` inline.
    void onFailed(const QString& message);
    /// The run was stopped before it had a model.
    void onCancelled();
    /// Emits crossValidationRequested() with request() and the folds, and clears that tab.
    void crossValidate();
    /// `done` of `total` epochs of all folds; `stage` names the fold.
    void onCrossValidationProgress(qint64 done, qint64 total, const QString& stage);
    /// The cross-validation ended: shows its curves and table.
    void onCrossValidationFinished(std::shared_ptr<const loupe::train::CrossValidation> result);
    /// A search's trial ended (the Search tab's leaderboard takes it).
    void onSearchTrial(const loupe::search::Trial& trial, qint64 planned, const QString& metric);
    /// The search ended (a stopped one too): the leaderboard shows its trials.
    void onSearchFinished(std::shared_ptr<const loupe::search::SearchResult> result);
    /// Draws a finished run's curves without a job (a run read back from a project); an empty
    /// history clears the charts and the progress.
    void showHistory(const loupe::train::History& history);
    /// Shows a finished run as onFinished() does: its curves and its summary line.
    void showResult(const loupe::train::ExperimentResult& result);

signals:
    /// The user asked to train `request` on the dataset, on `device`.
    void startRequested(const loupe::train::ExperimentRequest& request, const QString& device);
    /// The user asked to cross-validate `request` with `folds` folds on `device`.
    void crossValidationRequested(const loupe::train::ExperimentRequest& request,
                                  const QString& device, int folds);
    /// The user asked to search `space` (loupe-cli search --space's JSON) on top of `request`
    /// with `options` (its seed the training settings') on `device`.
    void searchRequested(const loupe::train::ExperimentRequest& request, const QString& device,
                         const nlohmann::json& space, const loupe::search::SearchOptions& options);
    /// Pause, resume or stop the running job.
    void pauseRequested();
    void resumeRequested();
    void stopRequested();
    /// The user edited the model or a training setting.
    void changed();

private:
    void setRunState(RunState state);
    void showError(const QString& message);
    void showSummary(const train::ExperimentResult& result);
    void refreshClassCounts();
    void refreshColumns();
    void begin(const QString& status);
    void setUpSearch();
    void trainBest(const nlohmann::json& params);
    void startWith(const train::ExperimentRequest& request);

    std::shared_ptr<const data::Table> m_table;
    QString m_target;
    QStringList m_features;
    RunState m_state = RunState::Idle;
    bool m_crossValidating = false;  // the running job is a cross-validation
    bool m_searching = false;        // the running job is a search

    ModelBuilder* m_builder;
    HyperparameterForm* m_form;
    ImbalanceSettings* m_imbalance;
    PreprocessingSettings* m_preprocessing;
    TrainingCharts* m_charts;
    CrossValidationView* m_cv;
    SearchPanel* m_search;
    QTabWidget* m_tabs;
    QLabel *m_dataset, *m_status, *m_info, *m_eta, *m_error, *m_warnings;
    QProgressBar* m_progress;
    QPushButton *m_start, *m_crossValidate, *m_pause, *m_resume, *m_stop;
};

}  // namespace loupe::widgets

Q_DECLARE_METATYPE(loupe::train::ExperimentRequest)
