#pragma once
// LayerStatsPanel: the side panel of the Structure view. For a selected layer: what it is
// (shape, activation, parameters, FLOPs, bytes), a table of its weight and bias statistics (mean,
// std, min, max, zeros, sparsity) and their histograms (a dense_int8 layer: its int8 weight codes,
// its bias, and its per-unit scales); for an input, pipeline or output box, its lines. All numbers
// come from core's ModelSummary.

#include <QString>
#include <QStringList>
#include <QWidget>

#include "core/nn/model_summary.h"

class QLabel;
class QTableWidget;

namespace loupe::widgets {

class HistogramView;

/// The selected box's details; see the file comment.
class LayerStatsPanel : public QWidget {
    Q_OBJECT
public:
    /// A panel saying "Click a layer".
    explicit LayerStatsPanel(QWidget* parent = nullptr);

    /// Shows `layer`, headed `heading` (e.g. "Dense 1 — compressed").
    void showLayer(const nn::LayerSummary& layer, const QString& heading);
    /// Shows a box without parameters: its title and lines.
    void showNode(const QString& title, const QStringList& lines);
    /// Shows only `text`.
    void clear(const QString& text);

    QLabel* titleLabel() const { return m_title; }
    /// What the layer is (shape, parameters, FLOPs, bytes) or the box's lines.
    QLabel* detailLabel() const { return m_detail; }
    /// Rows: shape, count, mean, std, min, max, zeros, sparsity; a column per parameter.
    QTableWidget* statsTable() const { return m_table; }
    /// The histogram of the weights (0) or the bias (1); of a dense_int8 layer, its int8 codes
    /// (0) and its bias (1).
    HistogramView* histogram(int i) const { return m_histograms[i]; }
    /// A dense_int8 layer's per-unit weight scales, one bar each; hidden for other layers.
    HistogramView* unitScales() const { return m_unitScales; }

private:
    QLabel *m_title, *m_detail;
    QTableWidget* m_table;
    HistogramView* m_histograms[2];
    HistogramView* m_unitScales;
};

}  // namespace loupe::widgets
