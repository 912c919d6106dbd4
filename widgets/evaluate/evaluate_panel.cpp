#include "widgets/evaluate/evaluate_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>
#include <stdexcept>

#include "core/eval/confusion.h"
#include "core/eval/threshold.h"
#include "core/eval/threshold_tuning.h"
#include "widgets/charts/chart_view.h"
#include "widgets/evaluate/classifier_curves.h"
#include "widgets/evaluate/confusion_matrix_view.h"
#include "widgets/evaluate/metrics_table.h"
#include "widgets/evaluate/threshold_control.h"
#include "widgets/evaluate/threshold_tuner.h"

namespace loupe::widgets {

namespace {

QStringList toQStrings(const std::vector<std::string>& names) {
    QStringList out;
    for (const std::string& n : names) out << QString::fromStdString(n);
    return out;
}

std::vector<double> column(const MatrixD& m, Eigen::Index c) {
    std::vector<double> out(static_cast<size_t>(m.rows()));
    for (Eigen::Index r = 0; r < m.rows(); ++r) out[static_cast<size_t>(r)] = m(r, c);
    return out;
}

}  // namespace

EvaluatePanel::EvaluatePanel(QWidget* parent)
    : QWidget(parent),
      m_split(new QComboBox(this)),
      m_message(new QLabel(this)),
      m_metrics(new MetricsTable(this)),
      m_pages(new QStackedWidget(this)),
      m_curves(new ClassifierCurves(this)),
      m_confusion(new ConfusionMatrixView(this)),
      m_normalized(new QCheckBox(tr("Row-normalized"), this)),
      m_threshold(new ThresholdControl(this)),
      m_tuner(new ThresholdTuner(this)),
      m_scatter(new ChartView(this)) {
    m_split->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_split->setMinimumContentsLength(6);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b00020"));
    m_message->hide();
    m_normalized->setToolTip(tr("Show each true class's row as shares of its rows"));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Split"), this));
    top->addWidget(m_split);
    top->addSpacing(24);
    top->addWidget(m_threshold, 1);
    top->addWidget(m_message, 1);
    top->addStretch(0);

    auto* metricsBox = new QGroupBox(tr("Metrics"), this);
    auto* metricsLayout = new QVBoxLayout(metricsBox);
    metricsLayout->addWidget(m_metrics);
    m_confusionBox = new QGroupBox(tr("Confusion matrix (click a cell to list its rows)"), this);
    auto* confusionLayout = new QVBoxLayout(m_confusionBox);
    confusionLayout->addWidget(m_normalized, 0, Qt::AlignRight);
    confusionLayout->addWidget(m_confusion, 1);
    auto* left = new QSplitter(Qt::Vertical, this);
    left->addWidget(metricsBox);
    left->addWidget(m_confusionBox);
    left->setSizes({340, 460});

    m_scatter->setTitle(tr("Predicted against true"));
    m_scatter->setAxisTitles(tr("True value"), tr("Predicted value"));
    m_pages->addWidget(m_curves);
    m_pages->addWidget(m_scatter);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({420, 860});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_tuner);
    layout->addWidget(splitter, 1);

    connect(m_split, &QComboBox::currentIndexChanged, this, [this] { showSplit(); });
    connect(m_normalized, &QCheckBox::toggled, m_confusion, &ConfusionMatrixView::setNormalized);
    connect(m_confusion, &ConfusionMatrixView::normalizedChanged, m_normalized,
            &QCheckBox::setChecked);
    connect(m_confusion, &ConfusionMatrixView::cellClicked, this, &EvaluatePanel::requestCellRows);
    connect(m_threshold, &ThresholdControl::thresholdChanged, this,
            &EvaluatePanel::updateConfusion);
    connect(m_threshold, &ThresholdControl::thresholdChanged, this, [this](double t) {
        // The result line speaks of the tuned threshold; once the slider leaves it, it is stale.
        if (m_tunedThreshold >= 0 && t != m_tunedThreshold) {
            m_tunedThreshold = -1.0;
            m_tuner->clearResult();
        }
    });
    connect(m_tuner, &ThresholdTuner::tuneRequested, this, &EvaluatePanel::tuneThreshold);
    clear();
}

void EvaluatePanel::setInput(EvaluationInput input) {
    m_input = std::move(input);
    const QSignalBlocker block(m_split);
    m_split->clear();
    for (const SplitPredictions& s : m_input.splits) m_split->addItem(s.name);
    m_metrics->setSplits(m_input.splits);
    m_split->setCurrentIndex(static_cast<int>(m_input.splits.size()) - 1);
    m_split->setEnabled(!m_input.splits.empty());
    m_pages->setCurrentIndex(m_input.classNames.empty() ? 1 : 0);
    m_confusionBox->setVisible(!m_input.classNames.empty());
    m_threshold->setVisible(isBinary());
    m_tuner->setVisible(isBinary());
    m_tuner->clearResult();
    m_tunedThreshold = -1.0;
    {
        const QSignalBlocker blockThreshold(m_threshold);
        m_threshold->setThreshold(0.5);
    }
    showSplit();
}

void EvaluatePanel::clear() { setInput({}); }

int EvaluatePanel::currentSplit() const { return m_split->currentIndex(); }

void EvaluatePanel::setCurrentSplit(int index) { m_split->setCurrentIndex(index); }

MetricsTable* EvaluatePanel::metricsTable() const { return m_metrics; }
ClassifierCurves* EvaluatePanel::curves() const { return m_curves; }
ConfusionMatrixView* EvaluatePanel::confusionView() const { return m_confusion; }
ThresholdControl* EvaluatePanel::thresholdControl() const { return m_threshold; }
ThresholdTuner* EvaluatePanel::thresholdTuner() const { return m_tuner; }
ChartView* EvaluatePanel::regressionChart() const { return m_scatter; }

bool EvaluatePanel::isBinary() const { return m_input.classNames.size() == 2; }

void EvaluatePanel::showSplit() {
    m_message->hide();
    m_predicted.clear();
    m_curves->clear();
    m_confusion->clear();
    m_scatter->clear();
    const int index = currentSplit();
    if (index < 0 || index >= static_cast<int>(m_input.splits.size())) return;
    const SplitPredictions& split = m_input.splits[static_cast<size_t>(index)];
    // Core throws on inconsistent input; no exception may leave this slot.
    try {
        if (m_input.classNames.empty()) {
            const int s = m_scatter->addSeries(tr("predictions"), {}, SeriesStyle::Scatter);
            std::vector<QPointF> points(std::min(split.targets.size(), split.predictions.size()));
            for (size_t i = 0; i < points.size(); ++i)
                points[i] = QPointF(split.targets[i], split.predictions[i]);
            m_scatter->setPoints(s, std::move(points));
            // Same range on both axes, so "predicted = true" is the diagonal.
            if (!split.targets.empty() && !split.predictions.empty()) {
                const auto [tLo, tHi] =
                    std::minmax_element(split.targets.begin(), split.targets.end());
                const auto [pLo, pHi] =
                    std::minmax_element(split.predictions.begin(), split.predictions.end());
                const double lo = std::min(*tLo, *pLo), hi = std::max(*tHi, *pHi);
                const double pad = hi > lo ? (hi - lo) * 0.04 : 0.5;
                m_scatter->setDefaultRange(
                    QRectF(QPointF(lo - pad, lo - pad), QPointF(hi + pad, hi + pad)));
                const int ideal =
                    m_scatter->addSeries(tr("predicted = true"), {}, SeriesStyle::Reference);
                m_scatter->setPoints(ideal, {{lo - pad, lo - pad}, {hi + pad, hi + pad}});
            }
            return;
        }
        const auto classes = static_cast<Eigen::Index>(m_input.classNames.size());
        const auto rows = static_cast<Eigen::Index>(split.yTrue.size());
        if (split.probs.rows() != rows || split.probs.cols() != classes ||
            split.rows.size() != split.yTrue.size()) {
            throw std::invalid_argument(
                tr("%1 labels, %2 data rows and %3 x %4 probabilities for %5 classes")
                    .arg(rows)
                    .arg(split.rows.size())
                    .arg(split.probs.rows())
                    .arg(split.probs.cols())
                    .arg(classes)
                    .toStdString());
        }
        m_curves->setData(toQStrings(m_input.classNames), split.yTrue, split.probs);
        if (!isBinary()) m_predicted = eval::predictedClasses(split.probs);
        updateConfusion();
    } catch (const std::exception& e) {
        m_message->setText(
            tr("Cannot show split %1: %2").arg(split.name, QString::fromUtf8(e.what())));
        m_message->show();
    }
}

void EvaluatePanel::updateConfusion() {
    const int index = currentSplit();
    if (index < 0 || index >= static_cast<int>(m_input.splits.size()) || m_input.classNames.empty())
        return;
    const SplitPredictions& split = m_input.splits[static_cast<size_t>(index)];
    try {
        eval::ConfusionMatrix counts;
        if (isBinary()) {
            const std::vector<double> scores = column(split.probs, 1);
            m_predicted = eval::predictAtThreshold(scores, m_threshold->threshold());
            const eval::ThresholdScores at =
                eval::scoresAtThreshold(split.yTrue, scores, m_threshold->threshold());
            m_threshold->setScores(at);
            counts = at.counts;
        } else {
            counts = eval::confusionMatrix(split.yTrue, m_predicted,
                                           static_cast<int>(m_input.classNames.size()));
        }
        m_confusion->setMatrix(counts, eval::normalizeRows(counts), toQStrings(m_input.classNames));
    } catch (const std::exception& e) {
        m_confusion->clear();
        m_message->setText(
            tr("Cannot show split %1: %2").arg(split.name, QString::fromUtf8(e.what())));
        m_message->show();
    }
}

int EvaluatePanel::tuningSplit() const {
    const auto& splits = m_input.splits;
    for (const char* name : {"val", "train"})
        for (size_t i = 0; i < splits.size(); ++i)
            if (splits[i].name == QLatin1String(name)) return static_cast<int>(i);
    return splits.empty() ? -1 : 0;
}

void EvaluatePanel::tuneThreshold(const eval::ThresholdTarget& target) {
    const int index = tuningSplit();
    if (!isBinary() || index < 0) return;
    const SplitPredictions& split = m_input.splits[static_cast<size_t>(index)];
    try {
        if (split.probs.cols() != 2 ||
            split.probs.rows() != static_cast<Eigen::Index>(split.yTrue.size()))
            throw std::invalid_argument(
                tr("the split's probabilities do not match its labels").toStdString());
        const std::vector<double> scores = column(split.probs, 1);
        const eval::TunedThreshold tuned = eval::tuneThreshold(split.yTrue, scores, target);
        if (tuned.reached) {
            m_tunedThreshold = tuned.threshold;
            m_threshold->setThreshold(tuned.threshold);
        }
        m_tuner->showResult(target, tuned, split.name);
    } catch (const std::exception& e) {
        m_tuner->showError(
            tr("Cannot tune on %1: %2").arg(split.name, QString::fromUtf8(e.what())));
    }
}

void EvaluatePanel::requestCellRows(int trueClass, int predictedClass) {
    const int index = currentSplit();
    if (index < 0 || index >= static_cast<int>(m_input.splits.size())) return;
    const SplitPredictions& split = m_input.splits[static_cast<size_t>(index)];
    if (m_predicted.size() != split.yTrue.size() || split.rows.size() != split.yTrue.size()) return;
    std::vector<int64_t> rows;
    try {
        for (size_t i : eval::rowsInCell(split.yTrue, m_predicted, trueClass, predictedClass))
            rows.push_back(split.rows[i]);
    } catch (const std::exception& e) {
        m_message->setText(QString::fromUtf8(e.what()));
        m_message->show();
        return;
    }
    const QStringList names = toQStrings(m_input.classNames);
    auto name = [&](int c) { return c < names.size() ? names[c] : QString::number(c); };
    QString description =
        tr("%1: true %2, predicted %3").arg(split.name, name(trueClass), name(predictedClass));
    if (isBinary()) description += tr(" at threshold %1").arg(m_threshold->threshold(), 0, 'f', 3);
    emit rowsRequested(std::move(rows), description);
}

}  // namespace loupe::widgets
