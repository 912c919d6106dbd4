#include "widgets/data/dataset_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <cmath>

#include "core/data/column_convert.h"

namespace loupe::widgets {

using data::ColumnType;

QString roleName(ColumnRole role) {
    switch (role) {
        case ColumnRole::Feature:
            return QStringLiteral("feature");
        case ColumnRole::Target:
            return QStringLiteral("target");
        case ColumnRole::Ignore:
            return QStringLiteral("ignore");
    }
    return {};
}

DatasetModel::DatasetModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetModel::setTable(std::shared_ptr<const data::Table> table) {
    beginResetModel();
    m_table = std::move(table);
    m_converted.clear();
    m_roles.clear();
    if (m_table) {
        for (const data::Column& c : m_table->columns())
            m_roles.push_back(c.type == ColumnType::Text ? ColumnRole::Ignore
                                                         : ColumnRole::Feature);
    }
    endResetModel();
    emit rolesChanged();
}

std::shared_ptr<const data::Table> DatasetModel::typedTable() const {
    if (m_converted.empty() || !m_table) return m_table;
    std::vector<data::Column> columns = m_table->columns();
    for (const auto& [index, converted] : m_converted)
        columns[static_cast<size_t>(index)] = *converted;
    return std::make_shared<const data::Table>(std::move(columns), m_table->source());
}

const data::Column& DatasetModel::column(int column) const {
    auto it = m_converted.find(column);
    return it != m_converted.end() ? *it->second : m_table->column(column);
}

std::shared_ptr<const data::Column> DatasetModel::sharedColumn(int column) const {
    auto it = m_converted.find(column);
    if (it != m_converted.end()) return it->second;
    // Aliasing: the pointer is the table's column, the ownership the whole table's.
    return {m_table, &m_table->column(column)};
}

int DatasetModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_table ? 0 : static_cast<int>(m_table->rowCount());
}

int DatasetModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_table ? 0 : static_cast<int>(m_table->columnCount());
}

QVariant DatasetModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !m_table) return {};
    const data::Column& c = column(index.column());
    const auto row = static_cast<size_t>(index.row());
    const bool numeric = c.type == ColumnType::Numeric;
    switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            if (numeric) {
                const double v = c.numeric[row];
                return std::isnan(v) ? QString()
                                     : QString::number(v, 'g', QLocale::FloatingPointShortest);
            }
            return c.codes[row] < 0
                       ? QString()
                       : QString::fromStdString(c.categories[static_cast<size_t>(c.codes[row])]);
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::AlignVCenter |
                                       (numeric ? Qt::AlignRight : Qt::AlignLeft));
        case Qt::BackgroundRole:
            // Missing cells are tinted so gaps stand out while scrolling.
            return c.isMissing(static_cast<int64_t>(row)) ? QBrush(QColor(255, 236, 210))
                                                          : QVariant();
        case Qt::ForegroundRole:
            return m_roles[static_cast<size_t>(index.column())] == ColumnRole::Ignore
                       ? QBrush(QColor(150, 150, 150))
                       : QVariant();
        default:
            return {};
    }
}

QVariant DatasetModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (!m_table) return {};
    if (orientation == Qt::Vertical) {
        // The 0-based data row id, as predictions.csv's `row`, shap.csv and `loupe-cli explain
        // --rows` count, so the row a user sees is the row they type.
        if (role == Qt::DisplayRole) return QVariant(section);
        if (role == Qt::ToolTipRole)
            return tr("Data row %1 (0-based, as in predictions.csv and loupe-cli --rows)")
                .arg(section);
        return {};
    }
    if (section < 0 || section >= columnCount()) return {};
    const ColumnRole r = m_roles[static_cast<size_t>(section)];
    const QString type = QString::fromUtf8(data::toString(columnType(section)).data());
    switch (role) {
        case Qt::DisplayRole:
            return QStringLiteral("%1\n%2 · %3")
                .arg(QString::fromStdString(m_table->column(section).name), type, roleName(r));
        case Qt::ToolTipRole:
            return tr("%1: %2 column, %3; right-click to change")
                .arg(QString::fromStdString(m_table->column(section).name), type, roleName(r));
        case Qt::FontRole: {
            QFont font;
            font.setBold(r == ColumnRole::Target);
            font.setItalic(r == ColumnRole::Ignore);
            return font;
        }
        case Qt::ForegroundRole:
            if (r == ColumnRole::Target) return QBrush(QColor(20, 90, 170));
            if (r == ColumnRole::Ignore) return QBrush(QColor(150, 150, 150));
            return {};
        default:
            return {};
    }
}

ColumnRole DatasetModel::columnRole(int column) const {
    return m_roles.at(static_cast<size_t>(column));
}

void DatasetModel::setColumnRole(int column, ColumnRole role) {
    if (column < 0 || column >= columnCount() || m_roles[static_cast<size_t>(column)] == role)
        return;
    if (role == ColumnRole::Target) {
        const int previous = targetColumn();
        if (previous >= 0) {
            m_roles[static_cast<size_t>(previous)] = ColumnRole::Feature;
            notifyColumn(previous);
        }
    }
    m_roles[static_cast<size_t>(column)] = role;
    notifyColumn(column);
    emit rolesChanged();
}

int DatasetModel::targetColumn() const {
    for (size_t i = 0; i < m_roles.size(); ++i)
        if (m_roles[i] == ColumnRole::Target) return static_cast<int>(i);
    return -1;
}

QString DatasetModel::targetName() const {
    const int t = targetColumn();
    return t < 0 ? QString() : QString::fromStdString(m_table->column(t).name);
}

bool DatasetModel::setTarget(const QString& name) {
    if (name.isEmpty()) {
        const int t = targetColumn();
        if (t >= 0) setColumnRole(t, ColumnRole::Feature);
        return true;
    }
    if (!m_table) return false;
    const int64_t index = m_table->columnIndex(name.toStdString());
    if (index < 0) return false;
    setColumnRole(static_cast<int>(index), ColumnRole::Target);
    return true;
}

std::vector<std::string> DatasetModel::featureNames() const {
    std::vector<std::string> names;
    for (size_t i = 0; i < m_roles.size(); ++i)
        if (m_roles[i] == ColumnRole::Feature)
            names.push_back(m_table->column(static_cast<int64_t>(i)).name);
    return names;
}

ColumnType DatasetModel::columnType(int column) const { return this->column(column).type; }

bool DatasetModel::canSetColumnType(int column, ColumnType type) const {
    if (!m_table || column < 0 || column >= columnCount()) return false;
    return data::canConvert(m_table->column(column), type);
}

bool DatasetModel::setColumnType(int column, ColumnType type) {
    if (!canSetColumnType(column, type)) return false;
    if (columnType(column) == type) return true;
    const data::Column& original = m_table->column(column);
    if (original.type == type)
        m_converted.erase(column);
    else
        m_converted[column] = std::make_shared<const data::Column>(
            data::convertColumn(original, type, m_table->source()));
    notifyColumn(column);  // the cells now format and align as the new type
    emit rolesChanged();
    return true;
}

void DatasetModel::notifyColumn(int column) {
    emit headerDataChanged(Qt::Horizontal, column, column);
    if (rowCount() > 0) emit dataChanged(index(0, column), index(rowCount() - 1, column));
}

}  // namespace loupe::widgets
