#include "widgets/train/schedule_settings.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSpinBox>

namespace loupe::widgets {
namespace {

QDoubleSpinBox* numberBox(double low, double high, double step, int decimals) {
    auto* box = new QDoubleSpinBox;
    box->setRange(low, high);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    return box;
}

QSpinBox* wholeBox(int low, int high) {
    auto* box = new QSpinBox;
    box->setRange(low, high);
    return box;
}

using nn::ScheduleKind;

}  // namespace

ScheduleSettings::ScheduleSettings(QWidget* parent) : QWidget(parent) {
    m_kind = new QComboBox;
    m_kind->addItem(tr("None (constant)"), static_cast<int>(ScheduleKind::None));
    m_kind->addItem(tr("Step decay"), static_cast<int>(ScheduleKind::Step));
    m_kind->addItem(tr("Exponential decay"), static_cast<int>(ScheduleKind::Exponential));
    m_kind->addItem(tr("Cosine with warmup"), static_cast<int>(ScheduleKind::Cosine));
    m_kind->addItem(tr("One-cycle"), static_cast<int>(ScheduleKind::OneCycle));
    m_kind->addItem(tr("Reduce on plateau"), static_cast<int>(ScheduleKind::Plateau));
    m_kind->setToolTip(tr("Each follows its PyTorch scheduler's formula"));
    m_stepEvery = wholeBox(1, 1'000'000);
    m_stepEvery->setSuffix(tr(" epochs"));
    m_gamma = numberBox(1e-4, 1.0, 0.01, 4);
    m_gamma->setToolTip(tr("The rate is multiplied by this at each decay"));
    m_warmup = wholeBox(0, 1'000'000);
    m_warmup->setSuffix(tr(" epochs"));
    m_minLr = numberBox(0.0, 10.0, 1e-5, 6);
    m_maxLr = numberBox(1e-6, 10.0, 1e-3, 6);
    m_maxLr->setToolTip(tr("The peak; the cycle starts at a 25th of it"));
    m_pctStart = numberBox(0.01, 0.99, 0.05, 2);
    m_pctStart->setToolTip(tr("Share of the steps spent rising to the peak"));
    m_factor = numberBox(1e-4, 0.9999, 0.05, 4);
    m_factor->setToolTip(tr("The rate is multiplied by this after a plateau"));
    m_patience = wholeBox(1, 1'000'000);
    m_patience->setSuffix(tr(" epochs"));
    m_patience->setToolTip(tr("Epochs without improvement of the monitored value before a cut"));

    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(tr("LR schedule"), m_kind);
    m_form->addRow(tr("  Decay every"), m_stepEvery);
    m_form->addRow(tr("  Gamma"), m_gamma);
    m_form->addRow(tr("  Warmup"), m_warmup);
    m_form->addRow(tr("  Peak rate"), m_maxLr);
    m_form->addRow(tr("  Rising share"), m_pctStart);
    m_form->addRow(tr("  Factor"), m_factor);
    m_form->addRow(tr("  Patience"), m_patience);
    m_form->addRow(tr("  Minimum rate"), m_minLr);

    setSchedule(nn::LearningRateSchedule{});
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        showFields();
        emit changed();
    });
    for (QSpinBox* box : {m_stepEvery, m_warmup, m_patience})
        connect(box, &QSpinBox::valueChanged, this, &ScheduleSettings::changed);
    for (QDoubleSpinBox* box : {m_gamma, m_minLr, m_maxLr, m_pctStart, m_factor})
        connect(box, &QDoubleSpinBox::valueChanged, this, &ScheduleSettings::changed);
}

nn::LearningRateSchedule ScheduleSettings::schedule() const {
    nn::LearningRateSchedule s;
    s.kind = static_cast<ScheduleKind>(m_kind->currentData().toInt());
    s.stepEvery = m_stepEvery->value();
    s.gamma = m_gamma->value();
    s.warmupEpochs = m_warmup->value();
    s.minLr = m_minLr->value();
    s.maxLr = m_maxLr->value();
    s.pctStart = m_pctStart->value();
    s.factor = m_factor->value();
    s.patience = m_patience->value();
    return s;
}

void ScheduleSettings::setSchedule(const nn::LearningRateSchedule& s) {
    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(s.kind)));
    m_stepEvery->setValue(static_cast<int>(s.stepEvery));
    m_gamma->setValue(s.gamma);
    m_warmup->setValue(static_cast<int>(s.warmupEpochs));
    m_minLr->setValue(s.minLr);
    m_maxLr->setValue(s.maxLr);
    m_pctStart->setValue(s.pctStart);
    m_factor->setValue(s.factor);
    m_patience->setValue(static_cast<int>(s.patience));
    showFields();
}

bool ScheduleSettings::showsField(const QString& field) const {
    const auto kind = static_cast<ScheduleKind>(m_kind->currentData().toInt());
    const bool step = kind == ScheduleKind::Step, cosine = kind == ScheduleKind::Cosine,
               plateau = kind == ScheduleKind::Plateau, cycle = kind == ScheduleKind::OneCycle;
    if (field == QLatin1String("step_every")) return step;
    if (field == QLatin1String("gamma")) return step || kind == ScheduleKind::Exponential;
    if (field == QLatin1String("warmup")) return cosine;
    if (field == QLatin1String("min_lr")) return cosine || plateau;
    if (field == QLatin1String("max_lr") || field == QLatin1String("pct_start")) return cycle;
    if (field == QLatin1String("factor") || field == QLatin1String("patience")) return plateau;
    return false;
}

void ScheduleSettings::showFields() {
    const std::pair<QWidget*, const char*> rows[] = {
        {m_stepEvery, "step_every"}, {m_gamma, "gamma"},         {m_warmup, "warmup"},
        {m_maxLr, "max_lr"},         {m_pctStart, "pct_start"},  {m_factor, "factor"},
        {m_patience, "patience"},    {m_minLr, "min_lr"}};
    for (const auto& [box, field] : rows) m_form->setRowVisible(box, showsField(field));
}

}  // namespace loupe::widgets
