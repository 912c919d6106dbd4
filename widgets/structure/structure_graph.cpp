#include "widgets/structure/structure_graph.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QSaveFile>
#include <QSvgGenerator>
#include <algorithm>
#include <cmath>
#include <utility>

namespace loupe::widgets {
namespace {

constexpr double kMargin = 24.0;
constexpr double kNodeWidth = 150.0;
constexpr double kGap = 46.0;  // between boxes: the arrow and its width label
constexpr double kPad = 8.0;   // inside a box
constexpr double kTitleHeight = 20.0;
constexpr double kLineHeight = 16.0;
constexpr double kBarHeight = 5.0;      // the nonzero-share bar
constexpr double kHeaderHeight = 30.0;  // the row's name and totals
constexpr double kRowGap = 36.0;
constexpr int kColumnsListed = 4;  // input columns and classes named in a box

const QColor kInk(0x26, 0x32, 0x38);
const QColor kMuted(0x5f, 0x6b, 0x7a);
const QColor kBorder(0x8a, 0x9b, 0xb3);
const QColor kSelected(0xe8, 0x71, 0x0a);
const QColor kBarBack(0xd5, 0xdc, 0xe6);
const QColor kBarFill(0x3b, 0x74, 0xc8);

QFont titleFont() {
    QFont f = QGuiApplication::font();
    f.setPixelSize(13);
    f.setBold(true);
    return f;
}

QFont textFont() {
    QFont f = QGuiApplication::font();
    f.setPixelSize(12);
    return f;
}

QString percent(double share) {
    return QString::number(100.0 * share, 'f', share > 0.0 && share < 0.01 ? 2 : 1) +
           QLatin1Char('%');
}

QStringList listed(const std::vector<std::string>& names) {
    QStringList lines;
    for (size_t i = 0; i < names.size() && i < size_t(kColumnsListed); ++i)
        lines << QString::fromStdString(names[i]);
    if (names.size() > size_t(kColumnsListed))
        lines << QStringLiteral("… %1 more").arg(names.size() - kColumnsListed);
    return lines;
}

GraphNode makeLayerNode(const nn::LayerSummary& l, const nn::LayerSummary* before) {
    GraphNode n;
    n.kind = GraphNode::Kind::Layer;
    n.index = l.index;
    const QString shape = QStringLiteral("%1→%2").arg(l.inputs).arg(l.outputs);
    if (l.type == "dense" || l.int8) {
        n.title = (l.int8 ? QStringLiteral("Dense int8 ") : QStringLiteral("Dense ")) + shape;
        n.lines << activationLabel(l.activation)
                << QStringLiteral("%1 params").arg(groupedNumber(l.parameters))
                << QStringLiteral("%1 FLOPs").arg(shortNumber(double(l.flops)));
        if (l.sparsity() >= 0.0005)
            n.lines << QStringLiteral("%1 zeros").arg(percent(l.sparsity()));
        if (before && before->parameters > 0 && before->parameters != l.parameters) {
            n.highlightLine = int(n.lines.size());
            n.lines << QStringLiteral("%1%2 params")
                           .arg(l.parameters > before->parameters ? "+" : "−")
                           .arg(percent(std::abs(double(l.parameters - before->parameters)) /
                                        double(before->parameters)));
        }
        n.density = l.parameters > 0 ? double(l.nonzeros) / double(l.parameters) : 0.0;
        n.fill = QColor(0xdb, 0xe9, 0xfb);
    } else if (l.type == "dropout") {
        n.title = QStringLiteral("Dropout");
        n.lines << QStringLiteral("rate %1").arg(l.dropoutRate, 0, 'g', 3) << shape
                << QStringLiteral("0 FLOPs (inference)");
        n.fill = QColor(0xf1, 0xf1, 0xf1);
    } else {
        n.title = activationLabel(l.type);
        n.lines << shape << QStringLiteral("%1 FLOPs").arg(shortNumber(double(l.flops)));
        n.fill = QColor(0xf6, 0xf1, 0xdc);
    }
    return n;
}

GraphNode pipelineNode(const nn::PipelineStepSummary& step, int64_t index) {
    GraphNode n;
    n.kind = GraphNode::Kind::Pipeline;
    n.index = index;
    const QString kind = QString::fromStdString(step.kind);
    n.title = kind == QLatin1String("one-hot") ? QStringLiteral("One-hot")
                                               : kind.left(1).toUpper() + kind.mid(1);
    if (!step.method.empty()) n.lines << QString::fromStdString(step.method);
    n.lines << QStringLiteral("%1 of %2 columns").arg(step.columns.size()).arg(step.inputs);
    if (step.outputs != step.inputs)
        n.lines << QStringLiteral("%1→%2 wide").arg(step.inputs).arg(step.outputs);
    n.fill = QColor(0xe6, 0xf4, 0xea);
    return n;
}

double nodeHeight(const GraphNode& n) {
    return 2 * kPad + kTitleHeight + kLineHeight * n.lines.size() +
           (n.density >= 0.0 ? kBarHeight + 6.0 : 0.0);
}

QString header(const nn::ModelSummary& s, const QString& name) {
    int dense = 0;
    for (const auto& l : s.layers) dense += l.type == "dense" || l.int8;
    QString text = QStringLiteral("%1 — %2 dense layers, %3 parameters (%4), %5 FLOPs per row")
                       .arg(name)
                       .arg(dense)
                       .arg(groupedNumber(s.parameters), byteSize(double(s.bytes)),
                            shortNumber(double(s.flops)));
    if (s.sparsity() >= 0.0005) text += QStringLiteral(", %1 zeros").arg(percent(s.sparsity()));
    return text;
}

}  // namespace

QString activationLabel(const std::string& name) {
    if (name == "identity") return QStringLiteral("linear");
    if (name == "relu") return QStringLiteral("ReLU");
    if (name == "gelu") return QStringLiteral("GELU");
    QString s = QString::fromStdString(name);
    if (!s.isEmpty()) s[0] = s[0].toUpper();
    return s;
}

QString groupedNumber(int64_t value) {
    QLocale c(QLocale::English);
    return c.toString(qlonglong(value));
}

QString shortNumber(double value) {
    const double a = std::abs(value);
    if (a < 1000.0) return QString::number(value, 'f', 0);
    const char* suffix = a < 1e6 ? "k" : a < 1e9 ? "M" : "G";
    const double scaled = value / (a < 1e6 ? 1e3 : a < 1e9 ? 1e6 : 1e9);
    const int decimals = std::abs(scaled) < 10.0 ? 1 : 0;
    return QString::number(scaled, 'f', decimals) + QLatin1String(suffix);
}

QString byteSize(double bytes) {
    if (bytes < 1024.0) return QStringLiteral("%1 B").arg(bytes, 0, 'f', 0);
    if (bytes < 1024.0 * 1024.0) return QStringLiteral("%1 KB").arg(bytes / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
}

StructureGraph::StructureGraph(std::shared_ptr<const nn::ModelSummary> model, QString modelName,
                               std::shared_ptr<const nn::ModelSummary> compressed,
                               QString compressedName)
    : m_model(std::move(model)), m_compressed(std::move(compressed)) {
    m_names[0] = std::move(modelName);
    m_names[1] = std::move(compressedName);
    if (!m_model) return;
    layOutRow(*m_model, 0, kMargin, nullptr);
    if (m_compressed) layOutRow(*m_compressed, 1, m_size.height() + kRowGap, m_model.get());
}

const nn::ModelSummary* StructureGraph::summary(int side) const {
    return side == 0 ? m_model.get() : side == 1 ? m_compressed.get() : nullptr;
}

void StructureGraph::layOutRow(const nn::ModelSummary& s, int side, double top,
                               const nn::ModelSummary* other) {
    std::vector<GraphNode> row;
    GraphNode input;
    input.kind = GraphNode::Kind::Input;
    input.title = QStringLiteral("Input");
    input.lines << QStringLiteral("%1 columns").arg(s.inputColumns.size())
                << listed(s.inputColumns);
    input.fill = QColor(0xe8, 0xee, 0xf7);
    row.push_back(input);
    for (size_t i = 0; i < s.pipeline.size(); ++i)
        row.push_back(pipelineNode(s.pipeline[i], int64_t(i)));
    // The k-th layer with parameters is compared with the other model's k-th.
    std::vector<const nn::LayerSummary*> otherDense;
    if (other)
        for (const auto& l : other->layers)
            if (!l.params.empty()) otherDense.push_back(&l);
    size_t k = 0;
    for (const auto& l : s.layers) {
        const nn::LayerSummary* before = nullptr;
        if (!l.params.empty() && k < otherDense.size()) before = otherDense[k];
        if (!l.params.empty()) ++k;
        row.push_back(makeLayerNode(l, before));
    }
    GraphNode output;
    output.kind = GraphNode::Kind::Output;
    output.title = QStringLiteral("Output");
    if (s.task == data::Task::Classification)
        output.lines << QStringLiteral("%1 classes").arg(s.outputs.size()) << listed(s.outputs);
    else
        output.lines << QStringLiteral("value") << listed(s.outputs);
    output.fill = input.fill;
    row.push_back(output);

    double tallest = 0.0;
    for (const auto& n : row) tallest = std::max(tallest, nodeHeight(n));
    m_rowTop[side] = top;
    const double axis = top + kHeaderHeight + tallest / 2.0;
    double x = kMargin;
    for (auto& n : row) {
        const double h = nodeHeight(n);
        n.side = side;
        n.rect = QRectF(x, axis - h / 2.0, kNodeWidth, h);
        x += kNodeWidth + kGap;
        m_nodes.push_back(std::move(n));
    }
    // The header may be wider than the boxes.
    const double headerWidth =
        QFontMetricsF(titleFont()).horizontalAdvance(header(s, m_names[side]));
    const double width = std::max(x - kGap, kMargin + headerWidth) + kMargin;
    m_size = QSizeF(std::max(m_size.width(), width), top + kHeaderHeight + tallest + kMargin);
}

int StructureGraph::nodeAt(QPointF scenePos) const {
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].rect.contains(scenePos)) return int(i);
    return -1;
}

int StructureGraph::layerNode(int side, int64_t layerIndex) const {
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].side == side && m_nodes[i].kind == GraphNode::Kind::Layer &&
            m_nodes[i].index == layerIndex)
            return int(i);
    return -1;
}

void StructureGraph::paint(QPainter& painter, int selected) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.fillRect(QRectF(QPointF(0, 0), m_size), Qt::white);
    const QFont title = titleFont(), text = textFont();
    for (int side = 0; side < (m_compressed ? 2 : 1); ++side) {
        painter.setFont(title);
        painter.setPen(kInk);
        painter.drawText(QRectF(kMargin, m_rowTop[side], m_size.width(), kHeaderHeight - 8),
                         Qt::AlignLeft | Qt::AlignVCenter, header(*summary(side), m_names[side]));
    }
    // Arrows between consecutive boxes of a row, labelled with the width that flows.
    painter.setFont(text);
    for (size_t i = 0; i + 1 < m_nodes.size(); ++i) {
        const GraphNode &a = m_nodes[i], &b = m_nodes[i + 1];
        if (a.side != b.side) continue;
        const double y = a.rect.center().y();
        const QPointF from(a.rect.right(), y), to(b.rect.left() - 1.0, y);
        painter.setPen(QPen(kMuted, 1.4));
        painter.drawLine(from, to - QPointF(6, 0));
        QPainterPath head;
        head.moveTo(to);
        head.lineTo(to + QPointF(-8, -4.5));
        head.lineTo(to + QPointF(-8, 4.5));
        head.closeSubpath();
        painter.fillPath(head, kMuted);
        QString width;
        const nn::ModelSummary& s = *summary(a.side);
        if (a.kind == GraphNode::Kind::Input)
            width = QString::number(s.inputColumns.size());
        else if (a.kind == GraphNode::Kind::Pipeline)
            width = QString::number(s.pipeline[size_t(a.index)].outputs);
        else if (a.kind == GraphNode::Kind::Layer)
            width = QString::number(s.layers[size_t(a.index)].outputs);
        painter.setPen(kMuted);
        painter.drawText(QRectF(from.x(), y - 20, to.x() - from.x(), 16), Qt::AlignCenter, width);
    }
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        const GraphNode& n = m_nodes[i];
        const bool isSelected = int(i) == selected;
        painter.setPen(QPen(isSelected ? kSelected : kBorder, isSelected ? 2.6 : 1.0));
        painter.setBrush(n.fill);
        painter.drawRoundedRect(n.rect, 6, 6);
        const QRectF inner = n.rect.adjusted(kPad, kPad, -kPad, -kPad);
        painter.setPen(kInk);
        painter.setFont(title);
        const QFontMetricsF titleMetrics(title);
        painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), kTitleHeight),
                         Qt::AlignLeft | Qt::AlignTop,
                         titleMetrics.elidedText(n.title, Qt::ElideRight, inner.width()));
        painter.setFont(text);
        const QFontMetricsF textMetrics(text);
        double y = inner.top() + kTitleHeight;
        for (int k = 0; k < n.lines.size(); ++k) {
            const QString& line = n.lines[k];
            painter.setPen(k == n.highlightLine ? kSelected : kMuted);
            painter.drawText(QRectF(inner.left(), y, inner.width(), kLineHeight),
                             Qt::AlignLeft | Qt::AlignVCenter,
                             textMetrics.elidedText(line, Qt::ElideRight, inner.width()));
            y += kLineHeight;
        }
        if (n.density >= 0.0) {
            const QRectF bar(inner.left(), inner.bottom() - kBarHeight, inner.width(), kBarHeight);
            painter.setPen(Qt::NoPen);
            painter.setBrush(kBarBack);
            painter.drawRect(bar);
            painter.setBrush(kBarFill);
            painter.drawRect(QRectF(bar.topLeft(), QSizeF(bar.width() * n.density, kBarHeight)));
        }
    }
    painter.restore();
}

bool StructureGraph::write(const QString& path, QString* error) const {
    auto fail = [error](const QString& message) {
        if (error) *error = message;
        return false;
    };
    if (isEmpty()) return fail(QCoreApplication::translate("StructureGraph", "no model to export"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("%1: %2").arg(path, file.errorString()));
    const QSize size = m_size.toSize();
    if (QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRectF(QPointF(0, 0), m_size));
        svg.setResolution(96);  // viewers show it at `size` pixels, as the view does at zoom 1
        svg.setTitle(QStringLiteral("Model structure"));
        QPainter painter;
        if (!painter.begin(&svg)) return fail(QStringLiteral("%1: cannot draw SVG").arg(path));
        paint(painter);
        painter.end();
    } else {
        QImage image(size * 2, QImage::Format_RGB32);
        image.setDevicePixelRatio(2.0);
        image.fill(Qt::white);
        QPainter painter(&image);
        paint(painter);
        painter.end();
        if (!image.save(&file, "PNG"))
            return fail(QStringLiteral("%1: cannot encode PNG").arg(path));
    }
    if (!file.commit()) return fail(QStringLiteral("%1: %2").arg(path, file.errorString()));
    return true;
}

}  // namespace loupe::widgets
