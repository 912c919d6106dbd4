#include "widgets/train/cross_validation_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <utility>

#include "widgets/charts/line_chart.h"

namespace loupe::widgets {
namespace {

QTableWidgetItem* valueItem(const nlohmann::json& value) {
    auto* item = new QTableWidgetItem;
    if (value.is_number())
        item->setText(QString::number(value.get<double>(), 'f', 4));
    else
        item->setText(QStringLiteral("–"));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

}  // namespace

CrossValidationView::CrossValidationView(QWidget* parent) : QWidget(parent) {
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_curve = new QComboBox;
    m_curve->addItem(tr("Validation loss"));
    m_curve->addItem(tr("Validation metric"));
    m_chart = new LineChart;
    m_chart->setLogYToggleEnabled(true);
    m_table = new QTableWidget;
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setMinimumHeight(120);

    auto* curveRow = new QHBoxLayout;
    curveRow->addWidget(new QLabel(tr("Per-fold curve")));
    curveRow->addWidget(m_curve);
    curveRow->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addLayout(curveRow);
    layout->addWidget(m_chart, 3);
    layout->addWidget(m_table, 2);

    connect(m_curve, &QComboBox::currentIndexChanged, this, &CrossValidationView::drawCurves);
    clear(tr("Choose a number of folds under Training and press Cross-validate: each fold "
             "trains the model on the other folds and is measured on its held-out rows."));
}

void CrossValidationView::clear(const QString& status) {
    m_cv = {};
    m_json = nullptr;
    m_chart->clear();
    m_chart->setTitle(QString());
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    setStatus(status);
}

void CrossValidationView::setStatus(const QString& status) { m_status->setText(status); }

void CrossValidationView::showResult(const train::CrossValidation& cv) {
    m_cv = cv;
    m_json = train::crossValidationJson(cv);
    const nlohmann::json& metrics = m_json["metrics"];
    const nlohmann::json& folds = m_json["per_fold"];
    QStringList columns{tr("mean"), tr("std")};
    for (const nlohmann::json& fold : folds)
        columns << tr("fold %1").arg(fold["fold"].get<long long>());
    m_table->clear();
    m_table->setColumnCount(static_cast<int>(columns.size()));
    m_table->setHorizontalHeaderLabels(columns);
    m_table->setRowCount(static_cast<int>(metrics.size()));
    QStringList rows;
    int row = 0;
    for (const auto& [name, stats] : metrics.items()) {
        rows << QString::fromStdString(name);
        m_table->setItem(row, 0, valueItem(stats["mean"]));
        m_table->setItem(row, 1, valueItem(stats["std"]));
        int column = 2;
        for (const nlohmann::json& fold : folds) {
            const nlohmann::json& report = fold["report"];
            m_table->setItem(row, column++,
                             valueItem(report.contains(name) ? report[name] : nlohmann::json()));
        }
        ++row;
    }
    m_table->setVerticalHeaderLabels(rows);
    m_table->resizeColumnsToContents();
    drawCurves();
}

void CrossValidationView::drawCurves() {
    m_chart->clear();
    const bool metric = m_curve->currentIndex() == 1;
    QString metricName = tr("metric");
    for (const train::FoldResult& fold : m_cv.folds) {
        if (!fold.history.valMetricName.empty())
            metricName = QString::fromStdString(fold.history.valMetricName);
        const int series = m_chart->addSeries(tr("fold %1").arg(fold.fold));
        std::vector<QPointF> points;
        for (const train::EpochRecord& e : fold.history.epochs) {
            const double y = metric ? e.valMetric : e.valLoss;
            if (std::isfinite(y)) points.emplace_back(static_cast<double>(e.epoch), y);
        }
        m_chart->setPoints(series, std::move(points));
    }
    if (m_cv.folds.empty()) return;
    m_chart->setTitle(metric ? tr("%1 per epoch, each fold").arg(metricName)
                             : tr("Validation loss per epoch, each fold"));
    m_chart->setAxisTitles(tr("epoch"), metric ? metricName : tr("loss"));
}

}  // namespace loupe::widgets
