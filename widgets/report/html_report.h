#pragma once
// The HTML report: one self-contained file, XHTML-style so it parses as XML too (void tags
// self-closed), with inline CSS and each chart as inline SVG. No script and no URL to fetch.

#include <QByteArray>
#include <QString>

#include "widgets/report/report_document.h"

namespace loupe::widgets {

/// `text` with & < > " ' as entities. Every string of the document goes through it (dataset
/// column and class names included), so none can open a tag or an attribute.
QString escapeHtml(const QString& text);

/// One chart as an inline <svg> element drawn through QSvgGenerator (its XML prolog stripped),
/// its ids (gradients) prefixed with `idPrefix` so they are unique in the page.
QByteArray inlineSvg(const ReportChart& chart, const QString& idPrefix);

/// The whole report as UTF-8 XHTML. Needs a QGuiApplication (fonts for the charts).
QByteArray htmlReport(const ReportDocument& document);

}  // namespace loupe::widgets
