#include "widgets/explain/explain_settings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

namespace loupe::widgets {
namespace {

QSpinBox* spin(int minimum, int maximum, int value, const QString& tip) {
    auto* box = new QSpinBox;
    box->setRange(minimum, maximum);
    box->setValue(value);
    box->setToolTip(tip);
    box->setGroupSeparatorShown(true);
    return box;
}

}  // namespace

ExplainSettings::ExplainSettings(QWidget* parent) : QWidget(parent) {
    const explain::ExplainRequest defaults;
    m_method = new QComboBox;
    const std::pair<explain::ShapMethod, QString> methods[] = {
        {explain::ShapMethod::Auto, tr("auto")},
        {explain::ShapMethod::Exact, tr("exact")},
        {explain::ShapMethod::Kernel, tr("kernel")},
        {explain::ShapMethod::Permutation, tr("permutation")},
        {explain::ShapMethod::Linear, tr("linear")}};
    for (const auto& [method, name] : methods) m_method->addItem(name, int(method));
    m_method->setToolTip(
        tr("exact: every coalition (up to %1 features); kernel: KernelSHAP regression; "
           "permutation: sampled orderings; linear: closed form for a model with no hidden layer")
            .arg(explain::kMaxExactFeatures));

    m_class = new QComboBox;
    m_class->setToolTip(tr("The class whose probability is explained"));

    m_rows = new QComboBox;
    m_rows->setToolTip(tr("The rows whose predictions are explained"));
    m_maxRows = spin(1, 100000, int(defaults.maxRows),
                     tr("More rows than this are replaced by a random sample of this many"));
    auto* rowsLine = new QHBoxLayout;
    rowsLine->setContentsMargins(0, 0, 0, 0);
    rowsLine->addWidget(m_rows, 1);
    rowsLine->addWidget(new QLabel(tr("up to")));
    rowsLine->addWidget(m_maxRows);

    m_background = new QComboBox;
    m_background->addItem(tr("random sample"), int(explain::BackgroundKind::Sample));
    m_background->addItem(tr("k-means"), int(explain::BackgroundKind::KMeans));
    m_background->setToolTip(
        tr("What a feature takes when it is left out: training rows drawn at random, or k-means "
           "centres of the training rows weighted by their cluster sizes"));
    m_backgroundSize = spin(1, 10000, int(defaults.backgroundSize),
                            tr("Rows in the sample, or clusters for k-means"));
    auto* backgroundLine = new QHBoxLayout;
    backgroundLine->setContentsMargins(0, 0, 0, 0);
    backgroundLine->addWidget(m_background, 1);
    backgroundLine->addWidget(m_backgroundSize);

    m_samples = spin(1, 1000000, int(defaults.samples),
                     tr("kernel: coalitions per row; permutation: evaluations per row"));
    m_seed = spin(0, 1000000, int(defaults.seed),
                  tr("Seeds the row sample, the background and the sampling methods"));
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("QLabel { color: #505050; }"));

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Method:"), m_method);
    form->addRow(tr("Class:"), m_class);
    form->addRow(tr("Rows:"), rowsLine);
    form->addRow(tr("Background:"), backgroundLine);
    form->addRow(tr("Samples:"), m_samples);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(m_note);

    connect(m_method, &QComboBox::currentIndexChanged, this, &ExplainSettings::refreshSamples);
    setRun(nullptr);
}

void ExplainSettings::setRun(const std::shared_ptr<const train::ExperimentResult>& run) {
    m_class->clear();
    const int rowsChoice = m_rows->currentIndex();
    m_rows->clear();
    if (!run) {
        m_note->clear();
        m_rows->addItem(tr("test split"), int(explain::ExplainRows::Test));
        m_rows->addItem(tr("validation split"), int(explain::ExplainRows::Validation));
        m_rows->addItem(tr("all rows"), int(explain::ExplainRows::All));
        refreshSamples();
        return;
    }
    const nn::Model& model = run->model;
    if (model.task == data::Task::Classification) {
        for (int i = 0; i < int(model.classNames.size()); ++i)
            m_class->addItem(QString::fromStdString(model.classNames[size_t(i)]), i);
        m_class->setCurrentIndex(m_class->count() - 1);  // the positive class of two
    } else {
        m_class->addItem(tr("the predicted value"), -1);
    }
    m_class->setEnabled(m_class->count() > 1);
    const auto testRows = qlonglong(run->split.test.size());
    const auto valRows = qlonglong(run->split.val.size());
    const auto allRows = qlonglong(run->split.train.size()) + valRows + testRows;
    m_rows->addItem(tr("test split (%1 rows)").arg(testRows), int(explain::ExplainRows::Test));
    m_rows->addItem(tr("validation split (%1 rows)").arg(valRows),
                    int(explain::ExplainRows::Validation));
    m_rows->addItem(tr("all rows"), int(explain::ExplainRows::All));
    m_rows->setCurrentIndex(rowsChoice > 0 ? rowsChoice : (testRows > 0 ? 0 : 2));

    m_autoMethod = explain::resolveShapMethod(model, explain::ShapMethod::Auto);
    const auto features = explain::sourceFeatures(model).size();
    m_method->setItemText(
        0, tr("auto (%1)").arg(QString::fromStdString(explain::shapMethodName(m_autoMethod))));
    m_note->setText(tr("%1 features, %2 rows with a target. The background is drawn from the "
                       "%3 training rows.")
                        .arg(qulonglong(features))
                        .arg(allRows)
                        .arg(qlonglong(run->split.train.size())));
    refreshSamples();
}

explain::ExplainRequest ExplainSettings::request() const {
    explain::ExplainRequest r;
    r.method = static_cast<explain::ShapMethod>(m_method->currentData().toInt());
    r.rows = static_cast<explain::ExplainRows>(m_rows->currentData().toInt());
    r.maxRows = m_maxRows->value();
    r.background = static_cast<explain::BackgroundKind>(m_background->currentData().toInt());
    r.backgroundSize = m_backgroundSize->value();
    r.classIndex = m_class->count() > 0 ? m_class->currentData().toInt() : -1;
    r.samples = m_samples->value();
    r.seed = static_cast<uint64_t>(m_seed->value());
    return r;
}

void ExplainSettings::refreshSamples() {
    auto method = static_cast<explain::ShapMethod>(m_method->currentData().toInt());
    if (method == explain::ShapMethod::Auto) method = m_autoMethod;
    m_samples->setEnabled(method == explain::ShapMethod::Kernel ||
                          method == explain::ShapMethod::Permutation);
}

}  // namespace loupe::widgets
