#pragma once
// The PDF report: A4 pages at 300 dpi with 15 mm margins, a title, "Page i of n" at the foot of
// every page, wrapped text, tables that continue on the next page under their header again, and
// charts painted as vectors that are never cut across pages.

#include <QString>

#include "widgets/report/report_document.h"

class QIODevice;

namespace loupe::widgets {

/// Writes `document` to `device` (open for writing). Needs a QGuiApplication (fonts). Returns
/// false with `error` (when given) saying why on failure.
bool writePdfReport(const ReportDocument& document, QIODevice* device, QString* error = nullptr);

}  // namespace loupe::widgets
