#include "widgets/train/hyperparameter_form.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSpinBox>
#include <QStandardItemModel>

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

}  // namespace

HyperparameterForm::HyperparameterForm(QWidget* parent) : QWidget(parent) {
    m_optimizer = new QComboBox;
    m_optimizer->addItem(tr("Adam"), static_cast<int>(train::Optimizer::Adam));
    m_optimizer->addItem(tr("AdamW"), static_cast<int>(train::Optimizer::AdamW));
    m_optimizer->addItem(tr("SGD (momentum 0.9)"), static_cast<int>(train::Optimizer::Sgd));
    m_lr = numberBox(1e-6, 10.0, 1e-4, 6);
    m_batch = wholeBox(1, 10'000'000);
    m_epochs = wholeBox(1, 1'000'000);
    m_l1 = numberBox(0.0, 100.0, 1e-4, 6);
    m_l2 = numberBox(0.0, 100.0, 1e-4, 6);
    m_patience = wholeBox(0, 1'000'000);
    m_patience->setSpecialValueText(tr("off"));
    m_patience->setToolTip(
        tr("Stop after this many epochs without a lower validation loss and "
           "keep the best weights. Off by default: on small datasets the "
           "validation loss bottoms out before the model has learned."));
    m_val = numberBox(0.0, 0.8, 0.05, 2);
    m_test = numberBox(0.0, 0.8, 0.05, 2);
    m_seed = wholeBox(0, 2'147'483'647);
    m_device = new QComboBox;
    m_device->addItem(tr("Auto (GPU when one answers)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    // The reason CUDA is missing can be long: it shows in the popup, not in the form's width.
    m_device->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_device->setMinimumContentsLength(18);

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Optimizer"), m_optimizer);
    form->addRow(tr("Learning rate"), m_lr);
    form->addRow(tr("Batch size"), m_batch);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("L1 penalty"), m_l1);
    form->addRow(tr("L2 penalty"), m_l2);
    form->addRow(tr("Early stopping"), m_patience);
    form->addRow(tr("Validation"), m_val);
    form->addRow(tr("Test"), m_test);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Device"), m_device);

    setConfig(train::TrainConfig{});
    setFractions(0.15, 0.15);
    setCudaProbe(device::CudaProbe{});

    for (QDoubleSpinBox* box : {m_lr, m_l1, m_l2, m_val, m_test})
        connect(box, &QDoubleSpinBox::valueChanged, this, &HyperparameterForm::changed);
    for (QSpinBox* box : {m_batch, m_epochs, m_patience, m_seed})
        connect(box, &QSpinBox::valueChanged, this, &HyperparameterForm::changed);
    for (QComboBox* box : {m_optimizer, m_device})
        connect(box, &QComboBox::currentIndexChanged, this, &HyperparameterForm::changed);
}

train::TrainConfig HyperparameterForm::config() const {
    train::TrainConfig config;
    config.optimizer = static_cast<train::Optimizer>(m_optimizer->currentData().toInt());
    config.learningRate = static_cast<float>(m_lr->value());
    config.batchSize = m_batch->value();
    config.epochs = m_epochs->value();
    config.l1 = static_cast<float>(m_l1->value());
    config.l2 = static_cast<float>(m_l2->value());
    config.earlyStopPatience = m_patience->value();
    config.seed = static_cast<uint64_t>(m_seed->value());
    return config;
}

void HyperparameterForm::setConfig(const train::TrainConfig& config) {
    m_optimizer->setCurrentIndex(m_optimizer->findData(static_cast<int>(config.optimizer)));
    m_lr->setValue(config.learningRate);
    m_batch->setValue(static_cast<int>(config.batchSize));
    m_epochs->setValue(static_cast<int>(config.epochs));
    m_l1->setValue(config.l1);
    m_l2->setValue(config.l2);
    m_patience->setValue(static_cast<int>(config.earlyStopPatience));
    m_seed->setValue(static_cast<int>(config.seed));
}

double HyperparameterForm::valFraction() const { return m_val->value(); }

double HyperparameterForm::testFraction() const { return m_test->value(); }

void HyperparameterForm::setFractions(double val, double test) {
    m_val->setValue(val);
    m_test->setValue(test);
}

QString HyperparameterForm::device() const { return m_device->currentData().toString(); }

bool HyperparameterForm::setDevice(const QString& spec) {
    const int index = m_device->findData(spec);
    const auto* model = qobject_cast<QStandardItemModel*>(m_device->model());
    if (index < 0 || (model && !model->item(index)->isEnabled())) return false;
    m_device->setCurrentIndex(index);
    return true;
}

void HyperparameterForm::setCudaProbe(const device::CudaProbe& probe) {
    const QString chosen = device();
    while (m_device->count() > 2) m_device->removeItem(2);
    for (const device::CudaDeviceInfo& gpu : probe.devices)
        m_device->addItem(tr("CUDA %1: %2, %3 GiB")
                              .arg(gpu.index)
                              .arg(QString::fromStdString(gpu.name))
                              .arg(double(gpu.memoryBytes) / double(1LL << 30), 0, 'f', 1),
                          QStringLiteral("cuda:%1").arg(gpu.index));
    if (probe.devices.empty()) {
        const QString reason = probe.reason.empty() ? tr("no CUDA device found")
                                                    : QString::fromStdString(probe.reason);
        m_device->addItem(tr("CUDA: %1").arg(reason), QStringLiteral("cuda"));
        const int last = m_device->count() - 1;
        m_device->setItemData(last, reason, Qt::ToolTipRole);
        if (auto* model = qobject_cast<QStandardItemModel*>(m_device->model()))
            model->item(last)->setEnabled(false);
    }
    if (!setDevice(chosen)) m_device->setCurrentIndex(0);
}

}  // namespace loupe::widgets
