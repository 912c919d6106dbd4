#pragma once
// RowProxyModel: sorts and filters a DatasetModel by permuting row indices. Sorting and filtering
// are core functions over an index vector (data::sortRows, data::rowsContaining), which stays fast
// for millions of rows where QSortFilterProxyModel's per-row callbacks are not. Large work (a text
// search over a million rows takes about a second) runs on a worker thread: the rows shown stay
// until the new ones are ready, and a newer request cancels an older one. It may add one computed
// column after the dataset's (e.g. the Quality view's outlier scores): read-only, sortable like the
// others, drawn apart from them, dropped when the table changes.

#include <QAbstractProxyModel>
#include <QString>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

template <typename T>
class QFutureWatcher;

namespace loupe::data {
struct Column;
}

namespace loupe::widgets {

class DatasetModel;

/// The rows of a DatasetModel shown: optionally only a given subset, filtered by text, sorted.
class RowProxyModel : public QAbstractProxyModel {
    Q_OBJECT
public:
    /// Row indices shared with a worker without a copy.
    using Rows = std::shared_ptr<const std::vector<int64_t>>;

    explicit RowProxyModel(QObject* parent = nullptr);
    /// Cancels work still running; its result is dropped.
    ~RowProxyModel() override;

    /// Views `model`, which must be a DatasetModel (others are refused with a null source).
    void setSourceModel(QAbstractItemModel* model) override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex& proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex& sourceIndex) const override;
    /// Orders the rows by `column` (missing values last); -1 restores the table's order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    /// Cells, alignment and tint of the computed column; the dataset's otherwise.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    /// The computed column's header; the dataset's otherwise.
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    /// Read-only cells, selectable, as the dataset's.
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    /// Shows `values` (numeric, one per table row; missing as NaN) as a computed column after the
    /// dataset's, named by its name and described by `description` (its tooltip), replacing the
    /// one shown. False, and nothing changes, when it does not fit the table.
    bool setComputedColumn(std::shared_ptr<const data::Column> values, const QString& description);
    /// Removes the computed column (the table's order returns when it was sorted by it).
    void clearComputedColumn();
    /// The computed column's index, or -1 when there is none.
    int computedColumn() const;

    /// Shows only rows where some cell contains `text` (ignoring letter case); empty shows all.
    void setFilterText(const QString& text);
    QString filterText() const { return QString::fromStdString(m_filter); }
    /// Shows only `rows` (table row indices; out-of-range ones are dropped), described for the
    /// user.
    void setRowSubset(std::vector<int64_t> rows, const QString& description);
    /// Shows every row again.
    void clearRowSubset();
    bool hasRowSubset() const { return m_subset != nullptr; }
    QString rowSubsetDescription() const { return m_subsetDescription; }
    /// The number of rows before the text filter (the subset's size, or the table's).
    int64_t unfilteredCount() const;
    /// The table row shown at `row`.
    int64_t sourceRow(int row) const { return m_rows->at(static_cast<size_t>(row)); }
    /// The table rows shown, in display order.
    Rows shownRows() const { return m_rows; }
    /// True when every table row is shown (no subset, no filter; sorting aside).
    bool showsAllRows() const { return !m_subset && m_filter.empty(); }

    /// True while new rows are being computed off the UI thread.
    bool busy() const { return m_pending != nullptr; }
    /// Work over at least this many cells (the cells a text filter reads plus the rows a sort
    /// moves) runs off the UI thread; 0 sends every filter and sort there (tests use it).
    void setBackgroundCells(int64_t cells) { m_backgroundCells = cells; }

signals:
    /// The shown rows changed (filter, subset, sort or a new table).
    void rowsChanged();
    /// Rows started (true) or finished (false) being computed off the UI thread.
    void busyChanged(bool busy);

private:
    void rebuild();
    void cancelPending();
    void showRows(Rows rows);

    DatasetModel* m_dataset = nullptr;
    Rows m_rows;
    Rows m_subset;                                   ///< null: every table row
    std::shared_ptr<const data::Column> m_computed;  ///< null: no computed column
    QString m_computedDescription;
    QString m_subsetDescription;
    std::string m_filter;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int64_t m_backgroundCells;
    QFutureWatcher<Rows>* m_pending = nullptr;
    std::stop_source m_stop;
};

}  // namespace loupe::widgets
