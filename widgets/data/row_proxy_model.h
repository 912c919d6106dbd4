#pragma once
// RowProxyModel: sorts and filters a DatasetModel by permuting row indices. Sorting and filtering
// are core functions over an index vector (data::sortRows, data::rowsContaining), which stays fast
// for millions of rows where QSortFilterProxyModel's per-row callbacks are not.

#include <QAbstractProxyModel>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loupe::widgets {

class DatasetModel;

/// The rows of a DatasetModel shown: optionally only a given subset, filtered by text, sorted.
class RowProxyModel : public QAbstractProxyModel {
    Q_OBJECT
public:
    explicit RowProxyModel(QObject* parent = nullptr);

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

    /// Shows only rows where some cell contains `text` (ignoring letter case); empty shows all.
    void setFilterText(const QString& text);
    QString filterText() const { return QString::fromStdString(m_filter); }
    /// Shows only `rows` (table row indices; out-of-range ones are dropped), described for the
    /// user.
    void setRowSubset(std::vector<int64_t> rows, const QString& description);
    /// Shows every row again.
    void clearRowSubset();
    bool hasRowSubset() const { return m_subset.has_value(); }
    QString rowSubsetDescription() const { return m_subsetDescription; }
    /// The number of rows before the text filter (the subset's size, or the table's).
    int64_t unfilteredCount() const;
    /// The table row shown at `row`.
    int64_t sourceRow(int row) const { return m_rows.at(static_cast<size_t>(row)); }

signals:
    /// The shown rows changed (filter, subset, sort or a new table).
    void rowsChanged();

private:
    std::vector<int64_t> computeRows() const;
    void rebuild();

    DatasetModel* m_dataset = nullptr;
    std::vector<int64_t> m_rows;
    std::optional<std::vector<int64_t>> m_subset;
    QString m_subsetDescription;
    std::string m_filter;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

}  // namespace loupe::widgets
