#include "widgets/train/imbalance_settings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>
#include <utility>

#include "widgets/train/class_balance_chart.h"

namespace loupe::widgets {

ImbalanceSettings::ImbalanceSettings(QWidget* parent) : QWidget(parent) {
    m_method = new QComboBox;
    m_method->addItem(tr("None"), static_cast<int>(data::Resampling::None));
    m_method->addItem(tr("Random oversampling"), static_cast<int>(data::Resampling::Oversample));
    m_method->addItem(tr("Random undersampling"), static_cast<int>(data::Resampling::Undersample));
    m_method->addItem(tr("SMOTE"), static_cast<int>(data::Resampling::Smote));
    m_method->setToolTip(
        tr("Resamples the training rows only; validation and test rows stay as "
           "they are"));
    m_k = new QSpinBox;
    m_k->setRange(1, 100);
    m_k->setValue(5);
    m_k->setToolTip(tr("SMOTE: nearest rows of the same class to interpolate towards"));
    m_kLabel = new QLabel(tr("SMOTE neighbours (k)"));
    m_weights = new QComboBox;
    m_weights->addItem(tr("None"));
    m_weights->addItem(tr("Balanced"));
    m_weights->setToolTip(
        tr("Balanced: each class weighs n / (classes × its rows), as "
           "scikit-learn's class_weight=\"balanced\""));
    m_chart = new ClassBalanceChart;
    m_chart->clear(tr("Choose a classification target to see the class balance."));

    auto* form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Resampling"), m_method);
    form->addRow(m_kLabel, m_k);
    form->addRow(tr("Class weights"), m_weights);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_chart);

    auto edited = [this] {
        const bool smote = method() == data::Resampling::Smote;
        m_k->setEnabled(smote);
        m_kLabel->setEnabled(smote);
        refreshChart();
        emit changed();
    };
    connect(m_method, &QComboBox::currentIndexChanged, this, edited);
    connect(m_k, &QSpinBox::valueChanged, this, edited);
    connect(m_weights, &QComboBox::currentIndexChanged, this, edited);
    m_k->setEnabled(false);
    m_kLabel->setEnabled(false);
}

data::Resampling ImbalanceSettings::method() const {
    return static_cast<data::Resampling>(m_method->currentData().toInt());
}

void ImbalanceSettings::setMethod(data::Resampling method) {
    m_method->setCurrentIndex(m_method->findData(static_cast<int>(method)));
}

int64_t ImbalanceSettings::smoteK() const { return m_k->value(); }

bool ImbalanceSettings::balanced() const { return m_weights->currentIndex() == 1; }

void ImbalanceSettings::apply(train::ExperimentRequest& request) const {
    request.resample = method();
    request.smoteK = smoteK();
    request.balancedClassWeights = balanced();
}

void ImbalanceSettings::setFrom(const train::ExperimentRequest& request) {
    setMethod(request.resample);
    m_k->setValue(static_cast<int>(request.smoteK));
    m_weights->setCurrentIndex(request.balancedClassWeights ? 1 : 0);
}

void ImbalanceSettings::setTrainingCounts(const QStringList& classes, std::vector<int64_t> counts) {
    m_classes = classes;
    m_counts = std::move(counts);
    refreshChart();
}

void ImbalanceSettings::clearCounts(const QString& note) {
    m_classes.clear();
    m_counts.clear();
    m_chart->clear(note);
}

void ImbalanceSettings::refreshChart() {
    if (m_classes.isEmpty()) return;
    m_chart->setCounts(m_classes, m_counts, data::resampledCounts(m_counts, method()));
}

}  // namespace loupe::widgets
