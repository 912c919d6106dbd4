// The report's sections with charts: training curves, ROC and PR with the confusion matrix, and
// SHAP (the summary beeswarm of widgets/explain and the top features by mean |SHAP|).

#include <QPainter>

#include "widgets/explain/shap_plot.h"
#include "widgets/report/confusion_chart.h"
#include "widgets/report/line_plot.h"
#include "widgets/report/report_parts.h"

namespace loupe::widgets::report_parts {
namespace {

/// Chart sizes in pixels at 96 dpi: a full one fills the PDF's text width (180 mm), two halves
/// sit side by side.
constexpr qreal kFullWidth = 680, kHalfWidth = 330, kChartHeight = 300;

template <typename Chart>
ReportChart chartOf(std::shared_ptr<const Chart> chart, QSizeF size, const Report& keep) {
    return {size, [chart, keep](QPainter& p, const QRectF& rect) { chart->paint(p, rect); }};
}

ReportBlock chartsBlock(std::vector<ReportChart> charts, const QString& caption = {}) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Charts;
    b.charts = std::move(charts);
    b.text = caption;
    return b;
}

ReportBlock noteBlock(const QString& text) {
    ReportBlock b;
    b.kind = ReportBlock::Kind::Note;
    b.text = text;
    return b;
}

}  // namespace

ReportSection trainingCurvesSection(const Report& r) {
    ReportSection s{QStringLiteral("Training curves"), {}};
    const train::History& h = r->run.history;
    if (h.epochs.empty()) {
        s.blocks.push_back(noteBlock(QStringLiteral("history.csv holds no epochs.")));
        return s;
    }
    std::vector<double> epoch, trainLoss, valLoss, valMetric;
    for (const train::EpochRecord& e : h.epochs) {
        epoch.push_back(static_cast<double>(e.epoch));
        trainLoss.push_back(e.trainLoss);
        valLoss.push_back(e.valLoss);
        valMetric.push_back(e.valMetric);
    }
    const bool classification = r->run.model.task == data::Task::Classification;
    auto loss = std::make_shared<LinePlot>();
    loss->title = QStringLiteral("Loss");
    loss->subtitle = classification ? QStringLiteral("cross-entropy per epoch")
                                    : QStringLiteral("mean squared error per epoch");
    loss->xLabel = QStringLiteral("epoch");
    loss->yLabel = QStringLiteral("loss");
    loss->series = {{QStringLiteral("training"), epoch, trainLoss, seriesColour(0)},
                    {QStringLiteral("validation"), epoch, valLoss, seriesColour(1)}};
    const bool trainedToEnd = h.bestEpoch == h.epochs.back().epoch;
    if (!trainedToEnd) {
        loss->markX = static_cast<double>(h.bestEpoch);
        loss->markLabel = QStringLiteral("kept: epoch %1").arg(h.bestEpoch);
    }
    const QString metricName =
        text(h.valMetricName.empty() ? std::string("val_metric") : h.valMetricName);
    auto metric = std::make_shared<LinePlot>();
    metric->title = QStringLiteral("Validation ") + (classification ? "accuracy" : "R\u00b2");
    metric->subtitle = metricName + QStringLiteral(" per epoch");
    metric->xLabel = QStringLiteral("epoch");
    metric->yLabel = metricName;
    metric->series = {{metricName, epoch, valMetric, seriesColour(1)}};
    metric->markX = loss->markX;
    s.blocks.push_back(chartsBlock({chartOf<LinePlot>(loss, {kHalfWidth, kChartHeight}, r),
                                    chartOf<LinePlot>(metric, {kHalfWidth, kChartHeight}, r)}));
    if (std::isnan(h.epochs.back().valLoss))
        s.blocks.push_back(noteBlock(
            QStringLiteral("The run has no validation rows: only the training loss is drawn.")));
    return s;
}

ReportSection evaluationSection(const Report& r) {
    ReportSection s{"ROC, precision-recall and confusion (" + splitName(r->evalSplit) + " rows)",
                    {}};
    const bool binary = r->run.model.classNames.size() == 2;
    auto roc = std::make_shared<LinePlot>();
    roc->title = QStringLiteral("ROC curve");
    roc->subtitle = binary ? "positive class: " + text(r->run.model.classNames[1])
                           : QStringLiteral("each class against the rest");
    roc->xLabel = QStringLiteral("false positive rate");
    roc->yLabel = QStringLiteral("true positive rate");
    roc->xRange = roc->yRange = std::pair{0.0, 1.0};
    roc->diagonal = true;
    for (size_t i = 0; i < r->roc.size(); ++i) {
        const report::RocSeries& c = r->roc[i];
        roc->series.push_back({(binary ? QStringLiteral("AUC ") : text(c.name) + " (AUC ") +
                                   QString::number(c.auc, 'f', 3) + (binary ? "" : ")"),
                               c.curve.fpr, c.curve.tpr, seriesColour(i)});
    }
    auto pr = std::make_shared<LinePlot>();
    pr->title = QStringLiteral("Precision-recall curve");
    pr->subtitle = roc->subtitle;
    pr->xLabel = QStringLiteral("recall");
    pr->yLabel = QStringLiteral("precision");
    pr->xRange = pr->yRange = std::pair{0.0, 1.0};
    for (size_t i = 0; i < r->pr.size(); ++i) {
        const report::PrSeries& c = r->pr[i];
        // Drawn from recall 0 up, as sklearn's PrecisionRecallDisplay holds each precision.
        PlotSeries line{(binary ? QStringLiteral("AP ") : text(c.name) + " (AP ") +
                            QString::number(c.averagePrecision, 'f', 3) + (binary ? "" : ")"),
                        {c.curve.recall.rbegin(), c.curve.recall.rend()},
                        {c.curve.precision.rbegin(), c.curve.precision.rend()},
                        seriesColour(i)};
        line.steps = true;
        pr->series.push_back(std::move(line));
    }
    if (binary && !r->pr.empty())
        pr->series.push_back(
            {QStringLiteral("random (%1)").arg(r->pr.front().prevalence, 0, 'f', 3),
             {0.0, 1.0},
             {r->pr.front().prevalence, r->pr.front().prevalence},
             QColor(150, 150, 150),
             Qt::DashLine});
    s.blocks.push_back(chartsBlock({chartOf<LinePlot>(roc, {kHalfWidth, kChartHeight + 20}, r),
                                    chartOf<LinePlot>(pr, {kHalfWidth, kChartHeight + 20}, r)}));
    if (!r->curveNote.empty()) s.blocks.push_back(noteBlock(text(r->curveNote) + "."));

    auto confusion = std::make_shared<ConfusionChart>();
    confusion->title = QStringLiteral("Confusion matrix");
    confusion->subtitle = splitName(r->evalSplit) + " rows; share of each true class";
    for (const std::string& c : r->run.model.classNames) confusion->classes.push_back(text(c));
    const nlohmann::json matrix = r->evalReport.value("confusion_matrix", nlohmann::json::array());
    for (const nlohmann::json& row : matrix) {
        std::vector<int64_t> counts;
        for (const nlohmann::json& v : row) counts.push_back(v.get<int64_t>());
        confusion->counts.push_back(std::move(counts));
    }
    QSizeF size = confusion->preferredSize();
    size.setWidth(std::min(size.width(), kFullWidth));
    s.blocks.push_back(chartsBlock({chartOf<ConfusionChart>(confusion, size, r)}));
    return s;
}

ReportSection shapSection(const Report& r) {
    ReportSection s{QStringLiteral("SHAP"), {}};
    if (!r->shap) {
        s.blocks.push_back(noteBlock(text(r->shapSource) + "."));
        return s;
    }
    ReportBlock source;
    source.text = "SHAP values " + text(r->shapSource) +
                  ". Each point is one row; its position is how much the feature moved the "
                  "model's output for that row, its colour the feature's value.";
    s.blocks.push_back(source);
    auto plot = std::make_shared<ShapPlot>(r->shap, ShapPlot::Kind::Summary);
    plot->setMaxFeatures(15);
    const QSizeF size(kFullWidth, plot->preferredSize().height());
    s.blocks.push_back(chartsBlock({chartOf<ShapPlot>(plot, size, r)}));
    ReportTable top;
    top.header = {"Rank", "Feature", "Mean |SHAP|"};
    top.alignRight = {true, false, true};
    for (size_t i = 0; i < r->topFeatures.size(); ++i)
        top.rows.push_back({QString::number(i + 1), text(r->topFeatures[i].feature),
                            QString::number(r->topFeatures[i].meanAbs, 'f', 4)});
    ReportBlock table;
    table.kind = ReportBlock::Kind::Table;
    table.table = std::move(top);
    table.text = QStringLiteral("Top features by mean |SHAP|");
    s.blocks.push_back(std::move(table));
    return s;
}

}  // namespace loupe::widgets::report_parts
