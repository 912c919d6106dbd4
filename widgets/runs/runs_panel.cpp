#include "widgets/runs/runs_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/runs/run_comparison.h"
#include "widgets/runs/runs_table_model.h"

namespace loupe::widgets {

RunsPanel::RunsPanel(QWidget* parent)
    : QWidget(parent),
      m_model(new RunsTableModel(this)),
      m_table(new QTableView),
      m_filter(new QLineEdit),
      m_status(new QComboBox),
      m_kind(new QComboBox),
      m_archived(new QCheckBox(tr("Show archived"))),
      m_count(new QLabel),
      m_archive(new QPushButton(tr("Archive"))),
      m_unarchive(new QPushButton(tr("Unarchive"))),
      m_delete(new QPushButton(tr("Delete…"))),
      m_export(new QPushButton(tr("Export CSV…"))),
      m_notes(new QLineEdit),
      m_tags(new QLineEdit),
      m_comparison(new RunComparison) {
    askDelete = [this](int count) {
        QMessageBox box(QMessageBox::Question, tr("Delete runs"),
                        tr("Delete %n run(s) from the project's run history?", nullptr, count),
                        QMessageBox::Cancel, this);
        QPushButton* runs = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
        QPushButton* folders =
            box.addButton(tr("Delete with their folders"), QMessageBox::DestructiveRole);
        box.setInformativeText(
            tr("Their run folders (models, predictions) stay unless you "
               "delete them too."));
        box.exec();
        if (box.clickedButton() == runs) return DeleteAnswer::RunsOnly;
        if (box.clickedButton() == folders) return DeleteAnswer::RunsAndFolders;
        return DeleteAnswer::Cancel;
    };
    chooseCsvFile = [this] {
        return QFileDialog::getSaveFileName(this, tr("Export runs"), tr("runs.csv"),
                                            tr("CSV files (*.csv)"));
    };

    m_filter->setPlaceholderText(tr("Filter by name, kind, notes, tags, dataset, settings…"));
    m_filter->setClearButtonEnabled(true);
    m_status->addItem(tr("Any status"));
    for (auto s :
         {store::RunStatus::Running, store::RunStatus::Finished, store::RunStatus::Cancelled,
          store::RunStatus::Failed, store::RunStatus::Interrupted})
        m_status->addItem(QString::fromStdString(store::toString(s)));
    m_kind->addItem(tr("Any kind"));
    auto* filterBar = new QHBoxLayout;
    filterBar->addWidget(m_filter, 1);
    filterBar->addWidget(m_status);
    filterBar->addWidget(m_kind);
    filterBar->addWidget(m_archived);
    filterBar->addWidget(m_count);

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(RunsTableModel::Id, Qt::DescendingOrder);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);

    m_notes->setPlaceholderText(tr("Notes on the selected run"));
    m_tags->setPlaceholderText(tr("Tags, comma separated"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(new QLabel(tr("Notes:")));
    actions->addWidget(m_notes, 2);
    actions->addWidget(new QLabel(tr("Tags:")));
    actions->addWidget(m_tags, 1);
    for (QPushButton* b : {m_archive, m_unarchive, m_delete, m_export}) actions->addWidget(b);

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(filterBar);
    topLayout->addWidget(m_table, 1);
    topLayout->addLayout(actions);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(top);
    splitter->addWidget(m_comparison);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    // Every keystroke asks at once: the query runs on a worker and only the newest answer shows,
    // so there is nothing to debounce on this thread.
    connect(m_filter, &QLineEdit::textChanged, this, &RunsPanel::refresh);
    connect(m_status, &QComboBox::currentIndexChanged, this, &RunsPanel::refresh);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &RunsPanel::refresh);
    connect(m_archived, &QCheckBox::toggled, this, &RunsPanel::refresh);
    connect(m_comparison->scatterMetricCombo(), &QComboBox::activated, this, &RunsPanel::refresh);
    connect(m_model, &RunsTableModel::sortRequested, this,
            [this](const QString& orderBy, bool descending) {
                m_orderBy = orderBy.toStdString();
                m_descending = descending;
                refresh();
            });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunsPanel::onSelectionChanged);
    connect(m_archive, &QPushButton::clicked, this, [this] { archiveSelected(true); });
    connect(m_unarchive, &QPushButton::clicked, this, [this] { archiveSelected(false); });
    connect(m_delete, &QPushButton::clicked, this, &RunsPanel::deleteSelected);
    connect(m_export, &QPushButton::clicked, this, &RunsPanel::exportCsv);
    connect(m_notes, &QLineEdit::editingFinished, this, [this] {
        if (m_selected.size() != 1 || !m_notes->isModified()) return;
        m_notes->setModified(false);
        emit notesEdited(m_selected.front(), m_notes->text());
    });
    connect(m_tags, &QLineEdit::editingFinished, this, [this] {
        if (m_selected.size() != 1 || !m_tags->isModified()) return;
        m_tags->setModified(false);
        emit tagsEdited(m_selected.front(), m_tags->text().split(QLatin1Char(',')));
    });
    updateActions();
}

store::RunQuery RunsPanel::query() const {
    store::RunQuery q;
    q.text = m_filter->text().trimmed().toStdString();
    if (m_status->currentIndex() > 0)
        q.status = store::parseRunStatus(m_status->currentText().toStdString());
    if (m_kind->currentIndex() > 0) q.kind = m_kind->currentText().toStdString();
    q.includeArchived = m_archived->isChecked();
    q.orderBy = m_orderBy;
    q.descending = m_descending;
    // Only the metrics shown: 10,000 runs × every metric would be most of a query's time.
    q.metrics = m_model->metricColumns();
    const std::string scatter = m_comparison->scatterMetricCombo()->currentText().toStdString();
    if (!scatter.empty()) q.metrics.push_back(scatter);
    return q;
}

void RunsPanel::refresh() { emit queryChanged(query()); }

std::vector<store::RunRecord> RunsPanel::setPage(std::vector<store::RunRecord> runs,
                                                 const std::vector<std::string>& metricNames,
                                                 int64_t total) {
    const bool firstColumns = !m_userColumns && m_model->metricColumns().empty();
    if (!m_userColumns) m_model->setMetricColumns(RunsTableModel::defaultMetrics(metricNames));
    m_allMetrics = metricNames;
    for (const store::RunRecord& run : runs)
        if (m_kinds.insert(run.kind).second) {
            QSignalBlocker block(m_kind);
            m_kind->addItem(QString::fromStdString(run.kind));
        }
    const std::vector<int64_t> keep = m_selected;
    std::vector<store::RunRecord> old;
    m_count->setText(tr("%1 of %2 runs").arg(runs.size()).arg(total));
    {
        QSignalBlocker block(m_table->selectionModel());
        old = m_model->setRuns(std::move(runs));
        for (int row = 0; row < m_model->rowCount(); ++row)
            if (std::find(keep.begin(), keep.end(), m_model->run(row).id) != keep.end())
                m_table->selectionModel()->select(
                    m_model->index(row, 0),
                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    m_comparison->setShown(&m_model->runs(), metricNames);
    if (const int c = m_model->columnOf(m_orderBy); c >= 0) {
        QSignalBlocker block(m_table->horizontalHeader());
        m_table->horizontalHeader()->setSortIndicator(
            c, m_descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    }
    if (firstColumns) {
        m_table->resizeColumnsToContents();
        if (!m_model->metricColumns().empty()) refresh();  // again with only those metrics
    }
    onSelectionChanged();
    return old;
}

std::vector<int64_t> RunsPanel::selectedIds() const {
    std::vector<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        rows.push_back(index.row());
    std::sort(rows.begin(), rows.end());
    std::vector<int64_t> ids;
    for (int row : rows) ids.push_back(m_model->run(row).id);
    return ids;
}

void RunsPanel::onSelectionChanged() {
    std::vector<int64_t> ids = selectedIds();
    updateActions();
    if (ids == m_selected) return;
    m_selected = std::move(ids);
    if (m_selected.size() == 1) {
        const auto& run = *std::find_if(m_model->runs().begin(), m_model->runs().end(),
                                        [&](const auto& r) { return r.id == m_selected.front(); });
        m_notes->setText(QString::fromStdString(run.notes));
        QStringList tags;
        for (const std::string& t : run.tags) tags << QString::fromStdString(t);
        m_tags->setText(tags.join(QStringLiteral(", ")));
    } else {
        m_notes->clear();
        m_tags->clear();
    }
    updateActions();
    emit detailsRequested(m_selected);
}

void RunsPanel::setDetails(std::vector<store::RunRecord> runs,
                           std::vector<std::vector<store::EpochRow>> histories) {
    m_comparison->setSelected(std::move(runs), std::move(histories));
}

void RunsPanel::updateActions() {
    const bool any = m_table->selectionModel()->hasSelection();
    m_archive->setEnabled(any);
    m_unarchive->setEnabled(any);
    m_delete->setEnabled(any);
    const bool one = m_table->selectionModel()->selectedRows().size() == 1;
    m_notes->setEnabled(one);
    m_tags->setEnabled(one);
}

void RunsPanel::archiveSelected(bool archived) {
    const std::vector<int64_t> ids = selectedIds();
    if (!ids.empty()) emit archiveRequested(ids, archived);
}

void RunsPanel::deleteSelected() {
    const std::vector<int64_t> ids = selectedIds();
    if (ids.empty()) return;
    const DeleteAnswer answer = askDelete(static_cast<int>(ids.size()));
    if (answer == DeleteAnswer::Cancel) return;
    emit deleteRequested(ids, answer == DeleteAnswer::RunsAndFolders);
}

void RunsPanel::exportCsv() {
    const QString file = chooseCsvFile();
    if (!file.isEmpty()) emit exportRequested(query(), file);
}

}  // namespace loupe::widgets
