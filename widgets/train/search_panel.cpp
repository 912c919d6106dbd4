#include "widgets/train/search_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/search/search_space.h"
#include "widgets/common/inline_error.h"
#include "widgets/train/search_space_editor.h"

namespace loupe::widgets {
namespace {

QString valueText(const nlohmann::json& value) {
    if (value.is_string()) return QString::fromStdString(value.get<std::string>());
    if (value.is_number_float()) return QString::number(value.get<double>(), 'g', 4);
    return QString::fromStdString(value.dump());
}

QTableWidgetItem* cell(const QString& text, bool number) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

SearchPanel::SearchPanel(QWidget* parent) : QWidget(parent) {
    m_space = new SearchSpaceEditor;
    m_strategy = new QComboBox;
    m_strategy->addItems({"grid", "random", "bayes", "tpe"});
    m_strategy->setCurrentText("bayes");
    m_strategy->setToolTip(
        tr("bayes: a Gaussian process (tens of trials); tpe: Tree-structured "
           "Parzen Estimator (hundreds); grid: 3 points per range"));
    m_trialCount = new QSpinBox;
    m_trialCount->setRange(0, 100000);
    m_trialCount->setValue(20);
    m_trialCount->setToolTip(tr("Trials to run (grid: 0 is the whole grid)"));
    m_parallel = new QSpinBox;
    m_parallel->setRange(1, 256);
    m_parallel->setToolTip(tr("Trials trained at the same time"));
    m_halving = new QCheckBox(tr("Successive halving"));
    m_halving->setToolTip(
        tr("Stop a trial at epochs 4, 12, 36, … when its validation metric is "
           "not in the top third of earlier trials' at that epoch"));
    m_reset = new QPushButton(tr("Around current settings"));
    m_reset->setToolTip(tr("Refill the ranges around the Training settings"));
    auto* settings = new QHBoxLayout;
    auto* form = new QFormLayout;
    form->addRow(tr("Strategy"), m_strategy);
    form->addRow(tr("Trials"), m_trialCount);
    auto* form2 = new QFormLayout;
    form2->addRow(tr("Parallel trials"), m_parallel);
    form2->addRow(m_halving);
    settings->addLayout(form);
    settings->addLayout(form2);
    settings->addStretch();
    settings->addWidget(m_reset, 0, Qt::AlignTop);

    m_search = new QPushButton(tr("Search"));
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setToolTip(tr("Stop after the trials that are training"));
    m_trainBest = new QPushButton(tr("Train best"));
    m_trainBest->setToolTip(tr("Train the best trial's settings as a run of the project"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("no search yet"));
    m_status = new QLabel;
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_search, m_stop, m_trainBest}) buttons->addWidget(b);
    buttons->addWidget(m_progress, 1);

    m_error = makeInlineError();

    m_board = new QTableWidget(0, FirstParameter);
    m_board->setHorizontalHeaderLabels(
        {tr("Rank"), tr("Trial"), tr("Status"), tr("Validation"), tr("Epochs"), tr("Seconds")});
    m_board->verticalHeader()->hide();
    m_board->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_board->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_board->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(settings);
    topLayout->addWidget(m_space, 1);
    auto* bottom = new QWidget;
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addLayout(buttons);
    bottomLayout->addWidget(m_status);
    bottomLayout->addWidget(m_error);
    bottomLayout->addWidget(m_board, 1);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_search, &QPushButton::clicked, this, &SearchPanel::search);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        setStopping();
        emit stopRequested();
    });
    connect(m_trainBest, &QPushButton::clicked, this, [this] {
        for (const search::Trial& t : m_trials)
            if (t.index == m_best) return emit trainBestRequested(t.params);
    });
    connect(m_reset, &QPushButton::clicked, this, &SearchPanel::defaultsRequested);
    connect(m_space, &SearchSpaceEditor::changed, this, &SearchPanel::changed);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &SearchPanel::changed);
    connect(m_trialCount, &QSpinBox::valueChanged, this, &SearchPanel::changed);
    connect(m_parallel, &QSpinBox::valueChanged, this, &SearchPanel::changed);
    connect(m_halving, &QCheckBox::toggled, this, &SearchPanel::changed);
    refreshButtons();
}

search::SearchOptions SearchPanel::options() const {
    search::SearchOptions o;
    o.strategy = search::parseStrategy(m_strategy->currentText().toStdString());
    o.trials = m_trialCount->value();
    o.concurrency = m_parallel->value();
    o.halving = m_halving->isChecked();
    return o;
}

void SearchPanel::setReady(bool ready, const QString& why) {
    m_ready = ready;
    m_notReady = why;
    refreshButtons();
}

void SearchPanel::refreshButtons() {
    const bool idle = !m_searching;
    m_search->setEnabled(idle && m_ready);
    m_search->setToolTip(m_ready ? tr("Train one model per trial and rank them") : m_notReady);
    m_stop->setEnabled(m_searching && !m_stopping);
    m_trainBest->setEnabled(idle && m_ready && m_best >= 0);
    for (QWidget* w : std::initializer_list<QWidget*>{m_space, m_strategy, m_trialCount, m_parallel,
                                                      m_halving, m_reset})
        w->setEnabled(idle);
}

void SearchPanel::search() {
    if (m_searching || !m_ready) return;
    nlohmann::json space;
    search::SearchOptions o = options();
    try {
        space = m_space->space();
        const search::SearchSpace parsed = search::SearchSpace::parse(space, "search space");
        if (parsed.dimensions.empty())
            throw InputError("search space: tick at least one parameter to search");
        if (o.strategy != search::Strategy::Grid && o.trials < 1)
            throw InputError("random, bayes and tpe search need 1 or more trials");
    } catch (const Error& e) {
        m_error->setText(QString::fromUtf8(e.what()));
        m_error->show();
        return;
    }
    m_error->hide();
    m_trials.clear();
    m_columns.clear();
    for (auto it = space.begin(); it != space.end(); ++it) m_columns.push_back(it.key());
    m_best = -1;
    m_searching = true;
    m_board->setHorizontalHeaderItem(Value, new QTableWidgetItem(tr("Validation")));
    refreshBoard();
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("starting"));
    m_status->setText(tr("Searching with %1…").arg(m_strategy->currentText()));
    refreshButtons();
    emit searchRequested(space, o);
}

void SearchPanel::addTrial(const search::Trial& trial) {
    // A trial reported again (the final result after the live reports) replaces its row.
    std::erase_if(m_trials, [&](const search::Trial& t) { return t.index == trial.index; });
    m_trials.insert(std::upper_bound(m_trials.begin(), m_trials.end(), trial, search::ranksBefore), trial);
    m_best = -1;
    if (!m_trials.empty() && m_trials.front().status == search::TrialStatus::Completed &&
        std::isfinite(m_trials.front().value))
        m_best = m_trials.front().index;
}

void SearchPanel::onTrialFinished(const search::Trial& trial, qint64 planned,
                                  const QString& metric) {
    addTrial(trial);
    if (!metric.isEmpty()) m_board->setHorizontalHeaderItem(Value, new QTableWidgetItem(metric));
    m_progress->setRange(0, static_cast<int>(std::max<qint64>(1, planned)));
    m_progress->setValue(static_cast<int>(std::min<qint64>(m_trials.size(), planned)));
    m_progress->setFormat(tr("trial %1 of %2").arg(m_trials.size()).arg(planned));
    refreshBoard();
}

void SearchPanel::onFinished(std::shared_ptr<const search::SearchResult> result) {
    if (!result) return end(tr("Search ended"));
    for (const search::Trial& t : result->trials) addTrial(t);
    if (!result->metric.empty())
        m_board->setHorizontalHeaderItem(
            Value, new QTableWidgetItem(QString::fromStdString(result->metric)));
    refreshBoard();
    QString text = result->cancelled
                       ? tr("Stopped after %n trial(s)", "", int(result->trials.size()))
                       : tr("Searched %n trial(s)", "", int(result->trials.size()));
    if (result->best >= 0) {
        const search::Trial& best = result->trials[static_cast<size_t>(result->best)];
        text += tr(" — best: trial %1, %2 %3")
                    .arg(best.index)
                    .arg(QString::fromStdString(result->metric))
                    .arg(best.value, 0, 'f', 4);
    } else {
        text += tr(" — no trial completed");
    }
    m_progress->setFormat(tr("%n trial(s)", "", int(result->trials.size())));
    if (!result->cancelled) m_progress->setValue(m_progress->maximum());
    end(text);
}

void SearchPanel::onFailed(const QString& message) {
    m_error->setText(message);
    m_error->show();
    m_progress->setFormat(tr("failed"));
    end(tr("Search failed"));
}

void SearchPanel::onCancelled() {
    m_progress->setFormat(tr("stopped"));
    end(tr("Search stopped"));
}

void SearchPanel::setStopping() {
    if (!m_searching) return;
    m_stopping = true;
    m_status->setText(tr("Stopping after the trials that are training…"));
    refreshButtons();
}

void SearchPanel::end(const QString& status) {
    m_searching = m_stopping = false;
    m_status->setText(status);
    refreshButtons();
}

void SearchPanel::refreshBoard() {
    m_board->setColumnCount(FirstParameter + static_cast<int>(m_columns.size()) + 1);
    for (size_t c = 0; c < m_columns.size(); ++c)
        m_board->setHorizontalHeaderItem(
            FirstParameter + static_cast<int>(c),
            new QTableWidgetItem(QString::fromStdString(m_columns[c])));
    const int errorColumn = FirstParameter + static_cast<int>(m_columns.size());
    m_board->setHorizontalHeaderItem(errorColumn, new QTableWidgetItem(tr("Error")));
    m_board->setRowCount(static_cast<int>(m_trials.size()));
    QFont bold = m_board->font();
    bold.setBold(true);
    for (size_t r = 0; r < m_trials.size(); ++r) {
        const search::Trial& t = m_trials[r];
        const int row = static_cast<int>(r);
        m_board->setItem(row, Rank, cell(QString::number(r + 1), true));
        m_board->setItem(row, Trial, cell(QString::number(t.index), true));
        m_board->setItem(row, Status,
                         cell(QString::fromStdString(search::toString(t.status)), false));
        m_board->setItem(
            row, Value,
            cell(std::isfinite(t.value) ? QString::number(t.value, 'f', 4) : "—", true));
        m_board->setItem(row, Epochs, cell(QString::number(t.epochs), true));
        m_board->setItem(row, Seconds, cell(QString::number(t.seconds, 'f', 2), true));
        for (size_t c = 0; c < m_columns.size(); ++c)
            m_board->setItem(
                row, FirstParameter + static_cast<int>(c),
                cell(
                    t.params.contains(m_columns[c]) ? valueText(t.params[m_columns[c]]) : QString(),
                    !t.params.contains(m_columns[c]) || t.params[m_columns[c]].is_number()));
        m_board->setItem(row, errorColumn, cell(QString::fromStdString(t.error), false));
        for (int c = 0; c < m_board->columnCount(); ++c) {
            QTableWidgetItem* item = m_board->item(row, c);
            if (t.index == m_best) {
                item->setBackground(QColor(0xdf, 0xf2, 0xdc));
                item->setFont(bold);
            } else if (t.status == search::TrialStatus::Failed) {
                item->setForeground(QColor(0x8a, 0x1c, 0x1c));
            } else if (t.status == search::TrialStatus::Pruned) {
                item->setForeground(QColor(0x70, 0x70, 0x70));
            }
        }
    }
    m_board->resizeColumnsToContents();
}

}  // namespace loupe::widgets
