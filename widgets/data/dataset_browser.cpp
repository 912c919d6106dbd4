#include "widgets/data/dataset_browser.h"

#include <QAction>
#include <QComboBox>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <set>

#include "widgets/data/column_stats_panel.h"
#include "widgets/data/dataset_model.h"
#include "widgets/data/row_proxy_model.h"
#include "widgets/data/subset_chip.h"

namespace loupe::widgets {
namespace {

constexpr int kFilterDelayMs = 250;
constexpr int kDefaultColumnWidth = 96;
constexpr int kMaxColumnWidth = 260;

}  // namespace

DatasetBrowser::DatasetBrowser(QWidget* parent) : QWidget(parent) {
    m_model = new DatasetModel(this);
    m_rows = new RowProxyModel(this);
    m_rows->setSourceModel(m_model);

    m_view = new QTableView;
    m_view->setModel(m_rows);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    // Fixed row heights and column widths: the view never measures a million rows.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setDefaultSectionSize(kDefaultColumnWidth);
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_excludeRows = new QAction(tr("Exclude selected rows from training"), this);
    m_excludeRows->setToolTip(
        tr("Leave the selected rows out of training and the checks, as the Quality view does"));

    m_stats = new ColumnStatsPanel(m_model);
    m_stats->setMinimumWidth(300);

    m_target = new QComboBox;
    m_target->setMinimumContentsLength(14);
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_target->setToolTip(tr("The column the model learns to predict"));
    m_filter = new QLineEdit;
    m_filter->setPlaceholderText(tr("Filter rows…"));
    m_filter->setClearButtonEnabled(true);
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);
    m_count = new QLabel;
    m_chip = new SubsetChip;
    m_chip->hide();

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Target:")));
    bar->addWidget(m_target);
    bar->addSpacing(12);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_chip);
    bar->addWidget(m_count);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_view);
    split->addWidget(m_stats);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    auto* find = new QAction(tr("Filter rows"), this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(find);
    connect(find, &QAction::triggered, this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this,
            [this] { m_rows->setFilterText(m_filter->text()); });
    connect(m_chip, &SubsetChip::cleared, this, &DatasetBrowser::showAllRows);
    connect(m_rows, &RowProxyModel::rowsChanged, this, &DatasetBrowser::refreshCount);
    connect(m_rows, &RowProxyModel::busyChanged, this, &DatasetBrowser::refreshCount);
    // The statistics describe the rows shown: a filter's or a subset's, or every row.
    connect(m_rows, &RowProxyModel::rowsChanged, this,
            [this] { m_stats->setRows(m_rows->showsAllRows() ? nullptr : m_rows->shownRows()); });
    connect(m_view->horizontalHeader(), &QHeaderView::customContextMenuRequested, this,
            &DatasetBrowser::showHeaderMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &DatasetBrowser::showRowMenu);
    connect(m_excludeRows, &QAction::triggered, this, [this] {
        std::vector<int64_t> rows = selectedRows();
        if (!rows.empty()) emit excludeRowsRequested(rows);
    });
    // A computed column is as wide as its name, as the dataset's are.
    connect(m_rows, &QAbstractItemModel::columnsInserted, this,
            [this](const QModelIndex&, int first) {
                const QFontMetrics metrics(m_view->horizontalHeader()->font());
                int width = 0;
                for (const QString& line :
                     m_rows->headerData(first, Qt::Horizontal).toString().split('\n'))
                    width = std::max(width, metrics.horizontalAdvance(line));
                m_view->horizontalHeader()->resizeSection(
                    first, std::clamp(width + 28, kDefaultColumnWidth, kMaxColumnWidth));
            });
    connect(m_view->horizontalHeader(), &QHeaderView::sectionClicked, m_stats,
            &ColumnStatsPanel::showColumn);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentColumnChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) m_stats->showColumn(current.column());
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) emit currentRowChanged(m_rows->sourceRow(current.row()));
            });
    connect(m_target, &QComboBox::activated, this,
            [this](int i) { m_model->setTarget(m_target->itemData(i).toString()); });
    connect(m_model, &DatasetModel::rolesChanged, this, [this] {
        refreshTargetChoices();
        emit datasetChanged();
    });
    refreshTargetChoices();
    refreshCount();
}

void DatasetBrowser::setTable(std::shared_ptr<const data::Table> table) {
    m_filter->clear();
    m_filterDelay->stop();
    m_rows->setFilterText({});
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_model->setTable(std::move(table));
    m_chip->hide();
    fitColumnsToNames();
    // Selecting the first column fills the statistics panel right away.
    if (m_model->columnCount() > 0) m_stats->showColumn(0);
}

bool DatasetBrowser::setTarget(const QString& name) { return m_model->setTarget(name); }

void DatasetBrowser::showRows(std::vector<int64_t> rows, const QString& description) {
    m_rows->setRowSubset(std::move(rows), description);
    m_chip->setSubset(m_rows->unfilteredCount(), description);
    m_chip->show();
}

void DatasetBrowser::showAllRows() {
    m_rows->clearRowSubset();
    m_chip->hide();
}

void DatasetBrowser::setFilterText(const QString& text) {
    m_filter->setText(text);
    m_filterDelay->stop();
    m_rows->setFilterText(text);
}

bool DatasetBrowser::setComputedColumn(std::shared_ptr<const data::Column> values,
                                       const QString& description) {
    return m_rows->setComputedColumn(std::move(values), description);
}

void DatasetBrowser::clearComputedColumn() { m_rows->clearComputedColumn(); }

std::vector<int64_t> DatasetBrowser::selectedRows() const {
    std::set<int64_t> rows;
    for (const QModelIndex& index : m_view->selectionModel()->selectedIndexes())
        if (index.isValid() && index.row() < m_rows->rowCount())
            rows.insert(m_rows->sourceRow(index.row()));
    return {rows.begin(), rows.end()};
}

void DatasetBrowser::showRowMenu(const QPoint& pos) {
    if (!m_model->table()) return;
    m_excludeRows->setEnabled(!selectedRows().empty());
    QMenu menu(this);
    menu.addAction(m_excludeRows);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void DatasetBrowser::showHeaderMenu(const QPoint& pos) {
    const int column = m_view->horizontalHeader()->logicalIndexAt(pos);
    // A computed column has no role or type to choose.
    if (column < 0 || column >= m_model->columnCount()) return;
    m_stats->showColumn(column);
    QMenu menu(this);
    const ColumnRole current = m_model->columnRole(column);
    const std::pair<ColumnRole, QString> roles[] = {{ColumnRole::Target, tr("Use as target")},
                                                    {ColumnRole::Feature, tr("Use as feature")},
                                                    {ColumnRole::Ignore, tr("Ignore")}};
    for (const auto& [role, text] : roles) {
        QAction* action = menu.addAction(text);
        action->setCheckable(true);
        action->setChecked(role == current);
        connect(action, &QAction::triggered, this,
                [this, column, r = role] { m_model->setColumnRole(column, r); });
    }
    menu.addSeparator();
    const std::pair<data::ColumnType, QString> types[] = {
        {data::ColumnType::Numeric, tr("Read as numeric")},
        {data::ColumnType::Categorical, tr("Read as categorical")},
        {data::ColumnType::Text, tr("Read as text")}};
    for (const auto& [type, text] : types) {
        QAction* action = menu.addAction(text);
        action->setCheckable(true);
        action->setChecked(m_model->columnType(column) == type);
        action->setEnabled(m_model->canSetColumnType(column, type));
        connect(action, &QAction::triggered, this,
                [this, column, t = type] { m_model->setColumnType(column, t); });
    }
    menu.exec(m_view->horizontalHeader()->mapToGlobal(pos));
}

void DatasetBrowser::fitColumnsToNames() {
    // Widths come from the names alone (bold, as a target's is drawn): measuring cells would
    // visit every row of a large table.
    QFont bold = m_view->horizontalHeader()->font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    for (int c = 0; c < m_model->columnCount(); ++c) {
        int width = 0;
        const QStringList lines = m_model->headerData(c, Qt::Horizontal).toString().split('\n');
        for (const QString& line : lines) width = std::max(width, metrics.horizontalAdvance(line));
        m_view->horizontalHeader()->resizeSection(
            c, std::clamp(width + 28, kDefaultColumnWidth, kMaxColumnWidth));
    }
}

void DatasetBrowser::refreshTargetChoices() {
    const QSignalBlocker block(m_target);
    m_target->clear();
    m_target->addItem(tr("(none)"), QString());
    for (int c = 0; c < m_model->columnCount(); ++c) {
        const QString name = QString::fromStdString(m_model->table()->column(c).name);
        m_target->addItem(name, name);
    }
    const int index = m_target->findData(m_model->targetName());
    m_target->setCurrentIndex(index < 0 ? 0 : index);
    m_target->setEnabled(m_model->columnCount() > 0);
}

void DatasetBrowser::refreshCount() {
    const QLocale locale;
    const auto shown = static_cast<qlonglong>(m_rows->rowCount());
    const auto total = static_cast<qlonglong>(m_rows->unfilteredCount());
    QString text = shown == total
                       ? tr("%1 rows").arg(locale.toString(total))
                       : tr("%1 of %2 rows").arg(locale.toString(shown), locale.toString(total));
    // The rows shown stay until a large filter or sort, running on a worker, has new ones.
    if (m_rows->busy())
        text += QStringLiteral(" · ") +
                (m_rows->filterText().isEmpty() ? tr("sorting…") : tr("filtering…"));
    m_count->setText(text);
}

}  // namespace loupe::widgets
