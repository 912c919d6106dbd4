#include "widgets/data/row_proxy_model.h"

#include <algorithm>

#include "core/data/row_order.h"
#include "widgets/data/dataset_model.h"

namespace loupe::widgets {

RowProxyModel::RowProxyModel(QObject* parent) : QAbstractProxyModel(parent) {}

void RowProxyModel::setSourceModel(QAbstractItemModel* model) {
    beginResetModel();
    if (m_dataset) disconnect(m_dataset, nullptr, this, nullptr);
    m_dataset = qobject_cast<DatasetModel*>(model);
    QAbstractProxyModel::setSourceModel(m_dataset);
    if (m_dataset) {
        connect(m_dataset, &QAbstractItemModel::modelAboutToBeReset, this,
                [this] { beginResetModel(); });
        connect(m_dataset, &QAbstractItemModel::modelReset, this, [this] {
            // A new table: its rows are not the old subset's, and its columns are new.
            m_subset.reset();
            m_subsetDescription.clear();
            m_sortColumn = -1;
            m_rows = computeRows();
            endResetModel();
            emit rowsChanged();
        });
        connect(m_dataset, &QAbstractItemModel::headerDataChanged, this,
                &QAbstractItemModel::headerDataChanged);
        connect(m_dataset, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex& from, const QModelIndex& to) {
                    if (m_rows.empty()) return;
                    emit dataChanged(index(0, from.column()), index(rowCount() - 1, to.column()));
                });
    }
    m_rows = computeRows();
    endResetModel();
    emit rowsChanged();
}

QModelIndex RowProxyModel::index(int row, int column, const QModelIndex& parent) const {
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex RowProxyModel::parent(const QModelIndex&) const { return {}; }

int RowProxyModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RowProxyModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_dataset ? 0 : m_dataset->columnCount();
}

QModelIndex RowProxyModel::mapToSource(const QModelIndex& proxyIndex) const {
    if (!m_dataset || !proxyIndex.isValid() || proxyIndex.row() >= rowCount()) return {};
    return m_dataset->index(static_cast<int>(m_rows[static_cast<size_t>(proxyIndex.row())]),
                            proxyIndex.column());
}

QModelIndex RowProxyModel::mapFromSource(const QModelIndex& sourceIndex) const {
    if (!sourceIndex.isValid()) return {};
    // Linear: only selections and persistent indexes ask, never the paint path.
    auto it = std::find(m_rows.begin(), m_rows.end(), static_cast<int64_t>(sourceIndex.row()));
    if (it == m_rows.end()) return {};
    return index(static_cast<int>(it - m_rows.begin()), sourceIndex.column());
}

void RowProxyModel::sort(int column, Qt::SortOrder order) {
    m_sortColumn = column;
    m_sortOrder = order;
    rebuild();
}

void RowProxyModel::setFilterText(const QString& text) {
    const std::string filter = text.trimmed().toStdString();
    if (filter == m_filter) return;
    m_filter = filter;
    rebuild();
}

void RowProxyModel::setRowSubset(std::vector<int64_t> rows, const QString& description) {
    const int64_t count = m_dataset ? m_dataset->rowCount() : 0;
    std::erase_if(rows, [count](int64_t r) { return r < 0 || r >= count; });
    m_subset = std::move(rows);
    m_subsetDescription = description;
    rebuild();
}

void RowProxyModel::clearRowSubset() {
    if (!m_subset) return;
    m_subset.reset();
    m_subsetDescription.clear();
    rebuild();
}

int64_t RowProxyModel::unfilteredCount() const {
    if (m_subset) return static_cast<int64_t>(m_subset->size());
    return m_dataset ? m_dataset->rowCount() : 0;
}

std::vector<int64_t> RowProxyModel::computeRows() const {
    if (!m_dataset || !m_dataset->table()) return {};
    std::vector<int64_t> rows = m_subset ? *m_subset : data::allRows(m_dataset->rowCount());
    // The read table's text is what the cells show, type overrides aside (a label "1.50" read
    // as a number shows "1.5"), and filtering it needs no converted copy of the table.
    if (!m_filter.empty()) rows = data::rowsContaining(*m_dataset->table(), rows, m_filter);
    if (m_sortColumn >= 0 && m_sortColumn < m_dataset->columnCount())
        rows = data::sortRows(m_dataset->column(m_sortColumn), rows,
                              m_sortOrder == Qt::AscendingOrder);
    return rows;
}

void RowProxyModel::rebuild() {
    // A reset, not a layout change: a layout change would remap every persistent index through
    // the linear mapFromSource.
    beginResetModel();
    m_rows = computeRows();
    endResetModel();
    emit rowsChanged();
}

}  // namespace loupe::widgets
