#include "widgets/evaluate/classifier_curves.h"

#include <QVBoxLayout>
#include <vector>

#include "core/eval/curves.h"
#include "core/eval/undefined_metric_error.h"
#include "widgets/charts/line_chart.h"

namespace loupe::widgets {

namespace {

void prepareChart(LineChart* chart, const QString& title, const QString& x, const QString& y) {
    chart->setTitle(title);
    chart->setAxisTitles(x, y);
    chart->setLogYToggleEnabled(false);
    // A little beyond 0..1 so curves along the edges are not hidden under the axes.
    chart->setDefaultRange(QRectF(QPointF(-0.02, -0.02), QPointF(1.02, 1.02)));
}

std::vector<QPointF> zipPoints(const std::vector<double>& x, const std::vector<double>& y) {
    std::vector<QPointF> points(x.size());
    for (size_t i = 0; i < x.size(); ++i) points[i] = QPointF(x[i], y[i]);
    return points;
}

}  // namespace

ClassifierCurves::ClassifierCurves(QWidget* parent)
    : QWidget(parent), m_roc(new LineChart(this)), m_pr(new LineChart(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_roc);
    layout->addWidget(m_pr);
    prepareChart(m_roc, tr("ROC curve"), tr("False positive rate"), tr("True positive rate"));
    prepareChart(m_pr, tr("Precision-recall curve"), tr("Recall"), tr("Precision"));
}

LineChart* ClassifierCurves::rocChart() const { return m_roc; }
LineChart* ClassifierCurves::prChart() const { return m_pr; }

void ClassifierCurves::clear() {
    m_roc->clear();
    m_pr->clear();
}

void ClassifierCurves::setData(const QStringList& classNames, std::span<const int> yTrue,
                               const MatrixD& probs) {
    clear();
    const int chance = m_roc->addSeries(tr("chance"), {}, SeriesStyle::Reference);
    m_roc->setPoints(chance, {{0, 0}, {1, 1}});
    const int classes = static_cast<int>(probs.cols());
    if (classes < 2 || yTrue.size() != static_cast<size_t>(probs.rows())) return;
    // Binary: the positive class only (the second, as metrics.json reads it); else one-vs-rest.
    const int first = classes == 2 ? 1 : 0;
    for (int c = first; c < classes; ++c) {
        const QString name = c < classNames.size() ? classNames[c] : QString::number(c);
        std::vector<double> scores(probs.rows());
        for (Eigen::Index r = 0; r < probs.rows(); ++r)
            scores[static_cast<size_t>(r)] = probs(r, c);
        try {
            const eval::RocCurve roc = eval::rocCurve(yTrue, scores, c);
            const double auc = eval::rocAuc(yTrue, scores, c);
            const int s = m_roc->addSeries(tr("%1 (AUC %2)").arg(name).arg(auc, 0, 'f', 3));
            m_roc->setPoints(s, zipPoints(roc.fpr, roc.tpr));
            m_roc->setHoverValues(s, tr("threshold"), roc.thresholds);
        } catch (const eval::UndefinedMetricError&) {
            // One class only in this split: there is no ROC curve, say so in the legend.
            m_roc->addSeries(tr("%1 (AUC undefined: one class only)").arg(name));
        }
        const eval::PrCurve pr = eval::precisionRecallCurve(yTrue, scores, c);
        const double ap = eval::averagePrecision(yTrue, scores, c);
        const int s = m_pr->addSeries(tr("%1 (AP %2)").arg(name).arg(ap, 0, 'f', 3));
        m_pr->setPoints(s, zipPoints(pr.recall, pr.precision));
        m_pr->setHoverValues(s, tr("threshold"), pr.thresholds);
    }
}

}  // namespace loupe::widgets
