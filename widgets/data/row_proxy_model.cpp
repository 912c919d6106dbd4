#include "widgets/data/row_proxy_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

#include "core/data/row_order.h"
#include "core/data/table.h"
#include "core/progress.h"
#include "widgets/data/dataset_model.h"

namespace loupe::widgets {
namespace {

// About 20 ms of filtering on the UI thread (numbers are formatted at roughly 15-20 M cells/s);
// anything larger goes to a worker so typing stays responsive.
constexpr int64_t kBackgroundCells = 250'000;

// A computed column is tinted and its header italic, so it never reads as one of the file's.
const QColor kComputedTint(236, 231, 248);
const QColor kComputedText(84, 62, 150);

/// Everything computing the shown rows needs, held by value or shared: safe on a worker while the
/// model changes.
struct RowQuery {
    std::shared_ptr<const data::Table> table;        ///< as read: the text the cells show
    std::shared_ptr<const data::Column> sortColumn;  ///< as typed; null: the table's order
    bool ascending = true;
    RowProxyModel::Rows subset;  ///< null: every row
    std::string filter;

    int64_t baseRows() const {
        if (subset) return static_cast<int64_t>(subset->size());
        return table ? table->rowCount() : 0;
    }
    /// Rough work in cells, to choose the thread: each cell a filter reads, each row a sort moves
    /// (listing the rows alone is cheap).
    int64_t cells() const {
        if (!table) return 0;
        return (filter.empty() ? 0 : baseRows() * table->columnCount()) +
               (sortColumn ? baseRows() : 0);
    }
    std::vector<int64_t> run(std::stop_token stop = {}) const {
        if (!table) return {};
        std::vector<int64_t> rows = subset ? *subset : data::allRows(table->rowCount());
        // The read table's text is what the cells show, type overrides aside (a label "1.50" read
        // as a number shows "1.5"), and filtering it needs no converted copy of the table.
        if (!filter.empty()) rows = data::rowsContaining(*table, rows, filter, stop);
        throwIfStopped(stop);
        if (sortColumn) rows = data::sortRows(*sortColumn, rows, ascending);
        return rows;
    }
};

}  // namespace

RowProxyModel::RowProxyModel(QObject* parent)
    : QAbstractProxyModel(parent),
      m_rows(std::make_shared<const std::vector<int64_t>>()),
      m_backgroundCells(kBackgroundCells) {}

RowProxyModel::~RowProxyModel() {
    // No signal from here: the owner may be half destroyed. The worker ends at its next check.
    m_stop.request_stop();
}

void RowProxyModel::setSourceModel(QAbstractItemModel* model) {
    cancelPending();
    beginResetModel();
    if (m_dataset) disconnect(m_dataset, nullptr, this, nullptr);
    m_dataset = qobject_cast<DatasetModel*>(model);
    m_computed.reset();
    m_computedDescription.clear();
    QAbstractProxyModel::setSourceModel(m_dataset);
    if (m_dataset) {
        connect(m_dataset, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
            cancelPending();
            beginResetModel();
        });
        connect(m_dataset, &QAbstractItemModel::modelReset, this, [this] {
            // A new table: its rows are not the old subset's, and its columns are new. Every row
            // shows at once; a filter kept from before is applied next.
            m_subset.reset();
            m_subsetDescription.clear();
            m_computed.reset();  // computed over the old table's rows
            m_computedDescription.clear();
            m_sortColumn = -1;
            m_rows = std::make_shared<const std::vector<int64_t>>(
                data::allRows(m_dataset->table() ? m_dataset->rowCount() : 0));
            endResetModel();
            if (m_filter.empty())
                emit rowsChanged();
            else
                rebuild();
        });
        connect(m_dataset, &QAbstractItemModel::headerDataChanged, this,
                &QAbstractItemModel::headerDataChanged);
        connect(m_dataset, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex& from, const QModelIndex& to) {
                    if (m_rows->empty()) return;
                    emit dataChanged(index(0, from.column()), index(rowCount() - 1, to.column()));
                });
    }
    m_rows = std::make_shared<const std::vector<int64_t>>(m_dataset && m_dataset->table()
                                                              ? data::allRows(m_dataset->rowCount())
                                                              : std::vector<int64_t>{});
    endResetModel();
    if (!m_filter.empty() || m_sortColumn >= 0)
        rebuild();
    else
        emit rowsChanged();
}

QModelIndex RowProxyModel::index(int row, int column, const QModelIndex& parent) const {
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex RowProxyModel::parent(const QModelIndex&) const { return {}; }

int RowProxyModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows->size());
}

int RowProxyModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_dataset ? 0 : m_dataset->columnCount() + (m_computed ? 1 : 0);
}

QModelIndex RowProxyModel::mapToSource(const QModelIndex& proxyIndex) const {
    if (!m_dataset || !proxyIndex.isValid() || proxyIndex.row() >= rowCount() ||
        proxyIndex.column() >= m_dataset->columnCount())
        return {};
    return m_dataset->index(static_cast<int>((*m_rows)[static_cast<size_t>(proxyIndex.row())]),
                            proxyIndex.column());
}

QModelIndex RowProxyModel::mapFromSource(const QModelIndex& sourceIndex) const {
    if (!sourceIndex.isValid()) return {};
    // Linear: only selections and persistent indexes ask, never the paint path.
    auto it = std::find(m_rows->begin(), m_rows->end(), static_cast<int64_t>(sourceIndex.row()));
    if (it == m_rows->end()) return {};
    return index(static_cast<int>(it - m_rows->begin()), sourceIndex.column());
}

void RowProxyModel::sort(int column, Qt::SortOrder order) {
    m_sortColumn = column;
    m_sortOrder = order;
    rebuild();
}

QVariant RowProxyModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.column() != computedColumn())
        return QAbstractProxyModel::data(index, role);
    const double v = m_computed->numeric[static_cast<size_t>(sourceRow(index.row()))];
    switch (role) {
        case Qt::DisplayRole:
            return std::isnan(v) ? QString() : QString::number(v, 'f', 4);
        case Qt::ToolTipRole:
            return m_computedDescription;
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::AlignVCenter | Qt::AlignRight);
        case Qt::BackgroundRole:
            return QBrush(kComputedTint);
        case Qt::ForegroundRole:
            return QBrush(kComputedText);
        default:
            return {};
    }
}

QVariant RowProxyModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical || !m_dataset)
        return QAbstractProxyModel::headerData(section, orientation, role);
    if (section != computedColumn()) return m_dataset->headerData(section, orientation, role);
    switch (role) {
        case Qt::DisplayRole:
            return tr("%1\ncomputed · not in the file")
                .arg(QString::fromStdString(m_computed->name));
        case Qt::ToolTipRole:
            return m_computedDescription;
        case Qt::FontRole: {
            QFont font;
            font.setItalic(true);
            return font;
        }
        case Qt::ForegroundRole:
            return QBrush(kComputedText);
        default:
            return {};
    }
}

Qt::ItemFlags RowProxyModel::flags(const QModelIndex& index) const {
    if (index.isValid() && index.column() == computedColumn())
        return Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    return QAbstractProxyModel::flags(index);
}

bool RowProxyModel::setComputedColumn(std::shared_ptr<const data::Column> values,
                                      const QString& description) {
    if (!m_dataset || !m_dataset->table() || !values || values->type != data::ColumnType::Numeric ||
        static_cast<int64_t>(values->numeric.size()) != m_dataset->table()->rowCount())
        return false;
    if (m_computed) {
        const int c = computedColumn();
        m_computed = std::move(values);
        m_computedDescription = description;
        emit headerDataChanged(Qt::Horizontal, c, c);
        if (!m_rows->empty()) emit dataChanged(index(0, c), index(rowCount() - 1, c));
        if (m_sortColumn == c) rebuild();
        return true;
    }
    const int c = m_dataset->columnCount();
    beginInsertColumns({}, c, c);
    m_computed = std::move(values);
    m_computedDescription = description;
    endInsertColumns();
    return true;
}

void RowProxyModel::clearComputedColumn() {
    if (!m_computed) return;
    const int c = computedColumn();
    beginRemoveColumns({}, c, c);
    m_computed.reset();
    m_computedDescription.clear();
    endRemoveColumns();
    if (m_sortColumn == c) sort(-1);
}

int RowProxyModel::computedColumn() const {
    return m_computed && m_dataset ? m_dataset->columnCount() : -1;
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
    m_subset = std::make_shared<const std::vector<int64_t>>(std::move(rows));
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

void RowProxyModel::rebuild() {
    cancelPending();
    RowQuery query;
    if (m_dataset && m_dataset->table()) {
        query.table = m_dataset->table();
        if (m_sortColumn >= 0 && m_sortColumn < m_dataset->columnCount())
            query.sortColumn = m_dataset->sharedColumn(m_sortColumn);
        else if (m_sortColumn >= 0 && m_sortColumn == computedColumn())
            query.sortColumn = m_computed;  // shared with the worker, as a dataset column is
        query.ascending = m_sortOrder == Qt::AscendingOrder;
        query.subset = m_subset;
        query.filter = m_filter;
    }
    if (query.cells() < m_backgroundCells) {
        showRows(std::make_shared<const std::vector<int64_t>>(query.run()));
        return;
    }
    auto* watcher = new QFutureWatcher<Rows>(this);
    m_pending = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (watcher != m_pending) return;  // superseded by a newer request
        m_pending = nullptr;
        if (Rows rows = watcher->result()) showRows(std::move(rows));
        emit busyChanged(false);
    });
    m_stop = std::stop_source();
    watcher->setFuture(QtConcurrent::run(
        QThreadPool::globalInstance(), [query = std::move(query), stop = m_stop.get_token()] {
            try {
                return std::make_shared<const std::vector<int64_t>>(query.run(stop));
            } catch (...) {
                return Rows();  // cancelled, or out of memory: the rows shown stay
            }
        }));
    emit busyChanged(true);
}

void RowProxyModel::cancelPending() {
    if (!m_pending) return;
    m_stop.request_stop();
    m_pending->disconnect(this);
    m_pending->deleteLater();
    m_pending = nullptr;
    emit busyChanged(false);
}

void RowProxyModel::showRows(Rows rows) {
    // A reset, not a layout change: a layout change would remap every persistent index through
    // the linear mapFromSource.
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit rowsChanged();
}

}  // namespace loupe::widgets
