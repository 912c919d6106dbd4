#include "widgets/data/column_stats_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QThreadPool>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

#include "core/data/column_stats.h"
#include "core/data/target.h"
#include "widgets/data/bar_chart.h"
#include "widgets/data/dataset_model.h"

namespace loupe::widgets {
namespace {

using data::ColumnType;

constexpr ColumnType kTypes[] = {ColumnType::Numeric, ColumnType::Categorical, ColumnType::Text};
constexpr ColumnRole kRoles[] = {ColumnRole::Feature, ColumnRole::Target, ColumnRole::Ignore};
// Sorting 100k values for the distinct count takes a few ms; beyond that, a worker.
constexpr int64_t kBackgroundRows = 100'000;

QString number(double value) {
    return std::isnan(value) ? QStringLiteral("–") : QLocale().toString(value, 'g', 6);
}

QLabel* heading(const QString& text) {
    auto* label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

}  // namespace

ColumnStatsPanel::ColumnStatsPanel(DatasetModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_backgroundRows(kBackgroundRows) {
    m_title = new QLabel;
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);

    m_role = new QComboBox;
    for (ColumnRole role : kRoles) m_role->addItem(roleName(role), static_cast<int>(role));
    m_type = new QComboBox;
    for (ColumnType type : kTypes)
        m_type->addItem(QString::fromUtf8(data::toString(type).data()), static_cast<int>(type));
    m_role->setToolTip(tr("How training uses this column"));
    m_type->setToolTip(tr("Read this column as numbers, categories or free text"));

    auto* choices = new QFormLayout;
    choices->addRow(tr("Role"), m_role);
    choices->addRow(tr("Type"), m_type);
    m_facts = new QFormLayout;

    m_distributionTitle = heading(tr("Distribution"));
    m_distribution = new BarChart;
    m_balanceTitle = heading(tr("Class balance"));
    m_balance = new BarChart;

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(choices);
    layout->addSpacing(6);
    layout->addLayout(m_facts);
    layout->addSpacing(6);
    layout->addWidget(m_distributionTitle);
    layout->addWidget(m_distribution);
    layout->addSpacing(6);
    layout->addWidget(m_balanceTitle);
    layout->addWidget(m_balance);
    layout->addStretch(1);

    connect(m_role, &QComboBox::activated, this, [this](int i) {
        if (m_column >= 0)
            m_model->setColumnRole(m_column, static_cast<ColumnRole>(m_role->itemData(i).toInt()));
    });
    connect(m_type, &QComboBox::activated, this, [this](int i) {
        if (m_column >= 0)
            m_model->setColumnType(m_column, static_cast<ColumnType>(m_type->itemData(i).toInt()));
    });
    connect(m_model, &DatasetModel::rolesChanged, this, &ColumnStatsPanel::refresh);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { showColumn(-1); });
    refresh();
}

void ColumnStatsPanel::showColumn(int column) {
    m_column = column >= 0 && column < m_model->columnCount() ? column : -1;
    refresh();
}

void ColumnStatsPanel::setRows(std::shared_ptr<const std::vector<int64_t>> rows) {
    if (rows == m_rows) return;
    m_rows = std::move(rows);
    refreshColumn();
}

void ColumnStatsPanel::refresh() {
    refreshColumn();
    refreshBalance();
}

void ColumnStatsPanel::refreshColumn() {
    while (m_facts->rowCount() > 0) m_facts->removeRow(0);
    const bool shown = m_column >= 0 && m_column < m_model->columnCount();
    m_role->setEnabled(shown);
    m_type->setEnabled(shown);
    m_distributionTitle->setVisible(shown);
    m_distribution->setVisible(shown);
    if (!shown) {
        m_title->setText(m_model->columnCount() > 0 ? tr("Select a column") : tr("No data"));
        m_distribution->clear();
        m_stats = {};
        dropPending();
        return;
    }
    const data::Column& column = m_model->column(m_column);
    m_title->setText(QString::fromStdString(column.name));
    {
        const QSignalBlocker blockRole(m_role), blockType(m_type);
        m_role->setCurrentIndex(m_role->findData(static_cast<int>(m_model->columnRole(m_column))));
        m_type->setCurrentIndex(m_type->findData(static_cast<int>(column.type)));
    }
    // Types the column cannot be read as stay listed but cannot be chosen.
    auto* items = qobject_cast<QStandardItemModel*>(m_type->model());
    for (int i = 0; items && i < m_type->count(); ++i) {
        const auto type = static_cast<ColumnType>(m_type->itemData(i).toInt());
        if (auto* item = items->item(i))
            item->setEnabled(m_model->canSetColumnType(m_column, type));
    }

    // The statistics themselves: at once for a few rows, else on a worker over a shared column
    // and row list, so a million-row column never holds the UI thread.
    dropPending();
    const int64_t described =
        m_rows ? static_cast<int64_t>(m_rows->size()) : m_model->table()->rowCount();
    if (described < m_backgroundRows) {
        showStats(m_rows ? data::columnStats(column, *m_rows) : data::columnStats(column));
        return;
    }
    addRowsFact(described);
    auto* computing = new QLabel(tr("computing…"));
    computing->setEnabled(false);
    m_facts->addRow(QString(), computing);
    m_distribution->clear();
    auto* watcher = new QFutureWatcher<data::ColumnStats>(this);
    m_pending = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (watcher != m_pending) return;
        m_pending = nullptr;
        showStats(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(
        QThreadPool::globalInstance(), [shared = m_model->sharedColumn(m_column), rows = m_rows] {
            return rows ? data::columnStats(*shared, *rows) : data::columnStats(*shared);
        }));
}

void ColumnStatsPanel::dropPending() {
    if (!m_pending) return;
    m_pending->disconnect(this);
    m_pending->deleteLater();
    m_pending = nullptr;
}

void ColumnStatsPanel::addRowsFact(int64_t rows) {
    const QLocale locale;
    const QString shown = locale.toString(static_cast<qlonglong>(rows));
    const auto total = static_cast<qlonglong>(m_model->table() ? m_model->table()->rowCount() : 0);
    auto* label = new QLabel(m_rows ? tr("%1 of %2").arg(shown, locale.toString(total)) : shown);
    label->setToolTip(tr("The statistics describe the rows the table shows"));
    m_facts->addRow(tr("Rows"), label);
}

void ColumnStatsPanel::showStats(const data::ColumnStats& stats) {
    while (m_facts->rowCount() > 0) m_facts->removeRow(0);
    m_stats = stats;
    const QLocale locale;
    const double missingShare = stats.rows > 0 ? 100.0 * static_cast<double>(stats.missing) /
                                                     static_cast<double>(stats.rows)
                                               : 0.0;
    addRowsFact(stats.rows);
    m_facts->addRow(tr("Missing"),
                    new QLabel(QStringLiteral("%1 (%2%)")
                                   .arg(locale.toString(static_cast<qlonglong>(stats.missing)))
                                   .arg(missingShare, 0, 'f', 1)));
    m_facts->addRow(tr("Distinct"),
                    new QLabel(locale.toString(static_cast<qlonglong>(stats.distinct))));
    if (stats.type == ColumnType::Numeric) {
        m_facts->addRow(tr("Mean"), new QLabel(number(stats.mean)));
        m_facts->addRow(tr("Std"), new QLabel(number(stats.std)));
        m_facts->addRow(tr("Min"), new QLabel(number(stats.min)));
        m_facts->addRow(tr("Max"), new QLabel(number(stats.max)));
        m_distribution->setHistogram(stats.histogram);
    } else {
        std::vector<data::CategoryCount> labels = stats.categories;
        if (stats.otherCount > 0) labels.push_back({tr("(other)").toStdString(), stats.otherCount});
        m_distribution->setCounts(labels, stats.rows - stats.missing);
    }
    emit statsShown();
}

void ColumnStatsPanel::refreshBalance() {
    const int target = m_model->targetColumn();
    if (target < 0) {
        m_balanceTitle->setText(tr("Class balance: choose a target"));
        m_balance->clear();
        return;
    }
    const data::Column& column = m_model->column(target);
    const QString name = QString::fromStdString(column.name);
    if (data::inferTask(column) == data::Task::Regression) {
        m_balanceTitle->setText(tr("Target %1: regression").arg(name));
        m_balance->clear();
        return;
    }
    const auto classes = data::classBalance(column);
    int64_t total = 0;
    for (const auto& c : classes) total += c.count;
    m_balanceTitle->setText(tr("Class balance of %1").arg(name));
    m_balance->setCounts(classes, total);
}

}  // namespace loupe::widgets
