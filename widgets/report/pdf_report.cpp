#include "widgets/report/pdf_report.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>
#include <QTextLayout>
#include <algorithm>
#include <functional>
#include <numeric>

namespace loupe::widgets {
namespace {

// Layout is in pixels at 96 dpi, as the charts are drawn; the painter scales them to the page.
constexpr qreal kLayoutDpi = 96, kPdfDpi = 300;
constexpr qreal kFooter = 26, kCellPadX = 6, kCellPadY = 3, kChartGap = 12;

QFont font(qreal pixels, bool bold = false) {
    QFont f;
    f.setPixelSize(static_cast<int>(pixels));
    f.setBold(bold);
    return f;
}

/// Text wrapped at word boundaries, or anywhere inside a word too long for a line (a path).
struct Wrapped {
    Wrapped(const QString& text, const QFont& f, qreal width) : layout(text, f) {
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(option);
        layout.beginLayout();
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            line.setPosition(QPointF(0, height));
            height += line.height();
        }
        layout.endLayout();
    }
    QTextLayout layout;
    qreal height = 0;
};

qreal textHeight(const QString& text, const QFont& f, qreal width) {
    return Wrapped(text, f, width).height;
}

void drawText(QPainter& p, const QString& text, const QFont& f, const QRectF& rect,
              const QColor& colour, bool right = false) {
    const Wrapped w(text, f, rect.width());
    p.setPen(colour);
    if (right && w.layout.lineCount() == 1) {
        const qreal width = w.layout.lineAt(0).naturalTextWidth();
        w.layout.draw(&p, QPointF(rect.right() - width, rect.top()));
        return;
    }
    w.layout.draw(&p, rect.topLeft());
}

using Paint = std::function<void(QPainter&)>;

/// Places blocks top to bottom on pages of `width` x `height`, starting a page where one does not
/// fit; a later pass paints every page with its footer.
class Pager {
public:
    Pager(qreal width, qreal height) : m_width(width), m_height(height) { m_pages.emplace_back(); }

    qreal width() const { return m_width; }
    qreal room() const { return m_height - m_y; }
    bool atTop() const { return m_y == 0; }
    void newPage() {
        m_pages.emplace_back();
        m_y = 0;
    }
    /// Makes sure `height` fits on this page (starting a new one unless it is already empty).
    void need(qreal height) {
        if (height > room() && !atTop()) newPage();
    }
    /// Adds something `height` tall at the current position; `paint` gets its top-left.
    void place(qreal height, std::function<void(QPainter&, QPointF)> paint) {
        const QPointF at(0, m_y);
        m_pages.back().push_back([paint, at](QPainter& p) { paint(p, at); });
        m_y += height;
    }
    void skip(qreal height) { m_y = std::min(m_y + height, m_height); }
    const std::vector<std::vector<Paint>>& pages() const { return m_pages; }

private:
    qreal m_width, m_height;
    qreal m_y = 0;
    std::vector<std::vector<Paint>> m_pages;
};

/// Column widths: natural widths when they fit, else every column gets its share of the width
/// and the long ones wrap.
std::vector<qreal> columnWidths(const ReportTable& t, const QFont& body, const QFont& head,
                                qreal width) {
    const auto columns = static_cast<size_t>(
        std::max<qsizetype>(t.header.size(), t.rows.empty() ? 0 : t.rows.front().size()));
    std::vector<qreal> natural(columns, 0);
    const QFontMetricsF bm(body), hm(head);
    for (size_t c = 0; c < columns && c < static_cast<size_t>(t.header.size()); ++c)
        natural[c] = hm.horizontalAdvance(t.header[static_cast<qsizetype>(c)]) + 2 * kCellPadX + 1;
    for (const QStringList& row : t.rows)
        for (size_t c = 0; c < columns && c < static_cast<size_t>(row.size()); ++c)
            natural[c] = std::max(natural[c], bm.horizontalAdvance(row[static_cast<qsizetype>(c)]) +
                                                  2 * kCellPadX + 1);
    qreal total = 0;
    for (const qreal w : natural) total += w;
    if (t.header.isEmpty() && columns == 2 && total < width) natural[1] += width - total;
    if (total <= width || columns == 0) return natural;
    // Columns narrower than an equal share keep their width; the rest split what is left in
    // proportion to what they would like.
    std::vector<qreal> widths(columns, 0);
    const qreal share = width / static_cast<qreal>(columns);
    qreal left = width, wanting = 0;
    for (size_t c = 0; c < columns; ++c)
        if (natural[c] <= share) {
            widths[c] = natural[c];
            left -= natural[c];
        } else {
            wanting += natural[c];
        }
    for (size_t c = 0; c < columns; ++c)
        if (natural[c] > share) widths[c] = left * natural[c] / wanting;
    return widths;
}

void placeTable(Pager& pager, const ReportTable& t) {
    const QFont body = font(11), head = font(11, true);
    const std::vector<qreal> widths = columnWidths(t, body, head, pager.width());
    const auto right = [&](size_t c) { return c < t.alignRight.size() && t.alignRight[c]; };
    const auto rowHeight = [&](const QStringList& row, const QFont& f) {
        qreal h = 0;
        for (size_t c = 0; c < widths.size() && c < static_cast<size_t>(row.size()); ++c)
            h = std::max(h,
                         textHeight(row[static_cast<qsizetype>(c)], f, widths[c] - 2 * kCellPadX));
        return h + 2 * kCellPadY;
    };
    const auto placeRow = [&](const QStringList& row, bool header, bool shaded) {
        const qreal h = rowHeight(row, header ? head : body);
        pager.place(h, [=](QPainter& p, QPointF at) {
            qreal x = at.x();
            const qreal total = std::accumulate(widths.begin(), widths.end(), 0.0);
            if (header || shaded)
                p.fillRect(QRectF(x, at.y(), total, h),
                           header ? QColor(236, 239, 244) : QColor(248, 248, 248));
            for (size_t c = 0; c < widths.size() && c < static_cast<size_t>(row.size()); ++c) {
                const QRectF cell(x + kCellPadX, at.y() + kCellPadY, widths[c] - 2 * kCellPadX, h);
                const bool label = !header && t.header.isEmpty() && c == 0;
                drawText(p, row[static_cast<qsizetype>(c)], header ? head : body, cell,
                         label ? QColor(90, 90, 90) : QColor(25, 25, 25), right(c));
                x += widths[c];
            }
            p.setPen(QPen(QColor(215, 215, 215), 0.6));
            p.drawLine(QPointF(at.x(), at.y() + h), QPointF(at.x() + total, at.y() + h));
        });
        return h;
    };
    const qreal headerHeight = t.header.isEmpty() ? 0 : rowHeight(t.header, head);
    bool shaded = false;
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const qreal h = rowHeight(t.rows[i], body);
        if (i == 0 || h > pager.room()) {
            pager.need(headerHeight + h);
            if (!t.header.isEmpty()) placeRow(t.header, true, false);
        }
        placeRow(t.rows[i], false, shaded && t.header.size() > 0);
        shaded = !shaded;
    }
    pager.skip(10);
}

/// Charts side by side when they fit the width, else one under another; each scaled down to the
/// text width and the page height when larger, and never cut.
void placeCharts(Pager& pager, const std::vector<ReportChart>& charts, qreal firstExtra,
                 const std::function<void()>& beforeFirst) {
    size_t i = 0;
    bool first = true;
    while (i < charts.size()) {
        size_t end = i;
        qreal rowWidth = 0;
        while (end < charts.size() &&
               (end == i || rowWidth + kChartGap + charts[end].size.width() <= pager.width())) {
            rowWidth += (end == i ? 0 : kChartGap) + charts[end].size.width();
            ++end;
        }
        qreal scale = std::min(1.0, pager.width() / rowWidth);
        qreal rowHeight = 0;
        for (size_t k = i; k < end; ++k) rowHeight = std::max(rowHeight, charts[k].size.height());
        const qreal extra = first ? firstExtra : 0;
        pager.need(rowHeight * scale + extra);
        if (rowHeight * scale + extra > pager.room())
            scale = std::max(0.2, (pager.room() - extra) / rowHeight);
        if (first && beforeFirst) beforeFirst();
        first = false;
        std::vector<ReportChart> row(charts.begin() + static_cast<std::ptrdiff_t>(i),
                                     charts.begin() + static_cast<std::ptrdiff_t>(end));
        pager.place(rowHeight * scale + kChartGap, [row, scale](QPainter& p, QPointF at) {
            qreal x = at.x();
            for (const ReportChart& chart : row) {
                p.save();
                p.translate(x, at.y());
                p.scale(scale, scale);
                chart.paint(p, QRectF(QPointF(0, 0), chart.size));
                p.restore();
                x += (chart.size.width() + kChartGap) * scale;
            }
        });
        i = end;
    }
}

/// `keep`: the height of what follows that must start on the same page (a chart it introduces).
void placeParagraph(Pager& pager, const QString& text, const QFont& f, const QColor& colour,
                    qreal after, const QColor& background = QColor(), qreal keep = 0) {
    const qreal pad = background.isValid() ? 5 : 0;
    const qreal h = textHeight(text, f, pager.width() - 2 * pad) + 2 * pad;
    pager.need(h + after + keep);
    pager.place(h + after, [=, width = pager.width()](QPainter& p, QPointF at) {
        if (background.isValid()) p.fillRect(QRectF(at.x(), at.y(), width, h), background);
        drawText(p, text, f, QRectF(at.x() + pad, at.y() + pad, width - 2 * pad, h), colour);
    });
}

/// The height of a block's first piece, which its section title is kept with.
qreal firstPieceHeight(const ReportBlock& b, qreal width) {
    switch (b.kind) {
        case ReportBlock::Kind::Charts:
            return b.charts.empty() ? 0
                                    : b.charts.front().size.height() *
                                          std::min(1.0, width / b.charts.front().size.width());
        case ReportBlock::Kind::Table:
            return 60;
        default:
            return textHeight(b.text, font(12), width);
    }
}

}  // namespace

bool writePdfReport(const ReportDocument& d, QIODevice* device, QString* error) {
    QPdfWriter writer(device);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    writer.setResolution(static_cast<int>(kPdfDpi));
    writer.setTitle(d.title);
    writer.setCreator(QStringLiteral("Loupe"));
    const qreal scale = kPdfDpi / kLayoutDpi;
    const qreal width = writer.width() / scale, height = writer.height() / scale;

    Pager pager(width, height - kFooter);
    placeParagraph(pager, d.title, font(24, true), QColor(20, 20, 20), 4);
    placeParagraph(pager, d.subtitle, font(11), QColor(110, 110, 110), 14);
    const QFont heading = font(17, true), body = font(12), caption = font(12, true);
    for (const ReportSection& section : d.sections) {
        const qreal titleHeight = textHeight(section.title, heading, width) + 14;
        const qreal keep =
            section.blocks.empty()
                ? 0
                : std::min(firstPieceHeight(section.blocks.front(), width), height / 2);
        pager.need(titleHeight + keep + 20);
        if (!pager.atTop()) pager.skip(10);
        pager.place(titleHeight, [=](QPainter& p, QPointF at) {
            drawText(p, section.title, heading, QRectF(at.x(), at.y(), width, titleHeight),
                     QColor(20, 20, 20));
            p.setPen(QPen(QColor(190, 190, 190), 0.8));
            p.drawLine(QPointF(at.x(), at.y() + titleHeight - 6),
                       QPointF(at.x() + width, at.y() + titleHeight - 6));
        });
        for (size_t b = 0; b < section.blocks.size(); ++b) {
            const ReportBlock& block = section.blocks[b];
            // A paragraph before a chart introduces it: they start on the same page.
            const bool introduces = b + 1 < section.blocks.size() &&
                                    section.blocks[b + 1].kind == ReportBlock::Kind::Charts;
            switch (block.kind) {
                case ReportBlock::Kind::Paragraph:
                    placeParagraph(
                        pager, block.text, body, QColor(30, 30, 30), 8, QColor(),
                        introduces
                            ? std::min(firstPieceHeight(section.blocks[b + 1], width), height / 2)
                            : 0);
                    break;
                case ReportBlock::Kind::Note:
                    placeParagraph(pager, block.text, body, QColor(122, 75, 0), 8,
                                   QColor(255, 246, 224));
                    break;
                case ReportBlock::Kind::Table:
                    if (!block.text.isEmpty()) {
                        pager.need(textHeight(block.text, caption, width) + 60);
                        placeParagraph(pager, block.text, caption, QColor(30, 30, 30), 4);
                    }
                    placeTable(pager, block.table);
                    break;
                case ReportBlock::Kind::Charts: {
                    const qreal captionHeight =
                        block.text.isEmpty() ? 0 : textHeight(block.text, caption, width) + 4;
                    placeCharts(pager, block.charts, captionHeight, [&] {
                        if (!block.text.isEmpty())
                            placeParagraph(pager, block.text, caption, QColor(30, 30, 30), 4);
                    });
                    break;
                }
            }
        }
    }

    QPainter painter;
    if (!painter.begin(&writer)) {
        if (error) *error = QStringLiteral("cannot start the PDF");
        return false;
    }
    const auto& pages = pager.pages();
    const QFont footer = font(10);
    for (size_t i = 0; i < pages.size(); ++i) {
        if (i > 0) writer.newPage();
        painter.save();
        painter.scale(scale, scale);
        painter.setRenderHint(QPainter::Antialiasing, true);
        for (const Paint& paint : pages[i]) {
            painter.save();
            paint(painter);
            painter.restore();
        }
        const QString number = QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages.size());
        const QFontMetricsF fm(footer);
        const qreal y = height - fm.height();
        painter.setPen(QPen(QColor(200, 200, 200), 0.6));
        painter.drawLine(QPointF(0, y - 6), QPointF(width, y - 6));
        painter.setFont(footer);
        painter.setPen(QColor(110, 110, 110));
        const qreal numberWidth = fm.horizontalAdvance(number);
        painter.drawText(QPointF(0, y + fm.ascent()),
                         fm.elidedText(d.title, Qt::ElideMiddle, width - numberWidth - 30));
        painter.drawText(QPointF(width - numberWidth, y + fm.ascent()), number);
        painter.restore();
    }
    if (!painter.end()) {
        if (error) *error = QStringLiteral("cannot finish the PDF");
        return false;
    }
    return true;
}

}  // namespace loupe::widgets
