#pragma once
// The Search tab's space editor: one row per hyperparameter a search may vary (the names
// core/search/trial_request.h accepts), each with a "search" checkbox, a kind (log, linear, int
// or choice: only those the parameter allows) and its range or its choices ("a | b | c"). It
// builds the space JSON loupe-cli search --space reads, so the window and the CLI search alike.

#include <QString>
#include <QStringList>
#include <QWidget>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/train/experiment.h"

class QTableWidget;

namespace loupe::widgets {

/// Edits a search space; see the file comment.
class SearchSpaceEditor : public QWidget {
    Q_OBJECT
public:
    /// Columns of table().
    enum Column { Parameter, Kind, From, To, Choices };

    /// Every searchable parameter, learning rate, hidden layers and dropout searched, ranges
    /// around loupe-cli train's defaults.
    explicit SearchSpaceEditor(QWidget* parent = nullptr);

    /// Fills the rows' ranges and choices around `request`'s settings (all of them, or with
    /// `keepEdited` only those the user has not edited); what is searched stays.
    void setDefaults(const train::ExperimentRequest& request, bool keepEdited = false);
    /// True once the user edited a row since the last setDefaults() that refilled them all.
    bool edited() const;

    /// The space of the searched rows: {"name": {"log": [lo, hi]}, "hidden": {"choice": [...]}}.
    /// Throws InputError naming the row for a bound that is not a number or a choice list that
    /// is empty (SearchSpace::parse checks the rest).
    nlohmann::json space() const;

    /// The row of the parameter `name` (as in the JSON), or -1.
    int rowOf(const QString& name) const;
    /// The parameter names, one per row.
    QStringList names() const;
    /// Searches the parameter `name` or not.
    void setSearched(const QString& name, bool searched);
    /// Sets the kind ("log", "linear", "int", "choice") of `name`; false when it does not allow it.
    bool setKind(const QString& name, const QString& kind);
    /// Sets the range of `name`.
    void setRange(const QString& name, const QString& from, const QString& to);
    /// Sets the choices of `name`, separated by "|".
    void setChoices(const QString& name, const QString& choices);

    /// The parameters searched, in row order.
    QStringList searched() const;
    /// The rows the user edited, as a project keeps them: {"name": entry} with each entry as in
    /// space() whether searched or not; a bound that is not a number stays the text typed.
    nlohmann::json editedRows() const;
    /// Restores what searched() and editedRows() gave: ticks only `searched`, fills `edited`'s
    /// rows and marks them edited (the others keep following setDefaults()); no changed().
    /// Returns what could not be restored (a parameter or kind this editor does not know).
    QStringList restore(const QStringList& searched, const nlohmann::json& edited);
    /// The table of rows.
    QTableWidget* table() const { return m_table; }

signals:
    /// Any edit by the user.
    void changed();

private:
    struct Row {
        QString name;
        QStringList kinds;
        bool textChoices;  // choices stay text ("64,32", "adam"), never numbers
        bool edited = false;
    };
    void addRow(const Row& row, const QString& label, bool searched);
    void refreshEnabled(int row);
    void setCell(int row, int column, const QString& text);
    QString text(int row, int column) const;
    QString kindOf(int row) const;
    void markEdited(int row);
    nlohmann::json entry(int row, bool strict) const;

    std::vector<Row> m_rows;
    QTableWidget* m_table;
    bool m_filling = false;  // setDefaults() is writing the cells
};

}  // namespace loupe::widgets
