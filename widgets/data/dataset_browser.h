#pragma once
// DatasetBrowser: the Data view. A virtual table of the dataset with a text filter, sorting, a
// target chooser, per-column roles and types (header menu or side panel), column statistics,
// and a chip when only a subset of rows is shown (e.g. one confusion-matrix cell). A computed
// column (the Quality view's outlier scores) may follow the dataset's; the rows' context menu asks
// for the selected rows to be left out of training.

#include <QWidget>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/data/table.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace loupe::widgets {

class ColumnStatsPanel;
class DatasetModel;
class RowProxyModel;
class SubsetChip;

/// Table, filter, roles and statistics of one dataset.
class DatasetBrowser : public QWidget {
    Q_OBJECT
public:
    explicit DatasetBrowser(QWidget* parent = nullptr);

    /// Shows `table` (null: nothing) with default roles and no target.
    void setTable(std::shared_ptr<const data::Table> table);
    /// Makes the named column the target; false when there is no such column.
    bool setTarget(const QString& name);
    /// Shows only `rows` (table row indices) with a chip saying `description` and a clear button.
    void showRows(std::vector<int64_t> rows, const QString& description);
    /// Shows every row again and hides the chip.
    void showAllRows();
    /// Filters rows by text, as typing in the filter box does, without its typing delay (a large
    /// table is filtered on a worker: rows()->busy() until rows()->rowsChanged()).
    void setFilterText(const QString& text);

    /// Shows `values` (numeric, one per table row) as a read-only column after the dataset's,
    /// replacing the one shown; false when it does not fit the table. A new table drops it.
    bool setComputedColumn(std::shared_ptr<const data::Column> values, const QString& description);
    /// Removes the computed column.
    void clearComputedColumn();
    /// The table rows of the selected cells, ascending, each once.
    std::vector<int64_t> selectedRows() const;
    /// "Exclude selected rows from training" of the rows' context menu: emits
    /// excludeRowsRequested with selectedRows().
    QAction* excludeRowsAction() const { return m_excludeRows; }

    DatasetModel* model() const { return m_model; }
    RowProxyModel* rows() const { return m_rows; }
    QTableView* view() const { return m_view; }

signals:
    /// The table, the target, a role or a type changed: what training would use changed.
    void datasetChanged();
    /// The table view's current row moved to table row `dataRow` (0-based, as in the file).
    void currentRowChanged(int64_t dataRow);
    /// The user asked to leave these table rows (0-based, ascending) out of training.
    void excludeRowsRequested(const std::vector<int64_t>& rows);

private:
    void showHeaderMenu(const QPoint& pos);
    void showRowMenu(const QPoint& pos);
    void fitColumnsToNames();
    void refreshTargetChoices();
    void refreshCount();

    DatasetModel* m_model;
    RowProxyModel* m_rows;
    QTableView* m_view;
    ColumnStatsPanel* m_stats;
    QComboBox* m_target;
    QLineEdit* m_filter;
    QTimer* m_filterDelay;
    QLabel* m_count;
    SubsetChip* m_chip;
    QAction* m_excludeRows;
};

}  // namespace loupe::widgets
