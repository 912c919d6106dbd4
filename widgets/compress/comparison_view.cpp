#include "widgets/compress/comparison_view.h"

#include <QHeaderView>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include "widgets/charts/chart_view.h"

namespace loupe::widgets {
namespace {

/// Fields of a model that are not metrics.
const std::set<std::string> kFields = {"name",
                                       "plugin",
                                       "parameters",
                                       "nonzero_parameters",
                                       "size_bytes",
                                       "latency_ms_batch1",
                                       "latency_ms_batch1024",
                                       "size_ratio",
                                       "speedup_batch1",
                                       "speedup_batch1024"};

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// The metric names of a model entry, in the document's order (accuracy, roc_auc, ...).
std::vector<std::string> metricsOf(const nlohmann::ordered_json& model) {
    std::vector<std::string> names;
    for (const auto& [key, value] : model.items())
        if (kFields.count(key) == 0 && !endsWith(key, "_change")) names.push_back(key);
    return names;
}

QString number(const nlohmann::ordered_json& value, int decimals) {
    return value.is_number() ? QString::number(value.get<double>(), 'f', decimals)
                             : QStringLiteral("–");
}

QString label(const std::string& metric) {
    if (metric == "accuracy") return QObject::tr("Accuracy");
    if (metric == "roc_auc") return QObject::tr("ROC-AUC");
    if (metric == "roc_auc_ovr_macro") return QObject::tr("ROC-AUC (OvR)");
    if (metric == "r2") return QObject::tr("R²");
    if (metric == "rmse") return QObject::tr("RMSE");
    return QString::fromStdString(metric);
}

/// "accuracy −0.0035, 3.7× smaller, 2.1× faster at 1024" from the entry's change fields.
QString changes(const nlohmann::ordered_json& model, const std::vector<std::string>& metrics) {
    QStringList parts;
    for (const std::string& m : metrics) {
        const auto change = model.find(m + "_change");
        if (change == model.end() || !change->is_number()) continue;
        parts << QStringLiteral("%1 %2%3")
                     .arg(label(m))
                     .arg(change->get<double>() >= 0 ? QStringLiteral("+") : QString())
                     .arg(change->get<double>(), 0, 'f', 4);
    }
    const double ratio = model.value("size_ratio", 0.0);
    if (ratio > 0) parts << QObject::tr("size ×%1").arg(ratio, 0, 'f', 3);
    const double speedup = model.value("speedup_batch1024", 0.0);
    if (speedup > 0) parts << QObject::tr("%1× speed at 1024").arg(speedup, 0, 'f', 2);
    return parts.join(QStringLiteral(", "));
}

}  // namespace

ComparisonView::ComparisonView(QWidget* parent)
    : QWidget(parent), m_table(new QTableWidget), m_chart(new ChartView) {
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_chart->setAxisTitles(tr("Size on disk (KB)"), tr("Accuracy"));
    m_chart->setMinimumHeight(220);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_table);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({160, 320});  // a few rows; the chart gets the rest
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    setComparison({});
}

void ComparisonView::setComparison(const nlohmann::ordered_json& comparison) {
    m_chart->clear();
    const nlohmann::ordered_json models = comparison.is_object() && comparison.contains("models")
                                              ? comparison["models"]
                                              : nlohmann::ordered_json::array();
    const std::vector<std::string> metrics =
        models.empty() ? std::vector<std::string>() : metricsOf(models.front());
    QStringList headers = {tr("Model"),         tr("Parameters"),   tr("Non-zero"),
                           tr("Bytes on disk"), tr("ms (batch 1)"), tr("ms (batch 1024)")};
    for (const std::string& m : metrics) headers << label(m);
    headers << tr("Change from the original");
    m_table->clear();
    m_table->setColumnCount(static_cast<int>(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(static_cast<int>(models.size()));

    const std::string split = comparison.is_object() ? comparison.value("split", "") : "";
    m_chart->setTitle(split.empty() ? QString()
                                    : tr("On the %1 rows").arg(QString::fromStdString(split)));
    m_chart->setAxisTitles(tr("Size on disk (KB)"),
                           metrics.empty() ? tr("Accuracy") : label(metrics.front()));
    double maxX = 0.0, minY = std::numeric_limits<double>::max(), maxY = -minY;
    for (int r = 0; r < static_cast<int>(models.size()); ++r) {
        const nlohmann::ordered_json& m = models[static_cast<size_t>(r)];
        const QString name = QString::fromStdString(m.value("name", ""));
        QStringList cells = {name,
                             QString::number(m.value("parameters", int64_t(0))),
                             QString::number(m.value("nonzero_parameters", int64_t(0))),
                             QString::number(m.value("size_bytes", int64_t(0))),
                             number(m.value("latency_ms_batch1", nlohmann::ordered_json()), 4),
                             number(m.value("latency_ms_batch1024", nlohmann::ordered_json()), 3)};
        for (const std::string& metric : metrics)
            cells << number(m.value(metric, nlohmann::ordered_json()), 4);
        cells << (r == 0 ? tr("(original)") : changes(m, metrics));
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c > 0 && c < cells.size() - 1)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
        if (metrics.empty()) continue;
        const auto y = m.find(metrics.front());
        if (y == m.end() || !y->is_number()) continue;
        const int series =
            r == 0 ? m_chart->addSeries(
                         name == QLatin1String("original") ? name : tr("%1 (original)").arg(name),
                         QColor(Qt::black), SeriesStyle::Scatter)
                   : m_chart->addSeries(name, {}, SeriesStyle::Scatter);
        // KB is a unit change for the axis, not a measurement.
        const QPointF point(m.value("size_bytes", 0.0) / 1024.0, y->get<double>());
        m_chart->setPoints(series, {point});
        maxX = std::max(maxX, point.x());
        minY = std::min(minY, point.y());
        maxY = std::max(maxY, point.y());
    }
    // From 0 KB, so sizes read as proportions; the metric a little around the points (an auto
    // range around equal accuracies would span ±0.5).
    if (m_chart->seriesCount() > 0)
        m_chart->setDefaultRange(QRectF(0.0, minY - 0.05, maxX * 1.1, maxY - minY + 0.07));
    m_table->resizeColumnsToContents();
}

}  // namespace loupe::widgets
