#include "widgets/quality/quality_panel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <set>
#include <vector>

#include "widgets/data/bar_chart.h"

namespace loupe::widgets {
namespace {

QTableWidget* makeTable(const QStringList& headers) {
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    return table;
}

/// A cell that sorts by its number, not its text.
QTableWidgetItem* numberItem(double value, int decimals = -1) {
    auto* item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole,
                  decimals < 0 ? QVariant(value) : QVariant(QString::number(value, 'f', decimals)));
    if (decimals >= 0) item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidgetItem* rowItem(int64_t row) {
    auto* item = new QTableWidgetItem;
    // The 0-based data row id, as the Data view, predictions.csv and loupe-cli quality count.
    item->setData(Qt::DisplayRole, static_cast<qlonglong>(row));
    item->setData(Qt::UserRole, static_cast<qlonglong>(row));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QPushButton* button(const QString& text, const QString& tip) {
    auto* b = new QPushButton(text);
    b->setToolTip(tip);
    b->setEnabled(false);
    return b;
}

}  // namespace

QualityPanel::QualityPanel(QWidget* parent) : QWidget(parent) {
    m_run = new QPushButton(tr("Run checks"));
    m_run->setDefault(true);
    m_run->setToolTip(
        tr("Leakage, outliers and label errors with the Train view's target, "
           "features, split and model"));
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setEnabled(false);
    m_folds = new QSpinBox;
    m_folds->setRange(2, 20);
    m_folds->setValue(5);
    m_folds->setToolTip(
        tr("Out-of-fold probabilities for the label check: each row is predicted "
           "by a model trained on the other folds"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_status = new QLabel(tr("Run the checks to look for leakage, outliers and label errors."));
    m_status->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(m_run);
    top->addWidget(m_stop);
    top->addWidget(new QLabel(tr("Folds")));
    top->addWidget(m_folds);
    top->addWidget(m_progress, 1);
    auto* topBox = new QVBoxLayout;
    topBox->addLayout(top);
    topBox->addWidget(m_status);

    m_leakage = new QListWidget;
    m_leakage->setWordWrap(true);
    m_leakage->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_leakage->setFixedHeight(m_leakage->fontMetrics().height() * 2 + 12);
    auto* leakageBox = new QGroupBox(tr("Leakage (checked before training)"));
    (new QVBoxLayout(leakageBox))->addWidget(m_leakage);

    m_histogram = new BarChart;
    m_histogram->setMinimumHeight(110);
    m_outlierNote = new QLabel;
    m_outlierNote->setWordWrap(true);
    m_outliers = makeTable({tr("Rank"), tr("Row"), tr("Outlier score")});
    m_outliers->setSortingEnabled(true);
    m_excludeOutliers = button(tr("Exclude selected rows"),
                               tr("Leave the selected rows out of the next training run"));
    m_showOutliers = button(tr("Show in the Data view"), tr("Show the selected rows"));
    auto* outlierButtons = new QHBoxLayout;
    outlierButtons->addWidget(m_showOutliers);
    outlierButtons->addWidget(m_excludeOutliers);
    outlierButtons->addStretch();
    auto* outlierBox = new QGroupBox(tr("Outliers (Isolation Forest)"));
    auto* outlierLayout = new QVBoxLayout(outlierBox);
    outlierLayout->addWidget(m_histogram);
    outlierLayout->addWidget(m_outlierNote);
    outlierLayout->addWidget(m_outliers, 1);
    outlierLayout->addLayout(outlierButtons);

    m_labelNote = new QLabel;
    m_labelNote->setWordWrap(true);
    m_labels = makeTable({tr("Row"), tr("Given"), tr("Suggested"), tr("Confidence"),
                          tr("Given label's probability")});
    m_labels->setSortingEnabled(true);
    m_showLabels = button(tr("Show rows in the Data view"), tr("Show the selected rows"));
    m_relabel = button(tr("Relabel to suggested"),
                       tr("Train on the suggested label of the selected rows instead"));
    m_excludeLabels = button(tr("Exclude"), tr("Leave the selected rows out of training"));
    auto* labelButtons = new QHBoxLayout;
    labelButtons->addWidget(m_showLabels);
    labelButtons->addWidget(m_relabel);
    labelButtons->addWidget(m_excludeLabels);
    labelButtons->addStretch();
    auto* labelBox = new QGroupBox(tr("Likely label errors (confident learning)"));
    auto* labelLayout = new QVBoxLayout(labelBox);
    labelLayout->addWidget(m_labelNote);
    labelLayout->addWidget(m_labels, 1);
    labelLayout->addLayout(labelButtons);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(outlierBox);
    split->addWidget(labelBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    m_edits = new QLabel;
    m_clearEdits = button(tr("Undo all"), tr("Train on every row with its label as read"));
    auto* editsLine = new QHBoxLayout;
    editsLine->addWidget(m_edits, 1);
    editsLine->addWidget(m_clearEdits);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(topBox);
    layout->addWidget(leakageBox);
    layout->addWidget(split, 1);
    layout->addLayout(editsLine);
    setEdits(0, 0);

    connect(m_run, &QPushButton::clicked, this, &QualityPanel::run);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        m_stop->setEnabled(false);
        m_status->setText(tr("Stopping…"));
        emit stopRequested();
    });
    auto selectionFollows = [this](QTableWidget* table, std::vector<QPushButton*> bs) {
        connect(table, &QTableWidget::itemSelectionChanged, this, [table, bs] {
            const bool any = !table->selectedItems().isEmpty();
            for (QPushButton* b : bs) b->setEnabled(any);
        });
    };
    selectionFollows(m_outliers, {m_excludeOutliers, m_showOutliers});
    selectionFollows(m_labels, {m_showLabels, m_relabel, m_excludeLabels});
    connect(m_showOutliers, &QPushButton::clicked, this, [this] {
        emit showRowsRequested(selectedRows(m_outliers), tr("outliers picked in Quality"));
    });
    connect(m_showLabels, &QPushButton::clicked, this,
            [this] { emit showRowsRequested(selectedRows(m_labels), tr("likely label errors")); });
    connect(m_excludeOutliers, &QPushButton::clicked, this,
            [this] { emit excludeRequested(selectedRows(m_outliers)); });
    connect(m_excludeLabels, &QPushButton::clicked, this,
            [this] { emit excludeRequested(selectedRows(m_labels)); });
    connect(m_relabel, &QPushButton::clicked, this, [this] {
        RowLabels labels;
        for (const QModelIndex& index : m_labels->selectionModel()->selectedRows(0)) {
            const int r = index.row();
            labels.emplace_back(m_labels->item(r, 0)->data(Qt::UserRole).toLongLong(),
                                m_labels->item(r, 2)->text().toStdString());
        }
        std::sort(labels.begin(), labels.end());
        emit relabelRequested(std::move(labels));
    });
    connect(m_clearEdits, &QPushButton::clicked, this, &QualityPanel::clearEditsRequested);
}

int64_t QualityPanel::folds() const { return m_folds->value(); }

void QualityPanel::run() {
    if (!m_run->isEnabled()) return;
    setRunning(true);
    m_progress->setValue(0);
    m_progress->setRange(0, 0);
    m_status->setText(tr("Starting…"));
    emit runRequested(folds());
}

void QualityPanel::setRunning(bool running) {
    m_run->setEnabled(!running);
    m_folds->setEnabled(!running);
    m_stop->setEnabled(running);
}

void QualityPanel::onProgress(qint64 done, qint64 total, const QString& stage) {
    if (total > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(1000 * done / total));
    } else {
        m_progress->setRange(0, 0);
    }
    m_status->setText(stage + QStringLiteral("…"));
}

void QualityPanel::onFailed(const QString& message) {
    setRunning(false);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status->setText(tr("The checks failed: %1").arg(message));
}

void QualityPanel::onCancelled() {
    setRunning(false);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status->setText(tr("Stopped; the results shown are those of the last finished run."));
}

void QualityPanel::showReport(std::shared_ptr<const QualityReport> report) {
    setRunning(false);
    m_progress->setRange(0, 1000);
    m_progress->setValue(1000);
    m_report = std::move(report);
    m_leakage->clear();
    if (!m_report) return;
    for (const data::LeakageWarning& w : m_report->leakage) {
        auto* item = new QListWidgetItem(QStringLiteral("⚠ ") + QString::fromStdString(w.message));
        item->setToolTip(QString::fromStdString(std::string(data::toString(w.kind))));
        m_leakage->addItem(item);
    }
    if (m_report->leakage.empty())
        m_leakage->addItem(
            tr("No leakage found: no repeated rows across the split, no feature "
               "that alone predicts the target, none derived from it."));
    // As tall as its lines, up to five; more scroll.
    const int lines = std::clamp(m_leakage->count(), 1, 5);
    m_leakage->setFixedHeight(m_leakage->fontMetrics().height() * (lines + 1) + 12);
    fillOutliers();
    fillLabels();
    size_t flagged = 0;
    for (const train::LabelIssue& l : m_report->labelIssues) flagged += l.issue ? 1 : 0;
    m_status->setText(tr("%n leakage warning(s), ", "", int(m_report->leakage.size())) +
                      tr("%n likely label error(s)", "", int(flagged)));
}

void QualityPanel::fillOutliers() {
    m_outliers->setSortingEnabled(false);
    m_outliers->setRowCount(0);
    m_histogram->setHistogram(m_report->outlierHistogram);
    const auto listed = static_cast<int>(
        std::min<size_t>(m_report->outlierOrder.size(), static_cast<size_t>(kMaxListed)));
    m_outliers->setRowCount(listed);
    for (int i = 0; i < listed; ++i) {
        const int64_t row = m_report->outlierOrder[static_cast<size_t>(i)];
        m_outliers->setItem(i, 0, numberItem(i + 1));
        m_outliers->setItem(i, 1, rowItem(row));
        m_outliers->setItem(i, 2, numberItem(m_report->outlierScores[static_cast<size_t>(row)], 4));
    }
    m_outliers->setSortingEnabled(true);
    m_outliers->sortItems(0);
    m_outlierNote->setText(tr("Score per row in (0, 1]: near 1 is easily isolated, about 0.5 or "
                              "less is ordinary. The %1 highest of %2 rows are listed.")
                               .arg(listed)
                               .arg(m_report->outlierOrder.size()));
}

void QualityPanel::fillLabels() {
    m_labels->setSortingEnabled(false);
    m_labels->setRowCount(0);
    if (m_report->folds == 0) {
        m_labelNote->setText(tr("No label check: the target is a regression target."));
        return;
    }
    std::vector<const train::LabelIssue*> flagged;
    for (const train::LabelIssue& l : m_report->labelIssues)
        if (l.issue && flagged.size() < static_cast<size_t>(kMaxListed)) flagged.push_back(&l);
    m_labels->setRowCount(static_cast<int>(flagged.size()));
    const auto name = [this](int c) {
        return QString::fromStdString(m_report->classNames[static_cast<size_t>(c)]);
    };
    for (size_t i = 0; i < flagged.size(); ++i) {
        const auto r = static_cast<int>(i);
        m_labels->setItem(r, 0, rowItem(flagged[i]->row));
        m_labels->setItem(r, 1, new QTableWidgetItem(name(flagged[i]->given)));
        m_labels->setItem(r, 2, new QTableWidgetItem(name(flagged[i]->suggested)));
        m_labels->setItem(r, 3, numberItem(flagged[i]->confidence, 3));
        m_labels->setItem(r, 4, numberItem(flagged[i]->labelQuality, 3));
    }
    m_labels->setSortingEnabled(true);
    m_labels->sortItems(4);  // the least likely given labels first, as core ranks them
    m_labelNote->setText(
        tr("%1 of %2 labelled rows look mislabelled: out-of-fold probabilities from %3 folds of "
           "the Train view's model; confidence is the suggested label's probability.")
            .arg(flagged.size())
            .arg(m_report->labelledRows)
            .arg(m_report->folds));
}

std::vector<int64_t> QualityPanel::selectedRows(QTableWidget* table) const {
    const int rowColumn = table == m_outliers ? 1 : 0;
    std::set<int64_t> rows;
    for (const QModelIndex& index : table->selectionModel()->selectedRows(rowColumn))
        rows.insert(table->item(index.row(), rowColumn)->data(Qt::UserRole).toLongLong());
    return {rows.begin(), rows.end()};
}

void QualityPanel::setEdits(qint64 excluded, qint64 relabelled) {
    m_clearEdits->setEnabled(excluded + relabelled > 0);
    m_edits->setText(excluded + relabelled == 0
                         ? tr("Every row trains with its label as read.")
                         : tr("%1 row(s) left out of training, %2 relabelled: they apply to the "
                              "next run started in the Train view.")
                               .arg(excluded)
                               .arg(relabelled));
}

}  // namespace loupe::widgets
