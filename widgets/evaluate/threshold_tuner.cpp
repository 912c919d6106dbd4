#include "widgets/evaluate/threshold_tuner.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <cmath>

namespace loupe::widgets {
namespace {

using eval::ThresholdGoal;

QString splitLabel(const QString& split) {
    if (split == QLatin1String("val")) return ThresholdTuner::tr("validation");
    if (split == QLatin1String("all")) return ThresholdTuner::tr("all rows");
    return split;
}

QString thresholdText(double t) {
    return std::isinf(t) ? ThresholdTuner::tr("∞ (no row positive)") : QString::number(t, 'f', 4);
}

QString number(double v) { return QString::number(v, 'f', 3); }

}  // namespace

ThresholdTuner::ThresholdTuner(QWidget* parent)
    : QWidget(parent),
      m_goal(new QComboBox(this)),
      m_value(new QDoubleSpinBox(this)),
      m_fpLabel(new QLabel(tr("FP cost"), this)),
      m_fpCost(new QDoubleSpinBox(this)),
      m_fnLabel(new QLabel(tr("FN cost"), this)),
      m_fnCost(new QDoubleSpinBox(this)),
      m_tune(new QPushButton(tr("Tune"), this)),
      m_result(new QLabel(this)) {
    m_goal->addItem(tr("Precision at least"), static_cast<int>(ThresholdGoal::Precision));
    m_goal->addItem(tr("Recall at least"), static_cast<int>(ThresholdGoal::Recall));
    m_goal->addItem(tr("Least cost"), static_cast<int>(ThresholdGoal::Cost));
    m_goal->setToolTip(
        tr("What the threshold is tuned for, on the validation split when there is one"));
    m_value->setRange(0.001, 1.0);
    m_value->setDecimals(3);
    m_value->setSingleStep(0.01);
    m_value->setValue(0.9);
    for (QDoubleSpinBox* cost : {m_fpCost, m_fnCost}) {
        cost->setRange(0.0, 1e6);
        cost->setDecimals(2);
        cost->setValue(1.0);
    }
    m_fpCost->setToolTip(tr("Cost of one false positive (a negative row called positive)"));
    m_fnCost->setToolTip(tr("Cost of one false negative (a positive row called negative)"));
    m_tune->setToolTip(tr("Find the threshold for this goal and apply it"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Tune threshold:"), this));
    layout->addWidget(m_goal);
    layout->addWidget(m_value);
    layout->addWidget(m_fpLabel);
    layout->addWidget(m_fpCost);
    layout->addWidget(m_fnLabel);
    layout->addWidget(m_fnCost);
    layout->addWidget(m_tune);
    layout->addSpacing(12);
    layout->addWidget(m_result, 1);

    connect(m_goal, &QComboBox::currentIndexChanged, this, [this] {
        showGoalControls();
        clearResult();
    });
    // Tuning runs on a press, never on each keystroke in a value.
    connect(m_tune, &QPushButton::clicked, this, [this] { emit tuneRequested(target()); });
    // (The spin box's own line edit: QAbstractSpinBox::lineEdit() is protected.)
    for (QDoubleSpinBox* box : {m_value, m_fpCost, m_fnCost})
        if (auto* edit = box->findChild<QLineEdit*>())
            connect(edit, &QLineEdit::returnPressed, m_tune, &QPushButton::click);
    showGoalControls();
}

eval::ThresholdTarget ThresholdTuner::target() const {
    eval::ThresholdTarget t;
    t.goal = static_cast<ThresholdGoal>(m_goal->currentData().toInt());
    t.value = m_value->value();
    t.falsePositiveCost = m_fpCost->value();
    t.falseNegativeCost = m_fnCost->value();
    return t;
}

void ThresholdTuner::setTarget(const eval::ThresholdTarget& target) {
    m_goal->setCurrentIndex(m_goal->findData(static_cast<int>(target.goal)));
    m_value->setValue(target.value);
    m_fpCost->setValue(target.falsePositiveCost);
    m_fnCost->setValue(target.falseNegativeCost);
}

void ThresholdTuner::showResult(const eval::ThresholdTarget& target,
                                const eval::TunedThreshold& tuned, const QString& split) {
    const QString on = splitLabel(split);
    const eval::ThresholdScores& s = tuned.scores;
    if (target.goal == ThresholdGoal::Cost) {
        const auto fp = static_cast<qlonglong>(s.counts(0, 1));
        const auto fn = static_cast<qlonglong>(s.counts(1, 0));
        return setResultText(tr("Threshold %1 gives the least cost on %2, %3 (%4 false positives × "
                                "%5 + %6 false negatives × %7): precision %8, recall %9. Applied.")
                                 .arg(thresholdText(tuned.threshold), on)
                                 .arg(tuned.cost, 0, 'g', 6)
                                 .arg(fp)
                                 .arg(target.falsePositiveCost, 0, 'g', 6)
                                 .arg(fn)
                                 .arg(target.falseNegativeCost, 0, 'g', 6)
                                 .arg(number(s.precision), number(s.recall)),
                             false);
    }
    const bool precision = target.goal == ThresholdGoal::Precision;
    const QString goal = precision ? tr("precision") : tr("recall");
    if (!tuned.reached) {
        return setResultText(
            tr("No threshold reaches %1 %2 on %3: the highest is %4, at threshold "
               "%5. The threshold is unchanged.")
                .arg(goal, number(target.value), on, number(precision ? s.precision : s.recall),
                     thresholdText(tuned.threshold)),
            true);
    }
    setResultText(tr("Threshold %1 reaches precision %2, recall %3 on %4 (%5 at least %6). "
                     "Applied.")
                      .arg(thresholdText(tuned.threshold), number(s.precision), number(s.recall),
                           on, goal, number(target.value)),
                  false);
}

void ThresholdTuner::showError(const QString& message) { setResultText(message, true); }

void ThresholdTuner::clearResult() { setResultText({}, false); }

QString ThresholdTuner::resultText() const { return m_result->text(); }

void ThresholdTuner::showGoalControls() {
    const bool cost = target().goal == ThresholdGoal::Cost;
    m_value->setVisible(!cost);
    for (QWidget* w : {static_cast<QWidget*>(m_fpLabel), static_cast<QWidget*>(m_fpCost),
                       static_cast<QWidget*>(m_fnLabel), static_cast<QWidget*>(m_fnCost)})
        w->setVisible(cost);
}

void ThresholdTuner::setResultText(const QString& text, bool warning) {
    m_warning = warning;
    m_result->setText(text);
    // A target out of reach reads as a warning, in the colour the panel's messages use.
    m_result->setStyleSheet(warning ? QStringLiteral("color: #b00020") : QString());
}

}  // namespace loupe::widgets
