#include "widgets/structure/layer_stats_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <vector>

#include "widgets/structure/histogram_view.h"
#include "widgets/structure/structure_graph.h"

namespace loupe::widgets {
namespace {

QString number(double v) { return QString::number(v, 'g', 4); }

}  // namespace

LayerStatsPanel::LayerStatsPanel(QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel),
      m_detail(new QLabel),
      m_table(new QTableWidget),
      m_histograms{new HistogramView, new HistogramView},
      m_unitScales(new HistogramView) {
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    m_title->setWordWrap(true);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_detail);
    layout->addWidget(m_table);
    layout->addWidget(m_histograms[0]);
    layout->addWidget(m_histograms[1]);
    layout->addWidget(m_unitScales);
    layout->addStretch(1);
    setMinimumWidth(300);
    clear(tr("Click a layer to see its weights."));
}

void LayerStatsPanel::showLayer(const nn::LayerSummary& layer, const QString& heading) {
    m_title->setText(heading);
    QStringList lines;
    lines << tr("%1 → %2 columns").arg(layer.inputs).arg(layer.outputs);
    if (!layer.activation.empty())
        lines << tr("activation: %1").arg(activationLabel(layer.activation));
    if (layer.type == "dropout") lines << tr("rate %1 (training only)").arg(layer.dropoutRate);
    lines << (layer.int8
                  ? tr("%1 parameters, %2 nonzero (%3: int8 weights, float32 scales and bias)")
                  : tr("%1 parameters, %2 nonzero (%3 float32)"))
                 .arg(groupedNumber(layer.parameters), groupedNumber(layer.nonzeros),
                      byteSize(double(layer.bytes)))
          << tr("%1 FLOPs and %2 activations per row")
                 .arg(groupedNumber(layer.flops), groupedNumber(layer.activations));
    if (layer.int8) {
        const nn::Int8Summary& q = layer.int8Stats;
        lines << tr("int8: input quantized to u8 with step %1 and zero point %2")
                     .arg(number(q.inputScale))
                     .arg(q.inputZeroPoint)
              << tr("%1 of %2 weight codes at ±127; unit scales %3 to %4")
                     .arg(groupedNumber(q.saturated), groupedNumber(q.codes.count),
                          number(q.scaleMin), number(q.scaleMax));
    }
    m_detail->setText(lines.join(QLatin1Char('\n')));
    const QStringList rows{tr("shape"), tr("count"), tr("mean"),  tr("std"),
                           tr("min"),   tr("max"),   tr("zeros"), tr("sparsity")};
    m_table->clear();
    m_table->setRowCount(layer.params.empty() ? 0 : int(rows.size()));
    m_table->setColumnCount(int(layer.params.size()));
    m_table->setVerticalHeaderLabels(rows);
    for (size_t c = 0; c < layer.params.size(); ++c) {
        const nn::ParameterStats& s = layer.params[c];
        m_table->setHorizontalHeaderItem(int(c),
                                         new QTableWidgetItem(QString::fromStdString(s.name)));
        const QStringList values{QStringLiteral("%1×%2").arg(s.rows).arg(s.cols),
                                 groupedNumber(s.count),
                                 number(s.mean),
                                 number(s.std),
                                 number(s.min),
                                 number(s.max),
                                 groupedNumber(s.zeros),
                                 QString::number(100.0 * s.sparsity, 'f', 2) + QLatin1Char('%')};
        for (int r = 0; r < values.size(); ++r) {
            auto* item = new QTableWidgetItem(values[r]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, int(c), item);
        }
    }
    m_table->resizeRowsToContents();
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth() + 2;
    for (int r = 0; r < m_table->rowCount(); ++r) height += m_table->rowHeight(r);
    m_table->setFixedHeight(height);  // no empty band under the last row
    m_table->setVisible(!layer.params.empty());
    // A dense_int8 layer's parameters are weight (codes), weight_scale, bias: the codes binned
    // by code, the bias, and the scales per unit rather than as a histogram.
    std::vector<const nn::ParameterStats*> shown;
    if (layer.int8 && layer.params.size() == 3)
        shown = {&layer.int8Stats.codes, &layer.params[2]};
    else
        for (size_t i = 0; i < std::min<size_t>(2, layer.params.size()); ++i)
            shown.push_back(&layer.params[i]);
    for (int i = 0; i < 2; ++i) {
        const bool has = size_t(i) < shown.size();
        m_histograms[i]->setStats(has ? std::optional(*shown[size_t(i)]) : std::nullopt);
        m_histograms[i]->setVisible(has);
    }
    if (layer.int8)
        m_unitScales->setSeries(tr("weight scale per unit [%1]").arg(layer.outputs),
                                layer.int8Stats.unitScales, layer.int8Stats.scaleMin,
                                layer.int8Stats.scaleMax);
    else
        m_unitScales->setStats(std::nullopt);
    m_unitScales->setVisible(layer.int8);
}

void LayerStatsPanel::showNode(const QString& title, const QStringList& lines) {
    clear(lines.join(QLatin1Char('\n')));
    m_title->setText(title);
}

void LayerStatsPanel::clear(const QString& text) {
    m_title->clear();
    m_detail->setText(text);
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_table->hide();
    for (HistogramView* h : {m_histograms[0], m_histograms[1], m_unitScales}) {
        h->setStats(std::nullopt);
        h->hide();
    }
}

}  // namespace loupe::widgets
