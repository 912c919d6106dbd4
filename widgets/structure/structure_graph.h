#pragma once
// StructureGraph: a model drawn as a graph, left to right: Input (columns) -> pipeline steps ->
// layers -> Output (classes). Each layer box says what it is, its shape, parameters and FLOPs
// per row, with a bar of its nonzero share. With a second (compressed) model the two are drawn
// one above the other, layer under layer. Laid out once in scene coordinates (pixels at zoom 1)
// and painted onto any device, so the view, PNG and SVG exports draw the same thing.

#include <QColor>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/nn/model_summary.h"

class QPainter;

namespace loupe::widgets {

/// One box of the graph.
struct GraphNode {
    enum class Kind { Input, Pipeline, Layer, Output };
    Kind kind = Kind::Layer;
    int side = 0;            ///< 0: the model, 1: the compressed model
    int64_t index = -1;      ///< Pipeline: step index; Layer: LayerSummary::index; else -1
    QRectF rect;             ///< scene coordinates
    QString title;           ///< first line, bold
    QStringList lines;       ///< the lines under it
    double density = -1.0;   ///< share of nonzero parameters; -1 for nodes without parameters
    int highlightLine = -1;  ///< the line drawn in the accent colour (a change), or -1
    QColor fill;
};

/// The graph of one model, or of a model and its compressed version.
class StructureGraph {
public:
    StructureGraph() = default;
    /// Lays out `model` (and `compressed` below it when given); names head each row.
    StructureGraph(std::shared_ptr<const nn::ModelSummary> model, QString modelName,
                   std::shared_ptr<const nn::ModelSummary> compressed = {},
                   QString compressedName = {});

    bool isEmpty() const { return !m_model; }
    bool comparing() const { return m_compressed != nullptr; }
    /// The summary drawn on `side` (0 or 1), or null.
    const nn::ModelSummary* summary(int side) const;
    const std::vector<GraphNode>& nodes() const { return m_nodes; }
    /// The scene's size: every node and label inside it.
    QSizeF size() const { return m_size; }
    /// The node under `scenePos`, or -1.
    int nodeAt(QPointF scenePos) const;
    /// The node of layer `layerIndex` on `side`, or -1.
    int layerNode(int side, int64_t layerIndex) const;

    /// Paints the graph at zoom 1 (the painter's transform scales it), `selected` node outlined.
    void paint(QPainter& painter, int selected = -1) const;
    /// Writes the whole graph to `path`: SVG when it ends in .svg (vector text), PNG otherwise
    /// (at twice the pixels, for print). Through QSaveFile; false, saying why in `error`.
    bool write(const QString& path, QString* error = nullptr) const;

private:
    void layOutRow(const nn::ModelSummary& summary, int side, double top,
                   const nn::ModelSummary* other);

    std::shared_ptr<const nn::ModelSummary> m_model, m_compressed;
    QString m_names[2];
    double m_rowTop[2] = {0.0, 0.0};
    std::vector<GraphNode> m_nodes;
    QSizeF m_size;
};

/// How a layer type or activation is written: "ReLU", "GELU", "linear" (identity), "Tanh", ...
QString activationLabel(const std::string& name);
/// "1,984" (thousands grouped).
QString groupedNumber(int64_t value);
/// "3.9k", "1.2M", "512": a count in three significant figures.
QString shortNumber(double value);
/// "12.5 KB", "4.0 MB", "800 B".
QString byteSize(double bytes);

}  // namespace loupe::widgets
