#pragma once
// Internal to widgets/report: the sections of a ReportDocument, built from a RunReport
// (report_document.cpp: text and tables; report_figures.cpp: the sections with charts), and the
// number and text formats they share.

#include <QString>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/report/run_report.h"
#include "widgets/report/report_document.h"

namespace loupe::widgets::report_parts {

using Report = std::shared_ptr<const report::RunReport>;

/// std::string (UTF-8) as QString.
QString text(const std::string& value);
/// A metric value: four decimals, "undefined" for null (a metric with no value on the split).
QString metricText(const nlohmann::json& value);
/// A count with thousands separated by thin spaces: "12 345".
QString countText(int64_t value);
/// "train", "validation", "test".
QString splitName(const std::string& split);

ReportSection datasetSection(const report::RunReport& r);
ReportSection preprocessingSection(const report::RunReport& r);
ReportSection modelCardSection(const report::RunReport& r);
ReportSection metricsSection(const report::RunReport& r);
ReportSection comparisonSection(const report::RunReport& r);

ReportSection trainingCurvesSection(const Report& r);
/// ROC, PR and the confusion matrix (classification).
ReportSection evaluationSection(const Report& r);
ReportSection shapSection(const Report& r);

}  // namespace loupe::widgets::report_parts
