#pragma once
// ColumnStatsPanel: the side panel of the Data view. Shows the current column's role and type
// (both editable), its statistics and distribution over the rows the table shows (all, or those a
// filter or a subset leaves), and the target's class balance. Statistics over many rows are
// computed on a worker thread; the newest request wins.

#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/data/column_stats.h"

class QComboBox;
class QFormLayout;
class QLabel;
template <typename T>
class QFutureWatcher;

namespace loupe::widgets {

class BarChart;
class DatasetModel;

/// Role, type, statistics and distribution of one column, plus the target's class balance.
class ColumnStatsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ColumnStatsPanel(DatasetModel* model, QWidget* parent = nullptr);

    /// Shows `column` of the model (-1: none).
    void showColumn(int column);
    /// The column shown, or -1.
    int column() const { return m_column; }
    /// Describes only `rows` (table row indices, e.g. what a filter shows); null: every row.
    void setRows(std::shared_ptr<const std::vector<int64_t>> rows);
    /// True while statistics are computed off the UI thread.
    bool busy() const { return m_pending != nullptr; }
    /// Statistics over at least this many rows are computed off the UI thread; 0: always
    /// (tests use it to exercise the worker).
    void setBackgroundRows(int64_t rows) { m_backgroundRows = rows; }
    /// The statistics shown (empty name when none are).
    const data::ColumnStats& stats() const { return m_stats; }

signals:
    /// The statistics of the current column are shown (after a worker, or at once).
    void statsShown();

private:
    void refresh();
    void refreshColumn();
    void refreshBalance();
    void showStats(const data::ColumnStats& stats);
    void dropPending();
    void addRowsFact(int64_t rows);

    DatasetModel* m_model;
    int m_column = -1;
    std::shared_ptr<const std::vector<int64_t>> m_rows;
    data::ColumnStats m_stats;
    int64_t m_backgroundRows;
    QFutureWatcher<data::ColumnStats>* m_pending = nullptr;
    QLabel* m_title;
    QComboBox* m_role;
    QComboBox* m_type;
    QFormLayout* m_facts;
    QLabel* m_distributionTitle;
    BarChart* m_distribution;
    QLabel* m_balanceTitle;
    BarChart* m_balance;
};

}  // namespace loupe::widgets
