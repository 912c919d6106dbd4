#include "widgets/train/preprocessing_settings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QListWidget>

namespace loupe::widgets {
namespace {

QListWidget* columnList(const QString& tip) {
    auto* list = new QListWidget;
    list->setToolTip(tip);
    list->setMaximumHeight(96);
    list->setSelectionMode(QAbstractItemView::NoSelection);
    return list;
}

}  // namespace

PreprocessingSettings::PreprocessingSettings(QWidget* parent) : QWidget(parent) {
    m_impute = new QComboBox;
    m_impute->addItem(tr("Mean"), static_cast<int>(data::NumericImpute::Mean));
    m_impute->addItem(tr("Median"), static_cast<int>(data::NumericImpute::Median));
    m_impute->addItem(tr("Most frequent"), static_cast<int>(data::NumericImpute::MostFrequent));
    m_impute->setToolTip(tr("Fills missing numeric values; categorical columns use the most "
                            "frequent category"));
    m_scaling = new QComboBox;
    m_scaling->addItem(tr("Standard (mean 0, std 1)"), static_cast<int>(data::Scaling::Standard));
    m_scaling->addItem(tr("Min-max (0 to 1)"), static_cast<int>(data::Scaling::MinMax));
    m_scaling->addItem(tr("Robust (median, IQR)"), static_cast<int>(data::Scaling::Robust));
    m_scaling->addItem(tr("None"), static_cast<int>(data::Scaling::None));
    m_encoding = new QComboBox;
    m_encoding->addItem(tr("One-hot"), static_cast<int>(data::Encoding::OneHot));
    m_encoding->addItem(tr("Ordinal"), static_cast<int>(data::Encoding::Ordinal));
    m_logList = columnList(tr("Numeric columns transformed by log1p before imputing and scaling "
                              "(no negative training values)"));
    m_dropList = columnList(tr("Feature columns left out of training"));

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Imputation"), m_impute);
    form->addRow(tr("Scaling"), m_scaling);
    form->addRow(tr("Categoricals"), m_encoding);
    form->addRow(tr("Log1p columns"), m_logList);
    form->addRow(tr("Drop columns"), m_dropList);

    for (QComboBox* box : {m_impute, m_scaling, m_encoding})
        connect(box, &QComboBox::currentIndexChanged, this, &PreprocessingSettings::changed);
    for (auto [list, set] : {std::pair{m_logList, &m_log}, std::pair{m_dropList, &m_drop}})
        connect(list, &QListWidget::itemChanged, this, [this, set = set](QListWidgetItem* item) {
            if (m_filling) return;
            if (item->checkState() == Qt::Checked)
                set->insert(item->text());
            else
                set->remove(item->text());
            emit changed();
        });
    setColumns({}, {});
}

void PreprocessingSettings::apply(train::ExperimentRequest& request) const {
    request.pipeline.numericImpute =
        static_cast<data::NumericImpute>(m_impute->currentData().toInt());
    request.pipeline.scaling = static_cast<data::Scaling>(m_scaling->currentData().toInt());
    request.pipeline.encoding = static_cast<data::Encoding>(m_encoding->currentData().toInt());
    request.pipeline.logColumns.clear();
    for (const QString& name : chosen(m_logList, m_log))
        request.pipeline.logColumns.push_back(name.toStdString());
    request.dropColumns.clear();
    for (const QString& name : chosen(m_dropList, m_drop))
        request.dropColumns.push_back(name.toStdString());
}

void PreprocessingSettings::setFrom(const train::ExperimentRequest& request) {
    const data::PipelineOptions& p = request.pipeline;
    m_impute->setCurrentIndex(m_impute->findData(static_cast<int>(p.numericImpute)));
    m_scaling->setCurrentIndex(m_scaling->findData(static_cast<int>(p.scaling)));
    m_encoding->setCurrentIndex(m_encoding->findData(static_cast<int>(p.encoding)));
    m_log.clear();
    for (const std::string& name : p.logColumns) m_log.insert(QString::fromStdString(name));
    m_drop.clear();
    for (const std::string& name : request.dropColumns) m_drop.insert(QString::fromStdString(name));
    const auto listed = [](const QListWidget* list) {
        QStringList names;
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->flags() & Qt::ItemIsUserCheckable) names << list->item(i)->text();
        return names;
    };
    fill(m_logList, listed(m_logList), m_log);
    fill(m_dropList, listed(m_dropList), m_drop);
    emit changed();
}

void PreprocessingSettings::setColumns(const QStringList& features, const QStringList& numeric) {
    fill(m_logList, numeric, m_log);
    fill(m_dropList, features, m_drop);
}

void PreprocessingSettings::fill(QListWidget* list, const QStringList& names,
                                 const QSet<QString>& checked) {
    m_filling = true;
    list->clear();
    for (const QString& name : names) {
        auto* item = new QListWidgetItem(name, list);
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        item->setCheckState(checked.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
    if (names.isEmpty()) {
        auto* item = new QListWidgetItem(tr("(open a dataset)"), list);
        item->setFlags(Qt::NoItemFlags);
    }
    m_filling = false;
}

QStringList PreprocessingSettings::chosen(const QListWidget* list,
                                          const QSet<QString>& checked) const {
    QStringList names;
    bool listed = false;
    for (int i = 0; i < list->count(); ++i) {
        const QListWidgetItem* item = list->item(i);
        if (!(item->flags() & Qt::ItemIsUserCheckable)) continue;
        listed = true;
        if (item->checkState() == Qt::Checked) names << item->text();
    }
    if (listed) return names;
    // No dataset yet (a project being restored): keep every name chosen, in a stable order.
    names = QStringList(checked.begin(), checked.end());
    names.sort();
    return names;
}

}  // namespace loupe::widgets
