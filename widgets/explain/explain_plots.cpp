#include "widgets/explain/explain_plots.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QTabBar>
#include <QVBoxLayout>
#include <utility>

#include "widgets/explain/shap_plot_view.h"

namespace loupe::widgets {
namespace {

/// A view that scrolls instead of squeezing its labels below the plot's preferred height.
QScrollArea* scrolling(ShapPlotView* view) {
    auto* area = new QScrollArea;
    area->setWidget(view);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

QWidget* controlBar(std::initializer_list<std::pair<QString, QComboBox*>> items) {
    auto* bar = new QWidget;
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 4, 0);
    layout->addStretch(1);  // right-aligned, whichever bar is shown
    for (const auto& [label, combo] : items) {
        layout->addWidget(new QLabel(label));
        layout->addWidget(combo);
    }
    return bar;
}

}  // namespace

ExplainPlots::ExplainPlots(QWidget* parent) : QWidget(parent) {
    m_tabs = new QTabBar;
    m_tabs->setDocumentMode(true);
    m_tabs->setExpanding(false);
    m_tabs->setUsesScrollButtons(false);  // the controls beside the tabs give way instead
    m_pages = new QStackedWidget;
    const QString names[] = {tr("Summary"), tr("Bar"), tr("Dependence"), tr("Force"),
                             tr("Waterfall")};
    for (int t = 0; t < 5; ++t) {
        m_views[t] = new ShapPlotView;
        m_tabs->addTab(names[t]);
        m_pages->addWidget(scrolling(m_views[t]));
    }
    m_views[Summary]->setToolTip(tr("Click a point to see its row's force plot"));

    m_feature = new QComboBox;
    m_feature->setToolTip(tr("The feature on the horizontal axis"));
    m_feature->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_feature->setMinimumContentsLength(10);
    m_colour = new QComboBox;
    m_colour->setToolTip(
        tr("The feature that colours the points; auto picks the one that "
           "interacts most with the feature shown"));
    m_colour->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_colour->setMinimumContentsLength(10);
    m_row = new QComboBox;
    m_row->setToolTip(
        tr("Explained rows by their 0-based data row (as in predictions.csv and "
           "loupe-cli --rows)"));
    m_row->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_row->setMinimumContentsLength(20);
    m_rowInfo = new QLabel;
    m_controls = new QStackedWidget;
    m_controls->addWidget(new QWidget);
    m_controls->addWidget(controlBar({{tr("Feature:"), m_feature}, {tr("Colour:"), m_colour}}));
    QWidget* rowBar = controlBar({{tr("Row:"), m_row}});
    rowBar->layout()->addWidget(m_rowInfo);
    m_controls->addWidget(rowBar);

    auto* top = new QHBoxLayout;
    top->addWidget(m_tabs);
    top->addStretch(1);
    top->addWidget(m_controls);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);

    connect(m_tabs, &QTabBar::currentChanged, m_pages, &QStackedWidget::setCurrentIndex);
    connect(m_tabs, &QTabBar::currentChanged, this, &ExplainPlots::refreshControls);
    connect(m_feature, &QComboBox::currentIndexChanged, this, &ExplainPlots::refreshDependence);
    connect(m_colour, &QComboBox::currentIndexChanged, this, &ExplainPlots::refreshDependence);
    connect(m_row, &QComboBox::currentIndexChanged, this, &ExplainPlots::refreshRow);
    connect(m_views[Summary], &ShapPlotView::rowClicked, this, &ExplainPlots::showClickedRow);
    connect(m_views[Dependence], &ShapPlotView::rowClicked, this, &ExplainPlots::showClickedRow);
    setExplanation(nullptr);
}

void ExplainPlots::setExplanation(std::shared_ptr<const explain::ShapExplanation> explanation,
                                  const QString& placeholder) {
    m_main = std::move(explanation);
    m_rows.clear();
    const QSignalBlocker blockFeature(m_feature), blockColour(m_colour), blockRow(m_row);
    m_feature->clear();
    m_colour->clear();
    m_row->clear();
    for (ShapPlotView* view : m_views) view->setPlaceholder(placeholder);
    if (!m_main) {
        for (ShapPlotView* view : m_views) view->setPlot({});
        refreshControls();
        return;
    }
    m_views[Summary]->setPlot(ShapPlot(m_main, ShapPlot::Kind::Summary));
    m_views[Bar]->setPlot(ShapPlot(m_main, ShapPlot::Kind::Bar));
    // Features in the summary's order: the most important first, as the dependence default.
    m_colour->addItem(tr("auto"), qlonglong(-1));
    for (int64_t f : m_main->summary.order) {
        const QString name = QString::fromStdString(m_main->shap.features[size_t(f)]);
        m_feature->addItem(name, qlonglong(f));
        m_colour->addItem(name, qlonglong(f));
    }
    addRowItems(m_main, {});
    refreshDependence();
    refreshRow();
    refreshControls();
}

void ExplainPlots::addRows(std::shared_ptr<const explain::ShapExplanation> extra) {
    if (!extra || extra->shap.rows.empty()) return;
    const int first = m_row->count();
    {
        const QSignalBlocker block(m_row);
        addRowItems(extra, tr(" (picked in the Data view)"));
    }
    m_row->setCurrentIndex(first);
    refreshRow();
    refreshControls();
}

void ExplainPlots::addRowItems(const std::shared_ptr<const explain::ShapExplanation>& explanation,
                               const QString& suffix) {
    const explain::ShapResult& shap = explanation->shap;
    // Probabilities with fixed decimals ("1" would hide 0.9997), other outputs as they come.
    const bool probability = shap.output.rfind("probability", 0) == 0;
    for (size_t i = 0; i < shap.rows.size(); ++i) {
        m_rows.push_back({explanation, int64_t(i)});
        const double f = shap.prediction[i];
        m_row->addItem(
            tr("row %1 · f(x) = %2%3")
                .arg(shap.rows[i])
                .arg(probability ? QString::number(f, 'f', 3) : QString::number(f, 'g', 4))
                .arg(suffix),
            qlonglong(shap.rows[i]));
    }
}

bool ExplainPlots::selectRow(int64_t dataRow) {
    const int index = m_row->findData(qlonglong(dataRow));
    if (index < 0) return false;
    m_row->setCurrentIndex(index);
    refreshRow();  // also when it was current already but the plots were cleared
    return true;
}

int64_t ExplainPlots::currentRow() const {
    return m_row->currentIndex() < 0 ? -1 : m_row->currentData().toLongLong();
}

void ExplainPlots::showRowPlot() {
    if (m_tabs->currentIndex() != Waterfall) m_tabs->setCurrentIndex(Force);
}

void ExplainPlots::refreshDependence() {
    if (!m_main || m_feature->currentIndex() < 0) return;
    ShapPlot plot(m_main, ShapPlot::Kind::Dependence);
    plot.setFeature(m_feature->currentData().toLongLong());
    plot.setColourFeature(m_colour->currentIndex() < 0 ? -1 : m_colour->currentData().toLongLong());
    m_views[Dependence]->setPlot(std::move(plot));
}

void ExplainPlots::refreshRow() {
    const int index = m_row->currentIndex();
    if (index < 0 || size_t(index) >= m_rows.size()) {
        m_views[Force]->setPlot({});
        m_views[Waterfall]->setPlot({});
        m_rowInfo->clear();
        return;
    }
    const RowRef& ref = m_rows[size_t(index)];
    for (auto [tab, kind] : {std::pair{Force, ShapPlot::Kind::Force},
                             std::pair{Waterfall, ShapPlot::Kind::Waterfall}}) {
        ShapPlot plot(ref.explanation, kind);
        plot.setRowIndex(ref.index);
        m_views[tab]->setPlot(std::move(plot));
    }
    m_rowInfo->setText(tr("%1 of %2").arg(index + 1).arg(m_row->count()));
}

void ExplainPlots::refreshControls() {
    const int tab = m_tabs->currentIndex();
    if (tab == Dependence && m_main)
        m_controls->setCurrentIndex(1);
    else if ((tab == Force || tab == Waterfall) && m_row->count() > 0)
        m_controls->setCurrentIndex(2);
    else
        m_controls->setCurrentIndex(0);
}

void ExplainPlots::showClickedRow(int64_t rowIndex) {
    if (!m_main || rowIndex < 0 || size_t(rowIndex) >= m_main->shap.rows.size()) return;
    // The main explanation's rows come first in the row list, in their order.
    m_row->setCurrentIndex(int(rowIndex));
    refreshRow();
    m_tabs->setCurrentIndex(Force);
}

}  // namespace loupe::widgets
