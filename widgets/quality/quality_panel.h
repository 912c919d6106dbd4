#pragma once
// The Quality view: Run checks (asked of the app through runRequested(), with progress and Stop),
// then the leakage warnings as one-line messages, the Isolation Forest outlier scores as a
// histogram and a sortable table of the most anomalous rows, and the likely label errors found by
// confident learning (row, given, suggested, confidence). Selected rows can be shown in the Data
// view, left out of training or (label errors) given their suggested label; the app keeps these
// edits and says how many there are through setEdits().

#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "widgets/quality/quality_report.h"

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace loupe::widgets {

class BarChart;

/// Rows with the class name each should take.
using RowLabels = std::vector<std::pair<int64_t, std::string>>;

/// The Quality panel; see the file comment.
class QualityPanel : public QWidget {
    Q_OBJECT
public:
    /// Rows listed at most in each table (the histogram covers every row).
    static constexpr int kMaxListed = 500;

    explicit QualityPanel(QWidget* parent = nullptr);

    /// The report shown, or null.
    const std::shared_ptr<const QualityReport>& report() const { return m_report; }
    /// Folds for the label check.
    int64_t folds() const;

    QPushButton* runButton() const { return m_run; }
    QPushButton* stopButton() const { return m_stop; }
    QSpinBox* foldsBox() const { return m_folds; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    QListWidget* leakageList() const { return m_leakage; }
    BarChart* outlierHistogram() const { return m_histogram; }
    QTableWidget* outlierTable() const { return m_outliers; }
    QTableWidget* labelTable() const { return m_labels; }
    QLabel* editsLabel() const { return m_edits; }
    QPushButton* excludeOutliersButton() const { return m_excludeOutliers; }
    QPushButton* showOutliersButton() const { return m_showOutliers; }
    QPushButton* showLabelRowsButton() const { return m_showLabels; }
    QPushButton* relabelButton() const { return m_relabel; }
    QPushButton* excludeLabelRowsButton() const { return m_excludeLabels; }
    QPushButton* clearEditsButton() const { return m_clearEdits; }

public slots:
    /// Asks for a run (runRequested) and shows it as running.
    void run();
    /// The checks are running: `done` of `total` steps (0 of 0: a step without a count).
    void onProgress(qint64 done, qint64 total, const QString& stage);
    /// Shows what the checks found.
    void showReport(std::shared_ptr<const loupe::widgets::QualityReport> report);
    /// The checks failed; shows `message`.
    void onFailed(const QString& message);
    /// The checks were stopped.
    void onCancelled();
    /// How many rows are left out of training and relabelled (the app's edits).
    void setEdits(qint64 excluded, qint64 relabelled);

signals:
    /// Run the checks with `folds` folds.
    void runRequested(qint64 folds);
    /// Stop the running checks.
    void stopRequested();
    /// Show these data rows in the Data view.
    void showRowsRequested(std::vector<int64_t> rows, const QString& description);
    /// Leave these data rows out of training.
    void excludeRequested(std::vector<int64_t> rows);
    /// Give each row its label (row, class name).
    void relabelRequested(loupe::widgets::RowLabels labels);
    /// Forget every exclusion and relabel.
    void clearEditsRequested();

private:
    void setRunning(bool running);
    void fillOutliers();
    void fillLabels();
    std::vector<int64_t> selectedRows(QTableWidget* table) const;

    std::shared_ptr<const QualityReport> m_report;
    QPushButton *m_run, *m_stop;
    QSpinBox* m_folds;
    QProgressBar* m_progress;
    QLabel *m_status, *m_outlierNote, *m_labelNote, *m_edits;
    QListWidget* m_leakage;
    BarChart* m_histogram;
    QTableWidget *m_outliers, *m_labels;
    QPushButton *m_excludeOutliers, *m_showOutliers, *m_showLabels, *m_relabel, *m_excludeLabels,
        *m_clearEdits;
};

}  // namespace loupe::widgets

Q_DECLARE_METATYPE(loupe::widgets::RowLabels)
