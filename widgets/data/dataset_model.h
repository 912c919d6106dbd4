#pragma once
// DatasetModel: a virtual table model over a core Table. Cells are formatted when asked for, so a
// table of millions of rows costs no memory beyond the Table itself. Holds each column's role
// (feature, target, ignore) and the type the user chose for it.

#include <QAbstractTableModel>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/data/table.h"

namespace loupe::widgets {

/// What a column is used for when training.
enum class ColumnRole { Feature, Target, Ignore };

/// "feature", "target" or "ignore".
QString roleName(ColumnRole role);

/// The cells, header, roles and type overrides of one dataset.
class DatasetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit DatasetModel(QObject* parent = nullptr);

    /// Shows `table` (may be null) with default roles: every column a feature, text ignored.
    void setTable(std::shared_ptr<const data::Table> table);
    /// The table as read, without type overrides.
    const std::shared_ptr<const data::Table>& table() const { return m_table; }
    /// The table with the user's type overrides applied (the read table when there are none).
    std::shared_ptr<const data::Table> typedTable() const;
    /// A column as the user typed it (converted when overridden).
    const data::Column& column(int column) const;
    /// The same column, kept alive for work off the UI thread even if the table or the override
    /// changes meanwhile (shares the table's or the override's storage; no copy).
    std::shared_ptr<const data::Column> sharedColumn(int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The role of `column`.
    ColumnRole columnRole(int column) const;
    /// Sets a role; a new target turns the previous one into a feature.
    void setColumnRole(int column, ColumnRole role);
    /// The target column, or -1.
    int targetColumn() const;
    /// The target's name, or empty.
    QString targetName() const;
    /// Makes the named column the target (empty: none); false when there is no such column.
    bool setTarget(const QString& name);
    /// Names of the feature columns, in table order.
    std::vector<std::string> featureNames() const;

    /// The type `column` is read as.
    data::ColumnType columnType(int column) const;
    /// Whether `column` can be read as `type` (see data::canConvert).
    bool canSetColumnType(int column, data::ColumnType type) const;
    /// Reads `column` as `type`; false (and nothing changes) when it cannot be.
    bool setColumnType(int column, data::ColumnType type);

signals:
    /// A role or a type override changed.
    void rolesChanged();

private:
    void notifyColumn(int column);

    std::shared_ptr<const data::Table> m_table;
    std::vector<ColumnRole> m_roles;
    std::map<int, std::shared_ptr<const data::Column>> m_converted;  ///< overridden, by index
};

}  // namespace loupe::widgets
