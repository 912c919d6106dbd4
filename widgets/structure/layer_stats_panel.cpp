#include "widgets/structure/layer_stats_panel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

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
      m_histograms{new HistogramView, new HistogramView} {
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
    lines << tr("%1 parameters, %2 nonzero (%3 float32)")
                 .arg(groupedNumber(layer.parameters), groupedNumber(layer.nonzeros),
                      byteSize(double(layer.bytes)))
          << tr("%1 FLOPs and %2 activations per row")
                 .arg(groupedNumber(layer.flops), groupedNumber(layer.activations));
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
    for (int i = 0; i < 2; ++i) {
        const bool has = size_t(i) < layer.params.size();
        m_histograms[i]->setStats(has ? std::optional(layer.params[size_t(i)]) : std::nullopt);
        m_histograms[i]->setVisible(has);
    }
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
    for (HistogramView* h : m_histograms) {
        h->setStats(std::nullopt);
        h->hide();
    }
}

}  // namespace loupe::widgets
