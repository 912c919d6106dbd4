#pragma once
// ExplainPlots: the tabs Summary | Bar | Dependence | Force | Waterfall over one explanation. The
// dependence tab chooses its feature and colour feature, force and waterfall their row; rows
// explained one at a time later (a row picked in the Data view) join the row list.

#include <QString>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/explain/shap_summary.h"
#include "widgets/explain/shap_plot.h"

class QComboBox;
class QLabel;
class QStackedWidget;
class QTabBar;

namespace loupe::widgets {

class ShapPlotView;

/// The five SHAP plots of one explanation; see the file comment.
class ExplainPlots : public QWidget {
    Q_OBJECT
public:
    enum Tab { Summary, Bar, Dependence, Force, Waterfall };

    /// Empty plots showing `placeholder`.
    explicit ExplainPlots(QWidget* parent = nullptr);

    /// Shows `explanation` in every tab (null: nothing, `placeholder` instead); forgets rows
    /// explained one at a time.
    void setExplanation(std::shared_ptr<const explain::ShapExplanation> explanation,
                        const QString& placeholder = {});
    /// Adds the rows of `extra` (explained with the same settings) to the force/waterfall row
    /// list and shows the first of them.
    void addRows(std::shared_ptr<const explain::ShapExplanation> extra);
    /// The explanation shown in Summary, Bar and Dependence.
    const std::shared_ptr<const explain::ShapExplanation>& explanation() const { return m_main; }
    /// Selects data row `dataRow` for force and waterfall; false when it is not explained.
    bool selectRow(int64_t dataRow);
    /// The data row force and waterfall show, or -1.
    int64_t currentRow() const;
    /// Shows the force plot, or the waterfall plot when it is the current tab.
    void showRowPlot();

    /// The tab bar choosing the plot.
    QTabBar* tabs() const { return m_tabs; }
    /// The view of tab `tab`.
    ShapPlotView* view(Tab tab) const { return m_views[tab]; }
    QComboBox* featureCombo() const { return m_feature; }
    QComboBox* colourCombo() const { return m_colour; }
    QComboBox* rowCombo() const { return m_row; }

private:
    /// One explained row: which explanation holds it, and where.
    struct RowRef {
        std::shared_ptr<const explain::ShapExplanation> explanation;
        int64_t index = 0;
    };
    void addRowItems(const std::shared_ptr<const explain::ShapExplanation>& explanation,
                     const QString& suffix);
    void refreshDependence();
    void refreshRow();
    void refreshControls();
    void showClickedRow(int64_t rowIndex);

    std::shared_ptr<const explain::ShapExplanation> m_main;
    std::vector<RowRef> m_rows;  // parallel to m_row's items
    QTabBar* m_tabs;
    QStackedWidget* m_pages;     // one scrolling view per tab
    QStackedWidget* m_controls;  // beside the tabs: none, dependence's, or the row chooser
    ShapPlotView* m_views[5];
    QComboBox *m_feature, *m_colour, *m_row;
    QLabel* m_rowInfo;
};

}  // namespace loupe::widgets
