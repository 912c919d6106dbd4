#include "widgets/report/html_report.h"

#include <QBuffer>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgGenerator>

namespace loupe::widgets {
namespace {

constexpr char kStyle[] = R"(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222;
       max-width: 900px; margin: 2em auto; padding: 0 1.5em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.8em; }
p.subtitle { color: #666; margin-top: 0; }
p.note { color: #7a4b00; background: #fff6e0; padding: 0.4em 0.7em; border-radius: 3px; }
p.caption { font-weight: bold; margin: 1em 0 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e4e4e4; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f4f7; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.facts td:first-child { color: #555; white-space: nowrap; }
div.charts { display: flex; flex-wrap: wrap; gap: 12px; margin: 0.5em 0 1em; }
div.charts svg { max-width: 100%; height: auto; }
)";

QString cellTag(const char* tag, const QString& text, bool right) {
    return QStringLiteral("<%1%2>%3</%1>")
        .arg(QLatin1String(tag), right ? QStringLiteral(" class=\"num\"") : QString(),
             escapeHtml(text));
}

void appendTable(QString& html, const ReportTable& t) {
    const auto right = [&](qsizetype c) {
        return c < static_cast<qsizetype>(t.alignRight.size()) && t.alignRight[c];
    };
    html += t.header.isEmpty() ? QStringLiteral("<table class=\"facts\">\n")
                               : QStringLiteral("<table>\n");
    if (!t.header.isEmpty()) {
        html += QStringLiteral("<thead><tr>");
        for (qsizetype c = 0; c < t.header.size(); ++c)
            html += cellTag("th", t.header[c], right(c));
        html += QStringLiteral("</tr></thead>\n");
    }
    html += QStringLiteral("<tbody>\n");
    for (const QStringList& row : t.rows) {
        html += QStringLiteral("<tr>");
        for (qsizetype c = 0; c < row.size(); ++c) html += cellTag("td", row[c], right(c));
        html += QStringLiteral("</tr>\n");
    }
    html += QStringLiteral("</tbody></table>\n");
}

}  // namespace

QString escapeHtml(const QString& text) {
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
            case '&':
                out += QLatin1String("&amp;");
                break;
            case '<':
                out += QLatin1String("&lt;");
                break;
            case '>':
                out += QLatin1String("&gt;");
                break;
            case '"':
                out += QLatin1String("&quot;");
                break;
            case '\'':
                out += QLatin1String("&#39;");
                break;
            default:
                // XML 1.0 allows no control characters but tab and line breaks.
                if (c.unicode() < 0x20 && c != QLatin1Char('\t') && c != QLatin1Char('\n') &&
                    c != QLatin1Char('\r'))
                    out += QChar(0xFFFD);
                else
                    out += c;
        }
    }
    return out;
}

QByteArray inlineSvg(const ReportChart& chart, const QString& idPrefix) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QRectF rect(QPointF(0, 0), chart.size);
    {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(chart.size.toSize());
        svg.setViewBox(rect);
        svg.setResolution(96);
        QPainter painter(&svg);
        chart.paint(painter, rect);
    }
    QByteArray text = buffer.data();
    text.remove(0, std::max<qsizetype>(text.indexOf("<svg"), 0));  // the prolog and doctype
    // Pixel sizes instead of Qt's millimetres, so the page's CSS can scale the chart down.
    const qsizetype tagEnd = text.indexOf('>');
    QString tag = QString::fromUtf8(text.left(tagEnd));
    tag.replace(QRegularExpression(QStringLiteral(" width=\"[^\"]*\"")),
                QStringLiteral(" width=\"%1\"").arg(qRound(chart.size.width())));
    tag.replace(QRegularExpression(QStringLiteral(" height=\"[^\"]*\"")),
                QStringLiteral(" height=\"%1\"").arg(qRound(chart.size.height())));
    QByteArray svg = tag.toUtf8() + text.mid(tagEnd);
    // Qt numbers each generator's gradients from 1: prefix them so two charts never share an id.
    const QByteArray prefix = idPrefix.toUtf8();
    svg.replace("id=\"gradient", "id=\"" + prefix + "gradient");
    svg.replace("url(#gradient", "url(#" + prefix + "gradient");
    return svg;
}

QByteArray htmlReport(const ReportDocument& d) {
    QString html;
    html += QStringLiteral(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
        "<meta charset=\"utf-8\" />\n<meta name=\"generator\" content=\"Loupe\" />\n");
    html += QStringLiteral("<title>%1</title>\n<style>").arg(escapeHtml(d.title));
    html += QLatin1String(kStyle);
    html += QStringLiteral("</style>\n</head>\n<body>\n<h1>%1</h1>\n<p class=\"subtitle\">%2</p>\n")
                .arg(escapeHtml(d.title), escapeHtml(d.subtitle));
    int charts = 0;
    for (const ReportSection& section : d.sections) {
        html += QStringLiteral("<h2>%1</h2>\n").arg(escapeHtml(section.title));
        for (const ReportBlock& block : section.blocks) {
            const bool captioned =
                block.kind == ReportBlock::Kind::Table || block.kind == ReportBlock::Kind::Charts;
            if (captioned && !block.text.isEmpty())
                html += QStringLiteral("<p class=\"caption\">%1</p>\n").arg(escapeHtml(block.text));
            switch (block.kind) {
                case ReportBlock::Kind::Paragraph:
                    html += QStringLiteral("<p>%1</p>\n").arg(escapeHtml(block.text));
                    break;
                case ReportBlock::Kind::Note:
                    html +=
                        QStringLiteral("<p class=\"note\">%1</p>\n").arg(escapeHtml(block.text));
                    break;
                case ReportBlock::Kind::Table:
                    appendTable(html, block.table);
                    break;
                case ReportBlock::Kind::Charts:
                    html += QStringLiteral("<div class=\"charts\">\n");
                    for (const ReportChart& chart : block.charts)
                        html += QString::fromUtf8(
                                    inlineSvg(chart, QStringLiteral("chart%1-").arg(++charts))) +
                                QLatin1Char('\n');
                    html += QStringLiteral("</div>\n");
                    break;
            }
        }
    }
    html += QStringLiteral("</body>\n</html>\n");
    return html.toUtf8();
}

}  // namespace loupe::widgets
