#pragma once
// RunsPanel: the Runs view. A filter bar (text, status, kind, archived), the runs table, the
// notes and tags of the run picked, actions on the selection (archive, unarchive, delete, export
// CSV), and below them the comparison of the selected runs (RunComparison). It holds no database:
// every change of the filter or order asks for a query (queryChanged) and the answer comes back
// through setPage(), so the app runs the query on a worker and keeps only the newest answer.

#include <QWidget>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/store/run_database.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace loupe::widgets {

class RunComparison;
class RunsTableModel;

/// See the file comment.
class RunsPanel : public QWidget {
    Q_OBJECT
public:
    /// What the delete question answered.
    enum class DeleteAnswer { Cancel, RunsOnly, RunsAndFolders };

    explicit RunsPanel(QWidget* parent = nullptr);

    /// The query the filter bar and the sorted column describe (metrics: the shown columns).
    store::RunQuery query() const;
    /// Shows the runs a query found; `metricNames` are every metric the database knows, `total`
    /// how many runs it holds. Returns the runs shown before, for the caller to free off the UI
    /// thread.
    std::vector<store::RunRecord> setPage(std::vector<store::RunRecord> runs,
                                          const std::vector<std::string>& metricNames,
                                          int64_t total);
    /// The selected runs in full (every metric) with their histories, for the comparison.
    void setDetails(std::vector<store::RunRecord> runs,
                    std::vector<std::vector<store::EpochRow>> histories);
    /// The ids of the selected runs, in table order.
    std::vector<int64_t> selectedIds() const;

    /// Asks before deleting `count` runs; tests replace it.
    std::function<DeleteAnswer(int count)> askDelete;
    /// Asks where to export the CSV (empty: cancelled); tests replace it.
    std::function<QString()> chooseCsvFile;

    RunsTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    QComboBox* statusCombo() const { return m_status; }
    QComboBox* kindCombo() const { return m_kind; }
    QCheckBox* archivedCheck() const { return m_archived; }
    QLineEdit* notesEdit() const { return m_notes; }
    QLineEdit* tagsEdit() const { return m_tags; }
    RunComparison* comparison() const { return m_comparison; }

public slots:
    /// Asks for the runs again (queryChanged) with the current filter and order.
    void refresh();
    /// Archives (or brings back) the selected runs.
    void archiveSelected(bool archived);
    /// Asks, then deletes the selected runs.
    void deleteSelected();
    /// Asks for a file, then exports the shown runs there.
    void exportCsv();

signals:
    /// The runs wanted now.
    void queryChanged(const loupe::store::RunQuery& query);
    /// Other runs are selected: their details are wanted (setDetails).
    void detailsRequested(const std::vector<int64_t>& ids);
    void archiveRequested(const std::vector<int64_t>& ids, bool archived);
    void deleteRequested(const std::vector<int64_t>& ids, bool withFolders);
    /// The shown runs (the current query, every metric) are wanted as CSV in `file`.
    void exportRequested(const loupe::store::RunQuery& query, const QString& file);
    void notesEdited(qint64 id, const QString& notes);
    void tagsEdited(qint64 id, const QStringList& tags);

private:
    void onSelectionChanged();
    void updateActions();

    RunsTableModel* m_model;
    QTableView* m_table;
    QLineEdit* m_filter;
    QComboBox* m_status;
    QComboBox* m_kind;
    QCheckBox* m_archived;
    QLabel* m_count;
    QPushButton *m_archive, *m_unarchive, *m_delete, *m_export;
    QLineEdit* m_notes;
    QLineEdit* m_tags;
    RunComparison* m_comparison;
    std::string m_orderBy = "id";
    bool m_descending = true;
    bool m_userColumns = false;
    std::set<std::string> m_kinds;
    std::vector<std::string> m_allMetrics;
    std::vector<int64_t> m_selected;
    std::vector<store::RunRecord> m_details;
};

}  // namespace loupe::widgets

Q_DECLARE_METATYPE(loupe::store::RunQuery)
Q_DECLARE_METATYPE(std::vector<int64_t>)
