#include "widgets/train/hyperparameter_form.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSpinBox>
#include <QStandardItemModel>

#include "widgets/train/schedule_settings.h"

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
        tr("Stop after this many epochs without an improvement of the monitored value and "
           "keep the best weights. Off by default: on small datasets the "
           "validation loss bottoms out before the model has learned."));
    m_minDelta = numberBox(0.0, 1e9, 1e-3, 5);
    m_minDelta->setToolTip(tr("A change smaller than this does not count as an improvement"));
    m_monitor = new QComboBox;
    m_monitor->addItem(tr("Validation loss"), static_cast<int>(train::Monitor::ValLoss));
    m_monitor->addItem(tr("Validation metric"), static_cast<int>(train::Monitor::ValMetric));
    m_monitor->setToolTip(
        tr("What early stopping and the plateau schedule watch: the validation loss "
           "(lower is better) or accuracy / R² (higher is better)"));
    m_schedule = new ScheduleSettings;
    m_clip = numberBox(0.0, 1e6, 0.5, 3);
    m_clip->setSpecialValueText(tr("off"));
    m_clip->setToolTip(tr("Largest global L2 norm of the gradients; larger ones are scaled down"));
    m_noise = numberBox(0.0, 10.0, 0.05, 3);
    m_noise->setSpecialValueText(tr("off"));
    m_noise->setToolTip(
        tr("Gaussian noise added to each training batch's inputs, as a share of each "
           "input column's standard deviation"));
    m_mixup = numberBox(0.0, 100.0, 0.1, 3);
    m_mixup->setSpecialValueText(tr("off"));
    m_mixup->setToolTip(
        tr("mixup: each batch mixed with a shuffle of itself by a weight drawn from "
           "Beta(alpha, alpha)"));
    m_folds = wholeBox(1, 100);
    m_folds->setSpecialValueText(tr("off"));
    m_folds->setSuffix(tr(" folds"));
    m_folds->setToolTip(
        tr("Cross-validate trains the model once per fold on the other folds and "
           "measures it on the held-out one"));
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
    form->addRow(m_schedule);
    form->addRow(tr("Batch size"), m_batch);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("L1 penalty"), m_l1);
    form->addRow(tr("L2 penalty"), m_l2);
    form->addRow(tr("Gradient clipping"), m_clip);
    form->addRow(tr("Early stopping"), m_patience);
    form->addRow(tr("  Min delta"), m_minDelta);
    form->addRow(tr("  Monitor"), m_monitor);
    form->addRow(tr("Input noise (× std)"), m_noise);
    form->addRow(tr("Mixup alpha"), m_mixup);
    form->addRow(tr("Validation"), m_val);
    form->addRow(tr("Test"), m_test);
    form->addRow(tr("Cross-validation"), m_folds);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Device"), m_device);

    setConfig(train::TrainConfig{});
    setFractions(0.15, 0.15);
    setCudaProbe(device::CudaProbe{});

    for (QDoubleSpinBox* box : {m_lr, m_l1, m_l2, m_val, m_test, m_minDelta, m_clip, m_noise, m_mixup})
        connect(box, &QDoubleSpinBox::valueChanged, this, &HyperparameterForm::changed);
    for (QSpinBox* box : {m_batch, m_epochs, m_patience, m_seed, m_folds})
        connect(box, &QSpinBox::valueChanged, this, &HyperparameterForm::changed);
    connect(m_schedule, &ScheduleSettings::changed, this, &HyperparameterForm::changed);
    for (QComboBox* box : {m_optimizer, m_device, m_monitor})
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
    config.earlyStopMinDelta = static_cast<float>(m_minDelta->value());
    config.monitor = static_cast<train::Monitor>(m_monitor->currentData().toInt());
    config.schedule = m_schedule->schedule();
    config.clipGradNorm = static_cast<float>(m_clip->value());
    config.inputNoise = static_cast<float>(m_noise->value());
    config.mixupAlpha = static_cast<float>(m_mixup->value());
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
    m_minDelta->setValue(config.earlyStopMinDelta);
    m_monitor->setCurrentIndex(m_monitor->findData(static_cast<int>(config.monitor)));
    m_schedule->setSchedule(config.schedule);
    m_clip->setValue(config.clipGradNorm);
    m_noise->setValue(config.inputNoise);
    m_mixup->setValue(config.mixupAlpha);
    m_seed->setValue(static_cast<int>(config.seed));
}

int HyperparameterForm::cvFolds() const { return m_folds->value() < 2 ? 0 : m_folds->value(); }

void HyperparameterForm::setCvFolds(int folds) { m_folds->setValue(folds < 2 ? 1 : folds); }

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
