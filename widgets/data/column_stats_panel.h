#pragma once
// ColumnStatsPanel: the side panel of the Data view. Shows the current column's role and type
// (both editable), its statistics and distribution, and the target's class balance.

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;

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

private:
    void refresh();
    void refreshColumn();
    void refreshBalance();

    DatasetModel* m_model;
    int m_column = -1;
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
