#include "widgets/runs/run_comparison.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <set>
#include <span>

#include "widgets/charts/line_chart.h"
#include "widgets/runs/runs_table_model.h"

namespace loupe::widgets {
namespace {

double curveValue(const store::EpochRow& row, RunComparison::Curve curve) {
    switch (curve) {
        case RunComparison::Curve::TrainingLoss:
            return row.trainLoss;
        case RunComparison::Curve::ValidationMetric:
            return row.valMetric;
        case RunComparison::Curve::ValidationLoss:
            break;
    }
    return row.valLoss;
}

/// Metrics where smaller is better, so the table marks the smallest.
bool lowerIsBetter(const std::string& metric) {
    for (const char* name : {"loss", "rmse", "mae", "mse", "error", "brier"})
        if (metric.find(name) != std::string::npos) return true;
    return false;
}

QString runLabel(const store::RunRecord& run) {
    return QStringLiteral("#%1 %2").arg(run.id).arg(QString::fromStdString(run.name));
}

}  // namespace

RunComparison::RunComparison(QWidget* parent)
    : QWidget(parent),
      m_curves(new LineChart),
      m_curve(new QComboBox),
      m_table(new QTableWidget),
      m_scatter(new ChartView),
      m_parameter(new QComboBox),
      m_metric(new QComboBox) {
    m_curve->addItem(tr("Validation loss"), static_cast<int>(Curve::ValidationLoss));
    m_curve->addItem(tr("Training loss"), static_cast<int>(Curve::TrainingLoss));
    m_curve->addItem(tr("Validation metric"), static_cast<int>(Curve::ValidationMetric));
    m_curves->setAxisTitles(tr("epoch"), m_curve->currentText());
    m_curves->setLogYToggleEnabled(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* curvePage = new QWidget;
    auto* curveLayout = new QVBoxLayout(curvePage);
    curveLayout->setContentsMargins(0, 0, 0, 0);
    auto* curveBar = new QHBoxLayout;
    curveBar->addWidget(new QLabel(tr("Curve:")));
    curveBar->addWidget(m_curve);
    curveBar->addStretch(1);
    curveLayout->addLayout(curveBar);
    curveLayout->addWidget(m_curves, 1);

    auto* scatterPage = new QWidget;
    auto* scatterLayout = new QVBoxLayout(scatterPage);
    scatterLayout->setContentsMargins(0, 0, 0, 0);
    auto* scatterBar = new QHBoxLayout;
    scatterBar->addWidget(new QLabel(tr("Setting:")));
    scatterBar->addWidget(m_parameter);
    scatterBar->addWidget(new QLabel(tr("Metric:")));
    scatterBar->addWidget(m_metric);
    scatterBar->addStretch(1);
    scatterLayout->addLayout(scatterBar);
    scatterLayout->addWidget(m_scatter, 1);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(curvePage);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* tabs = new QTabWidget;
    tabs->addTab(splitter, tr("Compare selected"));
    tabs->addTab(scatterPage, tr("Setting vs metric"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs);

    connect(m_curve, &QComboBox::currentIndexChanged, this, &RunComparison::drawCurves);
    connect(m_parameter, &QComboBox::currentIndexChanged, this, &RunComparison::drawScatter);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &RunComparison::drawScatter);
    fillTable();
}

void RunComparison::setSelected(std::vector<store::RunRecord> runs,
                                std::vector<std::vector<store::EpochRow>> histories) {
    m_selected = std::move(runs);
    m_histories = std::move(histories);
    m_histories.resize(m_selected.size());
    drawCurves();
    fillTable();
}

void RunComparison::drawCurves() {
    const auto curve = static_cast<Curve>(m_curve->currentData().toInt());
    m_curves->clear();
    m_curves->setAxisTitles(tr("epoch"), m_curve->currentText());
    for (size_t i = 0; i < m_selected.size(); ++i) {
        std::vector<QPointF> points;
        for (const store::EpochRow& row : m_histories[i]) {
            const double y = curveValue(row, curve);
            if (std::isfinite(y)) points.emplace_back(static_cast<double>(row.epoch), y);
        }
        if (m_histories[i].empty()) continue;  // a run without history (a compression)
        m_curves->setPoints(m_curves->addSeries(runLabel(m_selected[i])), std::move(points));
    }
}

void RunComparison::fillTable() {
    std::set<std::string> names;
    for (const store::RunRecord& run : m_selected)
        for (const auto& [name, value] : run.metrics) names.insert(name);
    m_table->clear();
    m_table->setRowCount(static_cast<int>(names.size()));
    m_table->setColumnCount(static_cast<int>(m_selected.size()));
    QStringList columns;
    for (const store::RunRecord& run : m_selected) columns << runLabel(run);
    m_table->setHorizontalHeaderLabels(columns);
    int row = 0;
    for (const std::string& name : names) {
        m_table->setVerticalHeaderItem(row,
                                       new QTableWidgetItem(RunsTableModel::metricTitle(name)));
        int best = -1;
        for (size_t c = 0; c < m_selected.size(); ++c) {
            const auto it = m_selected[c].metrics.find(name);
            const bool has = it != m_selected[c].metrics.end() && std::isfinite(it->second);
            auto* item = new QTableWidgetItem(has ? QString::number(it->second, 'f', 4)
                                                  : QStringLiteral("—"));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, static_cast<int>(c), item);
            if (!has) continue;
            if (best < 0) best = static_cast<int>(c);
            const double b = m_selected[static_cast<size_t>(best)].metrics.at(name);
            if (lowerIsBetter(name) ? it->second < b : it->second > b) best = static_cast<int>(c);
        }
        // Bold: every run that ties for the best, unless all do; counts (support) are not
        // better or worse.
        if (best >= 0 && name.find("support") == std::string::npos) {
            const double b = m_selected[static_cast<size_t>(best)].metrics.at(name);
            std::vector<int> tied;
            for (size_t c = 0; c < m_selected.size(); ++c) {
                const auto it = m_selected[c].metrics.find(name);
                if (it != m_selected[c].metrics.end() && it->second == b)
                    tied.push_back(static_cast<int>(c));
            }
            QFont font = m_table->font();
            font.setBold(true);
            if (tied.size() < m_selected.size())
                for (int c : tied) m_table->item(row, c)->setFont(font);
        }
        ++row;
    }
}

void RunComparison::setShown(const std::vector<store::RunRecord>* runs,
                             const std::vector<std::string>& metrics) {
    m_shown = runs;
    // The settings offered: the numeric top-level keys of the shown runs' configs (the first
    // thousand tell them: a list of 10,000 runs is redrawn per keystroke of its filter).
    std::set<std::string> parameters;
    const size_t sample = std::min<size_t>(runs->size(), 1000);
    for (const store::RunRecord& run : std::span(runs->data(), sample))
        if (run.config.is_object())
            for (const auto& [key, value] : run.config.items())
                if (value.is_number()) parameters.insert(key);
    const QString parameter = m_parameter->currentText(), metric = m_metric->currentText();
    QSignalBlocker block1(m_parameter), block2(m_metric);
    m_parameter->clear();
    for (const std::string& p : parameters) m_parameter->addItem(QString::fromStdString(p));
    m_metric->clear();
    for (const std::string& m : metrics) m_metric->addItem(QString::fromStdString(m));
    if (int i = m_parameter->findText(parameter); i >= 0) m_parameter->setCurrentIndex(i);
    if (int i = m_metric->findText(metric); i >= 0) m_metric->setCurrentIndex(i);
    drawScatter();
}

void RunComparison::drawScatter() {
    m_scatter->clear();
    const std::string parameter = m_parameter->currentText().toStdString();
    const std::string metric = m_metric->currentText().toStdString();
    if (parameter.empty() || metric.empty() || !m_shown) return;
    std::vector<QPointF> points;
    for (const store::RunRecord& run : *m_shown) {
        const auto m = run.metrics.find(metric);
        if (m == run.metrics.end() || !run.config.is_object() || !run.config.contains(parameter))
            continue;
        const nlohmann::json& value = run.config[parameter];
        if (value.is_number() && std::isfinite(m->second))
            points.emplace_back(value.get<double>(), m->second);
    }
    m_scatter->setAxisTitles(QString::fromStdString(parameter),
                             RunsTableModel::metricTitle(metric));
    const int series = m_scatter->addSeries(tr("runs"), {}, SeriesStyle::Scatter);
    m_scatter->setPoints(series, std::move(points));
}

}  // namespace loupe::widgets
