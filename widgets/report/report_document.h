#pragma once
// ReportDocument: a report laid out as sections of paragraphs, tables and charts, the same for
// HTML and PDF. buildReportDocument() turns a core RunReport into one; html_report and pdf_report
// render it. Every string stays plain text here (dataset strings included): the HTML writer
// escapes, the PDF writer draws text.

#include <QSizeF>
#include <QString>
#include <QStringList>
#include <functional>
#include <vector>

#include "core/report/run_report.h"

class QPainter;
class QRectF;

namespace loupe::widgets {

/// A chart drawn by `paint` into any rectangle; `size` is the one it is laid out for (pixels at
/// 96 dpi: the HTML shows it at that size, the PDF scales it to the text width when wider).
struct ReportChart {
    QSizeF size;
    std::function<void(QPainter&, const QRectF&)> paint;
};

/// A table of text cells.
struct ReportTable {
    QStringList header;  ///< empty: a two-column list of names and values
    std::vector<QStringList> rows;
    std::vector<bool> alignRight;  ///< per column (numbers); missing entries: left
};

/// One block of a section.
struct ReportBlock {
    enum class Kind { Paragraph, Note, Table, Charts };
    Kind kind = Kind::Paragraph;
    QString text;                     ///< Paragraph, Note; a Table's or Charts' caption
    ReportTable table;                ///< Table
    std::vector<ReportChart> charts;  ///< Charts: side by side when they fit
};

struct ReportSection {
    QString title;
    std::vector<ReportBlock> blocks;
};

struct ReportDocument {
    QString title;
    QString subtitle;
    std::vector<ReportSection> sections;
};

/// The report of one run, section by section: summary, dataset, preprocessing, model card,
/// training curves, metrics, ROC and PR, confusion matrix, SHAP, and the compression comparison
/// when the run has one. The charts keep `report` alive through shared pointers they hold.
ReportDocument buildReportDocument(std::shared_ptr<const report::RunReport> report);

}  // namespace loupe::widgets
