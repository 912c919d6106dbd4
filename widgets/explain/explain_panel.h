#pragma once
// The Explain view: SHAP settings, Run/Stop with a progress bar, and the plots (Summary, Bar,
// Dependence, Force, Waterfall). It runs nothing itself: it asks for an explanation through
// runRequested() and shows what the app's explain job reports through its slots.

#include <QString>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>

#include "core/explain/explain_request.h"
#include "core/explain/shap_summary.h"
#include "core/train/experiment.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace loupe::widgets {

class ExplainPlots;
class ExplainSettings;

/// The Explain panel; see the file comment.
class ExplainPanel : public QWidget {
    Q_OBJECT
public:
    /// A panel saying "Train a model first".
    explicit ExplainPanel(QWidget* parent = nullptr);

    /// The trained run to explain (null: none); forgets the explanation of a previous run.
    void setRun(std::shared_ptr<const train::ExperimentResult> run);
    /// The run given to setRun().
    const std::shared_ptr<const train::ExperimentResult>& trainedRun() const { return m_run; }
    /// The request the settings describe.
    explain::ExplainRequest request() const;
    /// The request for data row `dataRow` alone, with the settings of the explanation shown (the
    /// current ones before the first), so it shares its background and base value.
    explain::ExplainRequest rowRequest(int64_t dataRow) const;
    /// True from Run until the job reports its end.
    bool isRunning() const { return m_running; }

    ExplainSettings* settings() const { return m_settings; }
    ExplainPlots* plots() const { return m_plots; }
    QPushButton* runButton() const { return m_runButton; }
    QPushButton* stopButton() const { return m_stopButton; }
    QProgressBar* progressBar() const { return m_progress; }
    /// The status line ("Train a model first", what ran, ...).
    QLabel* statusLabel() const { return m_status; }
    /// The inline error line (hidden when there is none).
    QLabel* errorLabel() const { return m_error; }

public slots:
    /// Emits runRequested() with request().
    void run();
    /// Shows data row `dataRow` in Force/Waterfall when it is explained, else emits
    /// rowExplainRequested(dataRow) (once per row) when a model is there.
    void showRow(int64_t dataRow);
    /// `done` of `total` rows explained.
    void onProgress(qint64 done, qint64 total);
    /// The explanation of a run: shown in every plot.
    void onFinished(std::shared_ptr<const loupe::explain::ShapExplanation> explanation);
    /// A row explained on its own (after rowExplainRequested): joins the row list and is shown.
    void onRowExplained(std::shared_ptr<const loupe::explain::ShapExplanation> explanation);
    /// The run failed; shows `message` inline.
    void onFailed(const QString& message);
    /// A row explained on its own failed; shows `message` inline, the plots stay.
    void onRowFailed(int64_t dataRow, const QString& message);
    /// The run was stopped.
    void onCancelled();

signals:
    /// The user asked to explain `request` with the run's model.
    void runRequested(const loupe::explain::ExplainRequest& request);
    /// Stop the running explanation.
    void stopRequested();
    /// Data row `dataRow` is not among the explained rows: explain it with rowRequest().
    void rowExplainRequested(int64_t dataRow);

private:
    void setRunning(bool running);
    void showError(const QString& message);

    std::shared_ptr<const train::ExperimentResult> m_run;
    std::optional<explain::ExplainRequest> m_shown, m_pending;  // of the plots, of the run
    std::set<int64_t> m_requestedRows;  // asked for on their own, not yet answered
    bool m_running = false;
    ExplainSettings* m_settings;
    ExplainPlots* m_plots;
    QPushButton *m_runButton, *m_stopButton;
    QProgressBar* m_progress;
    QLabel *m_status, *m_error;
};

}  // namespace loupe::widgets

Q_DECLARE_METATYPE(loupe::explain::ExplainRequest)
