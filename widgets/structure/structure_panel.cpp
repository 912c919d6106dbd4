#include "widgets/structure/structure_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <utility>

#include "widgets/structure/layer_stats_panel.h"
#include "widgets/structure/structure_graph.h"
#include "widgets/structure/structure_view.h"

namespace loupe::widgets {
namespace {

QString percent(double share) { return QString::number(100.0 * share, 'f', 1) + QLatin1Char('%'); }

QString signedCount(int64_t change) {
    if (change == 0) return QStringLiteral("0");
    return (change > 0 ? QStringLiteral("+") : QStringLiteral("−")) +
           groupedNumber(std::abs(change));
}

QString shapeOf(const nn::LayerSummary& l, bool present) {
    // The weight matrix's shape, [inputs × units].
    return present ? QStringLiteral("%1×%2").arg(l.inputs).arg(l.outputs) : QStringLiteral("—");
}

QString pair(const QString& a, const QString& b) {
    return a == b ? a : QStringLiteral("%1 → %2").arg(a, b);
}

}  // namespace

StructurePanel::StructurePanel(QWidget* parent)
    : QWidget(parent),
      m_view(new StructureView),
      m_stats(new LayerStatsPanel),
      m_table(new QTableWidget),
      m_fitButton(new QPushButton(tr("Fit"))),
      m_compareButton(new QPushButton(tr("Compare with model file…"))),
      m_clearButton(new QPushButton(tr("Clear comparison"))),
      m_error(new QLabel) {
    m_view->setPlaceholder(tr("Train a model first: this view shows the model of the last run."));
    m_view->setToolTip(
        tr("Wheel or +/- zooms, drag pans, 0 fits; click a layer for its weights; "
           "right-click to export PNG or SVG"));
    m_compareButton->setToolTip(
        tr("Draw a compressed version of this model (a .h5 model file) under it, layer by layer"));
    m_error->setStyleSheet(QStringLiteral("color: #b3261e"));
    m_error->setWordWrap(true);
    m_error->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->hide();

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_fitButton);
    bar->addWidget(m_compareButton);
    bar->addWidget(m_clearButton);
    bar->addStretch(1);
    auto* graphs = new QSplitter(Qt::Vertical);
    graphs->addWidget(m_view);
    graphs->addWidget(m_table);
    graphs->setStretchFactor(0, 3);
    graphs->setStretchFactor(1, 1);
    graphs->setChildrenCollapsible(false);
    auto* side = new QScrollArea;
    side->setWidget(m_stats);
    side->setWidgetResizable(true);
    side->setFrameShape(QFrame::NoFrame);
    side->setMinimumWidth(330);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(graphs);
    split->addWidget(side);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);

    connect(m_fitButton, &QPushButton::clicked, m_view, &StructureView::fit);
    connect(m_compareButton, &QPushButton::clicked, this, &StructurePanel::compareRequested);
    connect(m_clearButton, &QPushButton::clicked, this, &StructurePanel::clearComparison);
    connect(m_view, &StructureView::nodeSelected, this, &StructurePanel::showSelection);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (!m_compressed || row < 0) return;
        const int64_t layer = m_table->item(row, 0)->data(Qt::UserRole).toLongLong();
        if (layer >= 0) m_view->selectNode(m_view->graph().layerNode(1, layer));
    });
    rebuild();
}

void StructurePanel::setModel(std::shared_ptr<const nn::ModelSummary> model, const QString& name) {
    m_model = std::move(model);
    m_name = name;
    m_compressed.reset();
    m_error->hide();
    rebuild();
}

void StructurePanel::setComparison(std::shared_ptr<const nn::ModelSummary> compressed,
                                   const QString& name) {
    if (!m_model) return;
    m_compressed = std::move(compressed);
    m_compressedName = name;
    m_error->hide();
    rebuild();
}

void StructurePanel::clearComparison() {
    m_compressed.reset();
    rebuild();
}

void StructurePanel::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
}

void StructurePanel::rebuild() {
    m_view->setGraph(m_model ? StructureGraph(m_model, m_name, m_compressed, m_compressedName)
                             : StructureGraph());
    m_compareButton->setEnabled(m_model != nullptr);
    m_fitButton->setEnabled(m_model != nullptr);
    m_clearButton->setVisible(m_compressed != nullptr);
    m_stats->clear(m_model ? tr("Click a layer to see its weights.") : QString());
    fillTable();
}

void StructurePanel::showSelection(int node) {
    const StructureGraph& graph = m_view->graph();
    if (node < 0 || node >= int(graph.nodes().size()))
        return m_stats->clear(tr("Click a layer to see its weights."));
    const GraphNode& n = graph.nodes()[size_t(node)];
    const QString side = !graph.comparing() ? QString()
                         : n.side == 0      ? tr(" — %1").arg(m_name)
                                            : tr(" — %1").arg(m_compressedName);
    if (n.kind != GraphNode::Kind::Layer) return m_stats->showNode(n.title + side, n.lines);
    m_stats->showLayer(graph.summary(n.side)->layers[size_t(n.index)], n.title + side);
}

void StructurePanel::fillTable() {
    m_table->clear();
    if (!m_model || !m_compressed) {
        m_table->setRowCount(0);
        m_table->hide();
        return;
    }
    const nn::ModelComparison c = nn::compareModels(*m_model, *m_compressed);
    const QStringList headers{tr("Layer"),    tr("Weight shape"), tr("Parameters"), tr("Nonzeros"),
                              tr("Sparsity"), tr("Bytes"),        tr("Change")};
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(c.layers.size()) + 1);
    auto fill = [this](int row, const nn::LayerComparison& r, bool total) {
        const bool a = total || r.originalIndex >= 0, b = total || r.compressedIndex >= 0;
        const nn::LayerSummary &o = r.original, &p = r.compressed;
        const double kept = o.nonzeros > 0 ? double(p.nonzeros) / double(o.nonzeros) - 1.0 : 0.0;
        QString change = tr("%1 nonzeros (%2)")
                             .arg(signedCount(r.nonzeroChange), (kept > 0   ? QStringLiteral("+")
                                                                 : kept < 0 ? QStringLiteral("−")
                                                                            : QString()) +
                                                                    percent(std::abs(kept)));
        if (r.byteChange != 0) change += tr(", %1 bytes").arg(signedCount(r.byteChange));
        const QStringList cells{QString::fromStdString(r.label),
                                total ? QString() : pair(shapeOf(o, a), shapeOf(p, b)),
                                pair(groupedNumber(o.parameters), groupedNumber(p.parameters)),
                                pair(groupedNumber(o.nonzeros), groupedNumber(p.nonzeros)),
                                pair(percent(o.sparsity()), percent(p.sparsity())),
                                pair(byteSize(double(o.bytes)), byteSize(double(p.bytes))),
                                change};
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            if (col > 0 && col + 1 < cells.size())
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (total) {
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
            }
            m_table->setItem(row, col, item);
        }
        m_table->item(row, 0)->setData(Qt::UserRole, qlonglong(total ? -1 : r.compressedIndex));
    };
    for (size_t i = 0; i < c.layers.size(); ++i) fill(int(i), c.layers[i], false);
    fill(int(c.layers.size()), c.total, true);
    m_table->resizeColumnsToContents();
    m_table->resizeRowsToContents();
    // Every row in sight (a model rarely has more than a dozen dense layers); the graph gets the
    // rest of the height.
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth() + 2;
    for (int r = 0; r < m_table->rowCount(); ++r) height += m_table->rowHeight(r);
    m_table->setFixedHeight(std::min(height, 360));
    m_table->show();
}

}  // namespace loupe::widgets
