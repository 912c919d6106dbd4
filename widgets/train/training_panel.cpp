#include "widgets/train/training_panel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>
#include <string_view>
#include <utility>

#include "core/data/split.h"
#include "core/data/target.h"
#include "core/device/cuda_probe.h"
#include "core/error.h"
#include "core/search/trial_request.h"
#include "widgets/common/inline_error.h"
#include "widgets/train/cross_validation_view.h"
#include "widgets/train/hyperparameter_form.h"
#include "widgets/train/imbalance_settings.h"
#include "widgets/train/model_builder.h"
#include "widgets/train/preprocessing_settings.h"
#include "widgets/train/search_panel.h"
#include "widgets/train/search_space_editor.h"
#include "widgets/train/training_charts.h"

namespace loupe::widgets {
namespace {

QString duration(double seconds) {
    if (seconds < 10.0) return QObject::tr("%1 s").arg(seconds, 0, 'f', 1);
    const auto s = static_cast<long long>(seconds + 0.5);
    if (s < 60) return QObject::tr("%1 s").arg(s);
    if (s < 3600) return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
    return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QChar('0'));
}

/// The metrics loupe-cli train prints, as core reported them: accuracy with ROC-AUC for two
/// classes or balanced accuracy for more, and log loss; R², MAE and RMSE for a regression.
QString summary(const nlohmann::json& report) {
    const bool binary = report.contains("roc_auc");
    const std::pair<const char*, QString> keys[] = {
        {"accuracy", QObject::tr("accuracy")},
        {"roc_auc", QObject::tr("ROC-AUC")},
        {"balanced_accuracy", QObject::tr("balanced accuracy")},
        {"log_loss", QObject::tr("log loss")},
        {"r2", QObject::tr("R²")},
        {"mae", QObject::tr("MAE")},
        {"rmse", QObject::tr("RMSE")}};
    QStringList parts;
    for (const auto& [key, label] : keys) {
        if (binary && std::string_view(key) == "balanced_accuracy") continue;
        if (report.contains(key) && report[key].is_number())
            parts << QStringLiteral("%1 %2").arg(label).arg(report[key].get<double>(), 0, 'f', 4);
    }
    return parts.join(QStringLiteral(", "));
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    m_builder = new ModelBuilder;
    m_form = new HyperparameterForm;
    m_form->setCudaProbe(device::probeCuda());
    m_imbalance = new ImbalanceSettings;
    m_preprocessing = new PreprocessingSettings;
    m_charts = new TrainingCharts;
    m_cv = new CrossValidationView;
    m_tabs = new QTabWidget;
    m_tabs->addTab(m_charts, tr("Training curves"));
    m_tabs->addTab(m_cv, tr("Cross-validation"));
    m_search = new SearchPanel;
    m_tabs->addTab(m_search, tr("Search"));

    m_dataset = new QLabel(tr("No dataset: open one in the Data view and choose a target."));
    m_dataset->setWordWrap(true);
    auto* modelBox = new QGroupBox(tr("Model"));
    (new QVBoxLayout(modelBox))->addWidget(m_builder);
    auto* trainBox = new QGroupBox(tr("Training"));
    (new QVBoxLayout(trainBox))->addWidget(m_form);
    auto* preprocessingBox = new QGroupBox(tr("Preprocessing"));
    (new QVBoxLayout(preprocessingBox))->addWidget(m_preprocessing);
    auto* imbalanceBox = new QGroupBox(tr("Class imbalance"));
    (new QVBoxLayout(imbalanceBox))->addWidget(m_imbalance);
    auto* settings = new QWidget;
    auto* left = new QVBoxLayout(settings);
    left->addWidget(m_dataset);
    left->addWidget(modelBox);
    left->addWidget(trainBox);
    left->addWidget(preprocessingBox);
    left->addWidget(imbalanceBox);
    left->addStretch();
    auto* scroll = new QScrollArea;
    scroll->setWidget(settings);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(settings->sizeHint().width() + 24);
    scroll->setMaximumWidth(440);

    m_start = new QPushButton(tr("Start"));
    m_start->setDefault(true);
    m_crossValidate = new QPushButton(tr("Cross-validate"));
    m_crossValidate->setToolTip(tr("Set the folds under Training first"));
    m_pause = new QPushButton(tr("Pause"));
    m_resume = new QPushButton(tr("Resume"));
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setToolTip(tr("Stop after the current batch and keep the best weights so far"));
    m_status = new QLabel(tr("Ready"));
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_start, m_crossValidate, m_pause, m_resume, m_stop}) buttons->addWidget(b);
    buttons->addWidget(m_status, 1);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("epoch 0"));
    m_info = new QLabel;
    m_info->setWordWrap(true);
    m_info->setStyleSheet(QStringLiteral("QLabel { color: #505050; }"));
    m_eta = new QLabel;
    m_eta->setMinimumWidth(m_eta->fontMetrics().horizontalAdvance(tr("ETA 00 min 00 s")));
    auto* progress = new QHBoxLayout;
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_eta);

    m_error = makeInlineError();
    m_warnings = new QLabel;
    m_warnings->setWordWrap(true);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setStyleSheet(
        QStringLiteral("QLabel { color: #6b4a00; background: #fff6db; border: 1px solid #f0d890; "
                       "border-radius: 3px; padding: 6px; }"));
    m_warnings->hide();

    auto* right = new QVBoxLayout;
    right->addLayout(buttons);
    right->addLayout(progress);
    right->addWidget(m_info);
    right->addWidget(m_error);
    right->addWidget(m_warnings);
    right->addWidget(m_tabs, 1);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(scroll);
    layout->addLayout(right, 1);

    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::start);
    connect(m_crossValidate, &QPushButton::clicked, this, &TrainingPanel::crossValidate);
    connect(m_pause, &QPushButton::clicked, this, [this] {
        setRunState(RunState::Paused);
        emit pauseRequested();
    });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        setRunState(RunState::Running);
        emit resumeRequested();
    });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        setRunState(RunState::Stopping);
        if (m_searching) m_search->setStopping();  // the Search tab says so, as its own Stop does
        emit stopRequested();
    });
    connect(m_builder, &ModelBuilder::changed, this, &TrainingPanel::changed);
    connect(m_form, &HyperparameterForm::changed, this, &TrainingPanel::changed);
    connect(m_form, &HyperparameterForm::changed, this, &TrainingPanel::refreshClassCounts);
    connect(m_form, &HyperparameterForm::changed, this, [this] { setRunState(m_state); });
    connect(m_preprocessing, &PreprocessingSettings::changed, this, &TrainingPanel::changed);
    connect(m_imbalance, &ImbalanceSettings::changed, this, &TrainingPanel::changed);
    setUpSearch();
    setRunState(RunState::Idle);
}

void TrainingPanel::setUpSearch() {
    connect(m_search, &SearchPanel::searchRequested, this,
            [this](const nlohmann::json& space, search::SearchOptions options) {
                if (m_state != RunState::Idle || !m_table || m_target.isEmpty()) return;
                options.seed = m_form->config().seed;  // every trial trains with the run's seed
                m_crossValidating = false;
                m_searching = true;
                begin(tr("Searching hyperparameters…"));
                m_progress->setFormat(tr("search"));
                emit searchRequested(request(), device(), space, options);
            });
    connect(m_search, &SearchPanel::stopRequested, this, [this] {
        setRunState(RunState::Stopping);
        emit stopRequested();
    });
    connect(m_search, &SearchPanel::trainBestRequested, this, &TrainingPanel::trainBest);
    connect(m_search, &SearchPanel::defaultsRequested, this, [this] {
        m_search->spaceEditor()->setDefaults(request());
        emit changed();  // the edits are gone: the project keeps the rows following the settings
    });
    connect(m_search, &SearchPanel::changed, this, &TrainingPanel::changed);
    // A row's range follows the settings until the user edits that row.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_search && !m_search->isSearching())
            m_search->spaceEditor()->setDefaults(request(), true);
    });
}

void TrainingPanel::trainBest(const nlohmann::json& params) {
    if (m_state != RunState::Idle || !m_table || m_target.isEmpty()) return;
    train::ExperimentRequest best;
    try {
        // The trial's request on top of today's settings, with the seed the search used: the
        // run trains the model the trial had.
        best = search::trialRequest(request(), params);
    } catch (const Error& e) {
        return showError(QString::fromUtf8(e.what()));
    }
    setRequest(best);
    emit changed();
    // The request itself, not the form's reading of it: a spin box rounds a searched learning
    // rate to its decimals.
    startWith(best);
}

void TrainingPanel::onSearchTrial(const search::Trial& trial, qint64 planned,
                                  const QString& metric) {
    m_search->onTrialFinished(trial, planned, metric);
    m_progress->setValue(static_cast<int>(1000 * std::min<qint64>(m_search->trials().size(),
                                                                 std::max<qint64>(1, planned)) /
                                          std::max<qint64>(1, planned)));
    m_progress->setFormat(tr("trial %1 of %2").arg(m_search->trials().size()).arg(planned));
}

void TrainingPanel::onSearchFinished(std::shared_ptr<const search::SearchResult> result) {
    m_searching = false;
    setRunState(RunState::Idle);
    m_search->onFinished(result);
    m_status->setText(m_search->statusLabel()->text());
    if (result && !result->cancelled) m_progress->setValue(m_progress->maximum());
    m_progress->setFormat(m_search->progressBar()->format());
}

train::ExperimentRequest TrainingPanel::request() const {
    train::ExperimentRequest r;
    r.target = m_target.toStdString();
    for (const QString& f : m_features) r.features.push_back(f.toStdString());
    r.model = m_builder->spec();
    r.train = m_form->config();
    r.valFraction = m_form->valFraction();
    r.testFraction = m_form->testFraction();
    m_imbalance->apply(r);
    m_preprocessing->apply(r);
    return r;
}

void TrainingPanel::setRequest(const train::ExperimentRequest& request) {
    m_builder->setSpec(request.model);
    m_form->setConfig(request.train);
    m_form->setFractions(request.valFraction, request.testFraction);
    m_imbalance->setFrom(request);
    m_preprocessing->setFrom(request);
    refreshClassCounts();
}

int TrainingPanel::cvFolds() const { return m_form->cvFolds(); }

void TrainingPanel::setCvFolds(int folds) { m_form->setCvFolds(folds); }

void TrainingPanel::refreshColumns() {
    QStringList features, numeric;
    if (m_table && !m_target.isEmpty()) {
        // The columns a run would use before --drop: the Data view's features, else every usable.
        std::vector<std::string> names;
        for (const QString& f : m_features) names.push_back(f.toStdString());
        if (names.empty()) names = data::defaultFeatures(*m_table, m_target.toStdString());
        for (const std::string& name : names) {
            const int64_t c = m_table->columnIndex(name);
            if (c < 0) continue;
            features << QString::fromStdString(name);
            if (m_table->column(c).type == data::ColumnType::Numeric)
                numeric << QString::fromStdString(name);
        }
    }
    m_preprocessing->setColumns(features, numeric);
}

void TrainingPanel::setWarnings(const QStringList& warnings) {
    QStringList lines;
    for (const QString& w : warnings) lines << QStringLiteral("⚠ ") + w.toHtmlEscaped();
    m_warnings->setText(tr("<b>Data quality</b> (training still runs):<br>") +
                        lines.join(QStringLiteral("<br>")));
    m_warnings->setVisible(!warnings.isEmpty());
}

void TrainingPanel::refreshClassCounts() {
    if (!m_table || m_target.isEmpty())
        return m_imbalance->clearCounts(tr("Choose a target to see the class balance."));
    // The split Start would make (prepareExperiment's stratified split), counted by class.
    try {
        const data::Target target = data::encodeTarget(*m_table, m_target.toStdString());
        if (target.task != data::Task::Classification)
            return m_imbalance->clearCounts(tr("A regression target has no classes to balance."));
        const data::Split split =
            data::stratifiedSplit(target.rows, target.values, m_form->valFraction(),
                                  m_form->testFraction(), m_form->config().seed);
        QStringList classes;
        for (const std::string& name : target.classNames) classes << QString::fromStdString(name);
        m_imbalance->setTrainingCounts(classes, data::classCounts(target, split.train));
    } catch (const Error& e) {
        m_imbalance->clearCounts(QString::fromUtf8(e.what()));
    }
}

QString TrainingPanel::device() const { return m_form->device(); }

void TrainingPanel::setDataset(std::shared_ptr<const data::Table> table, const QString& target,
                               const QStringList& features) {
    m_table = std::move(table);
    m_target = target;
    m_features = features;
    if (!m_table) {
        m_dataset->setText(tr("No dataset: open one in the Data view and choose a target."));
    } else {
        const QString name = QString::fromStdString(m_table->source()).section('/', -1);
        const QString columns = features.isEmpty() ? tr("all usable columns")
                                                   : tr("%n feature(s)", "", features.size());
        m_dataset->setText(target.isEmpty()
                               ? tr("%1: choose a target column in the Data view.").arg(name)
                               : tr("<b>%1</b> · %2 rows · target <b>%3</b> · %4")
                                     .arg(name.toHtmlEscaped())
                                     .arg(m_table->rowCount())
                                     .arg(target.toHtmlEscaped(), columns));
    }
    refreshClassCounts();
    refreshColumns();
    setRunState(m_state);
}

void TrainingPanel::begin(const QString& status) {
    m_error->hide();
    m_progress->setValue(0);
    m_progress->setFormat(tr("preparing"));
    m_eta->clear();
    m_status->setText(status);
    m_info->clear();
    setRunState(RunState::Running);
}

void TrainingPanel::start() {
    if (m_state != RunState::Idle || !m_table || m_target.isEmpty()) return;
    startWith(request());
}

void TrainingPanel::startWith(const train::ExperimentRequest& request) {
    m_crossValidating = false;
    m_searching = false;
    m_charts->clear(tr("metric"));
    m_tabs->setCurrentWidget(m_charts);
    begin(tr("Preparing the data…"));
    emit startRequested(request, device());
}

void TrainingPanel::crossValidate() {
    const int folds = cvFolds();
    if (m_state != RunState::Idle || !m_table || m_target.isEmpty() || folds < 2) return;
    m_crossValidating = true;
    m_searching = false;
    m_cv->clear(tr("Cross-validating with %1 folds…").arg(folds));
    m_tabs->setCurrentWidget(m_cv);
    begin(tr("Cross-validating with %1 folds…").arg(folds));
    emit crossValidationRequested(request(), device(), folds);
}

void TrainingPanel::onCrossValidationProgress(qint64 done, qint64 total, const QString& stage) {
    if (total > 0) {
        m_progress->setValue(static_cast<int>(1000 * done / total));
        m_progress->setFormat(tr("%1 · epoch %2 of %3").arg(stage).arg(done).arg(total));
    }
    m_cv->setStatus(stage);
}

void TrainingPanel::onCrossValidationFinished(
    std::shared_ptr<const train::CrossValidation> result) {
    setRunState(RunState::Idle);
    m_crossValidating = false;
    m_eta->clear();
    if (!result) return;
    m_cv->showResult(*result);
    const nlohmann::json& metrics = m_cv->result()["metrics"];
    QStringList parts;
    for (const char* key : {"accuracy", "r2"})
        if (metrics.contains(key) && metrics[key]["mean"].is_number())
            parts << tr("%1 %2 ± %3")
                         .arg(QString::fromLatin1(key == std::string_view("r2") ? "R²" : key))
                         .arg(metrics[key]["mean"].get<double>(), 0, 'f', 4)
                         .arg(metrics[key]["std"].get<double>(), 0, 'f', 4);
    const QString text = tr("Cross-validated %n fold(s)", "", int(result->folds.size())) +
                         (parts.isEmpty() ? QString() : QStringLiteral(" — ") + parts.join(", "));
    m_status->setText(text);
    m_cv->setStatus(text + tr(" (mean ± std over the held-out folds)"));
    m_progress->setValue(m_progress->maximum());
    m_progress->setFormat(tr("%n fold(s)", "", int(result->folds.size())));
}

void TrainingPanel::onSetup(const train::TrainingSetup& setup) {
    const bool classification = setup.task == data::Task::Classification;
    m_charts->clear(classification ? tr("accuracy") : tr("R²"));
    QString text = tr("%1 · %2 · split %3 / %4 / %5 rows (train / validation / test) · "
                      "%6 parameters")
                       .arg(QString::fromStdString(setup.device),
                            classification ? tr("%n classes", "", int(setup.classNames.size()))
                                           : tr("regression"))
                       .arg(setup.trainRows)
                       .arg(setup.valRows)
                       .arg(setup.testRows)
                       .arg(setup.parameters);
    if (!setup.deviceNote.empty())
        text += QStringLiteral(" (%1)").arg(QString::fromStdString(setup.deviceNote));
    m_info->setText(text);
    m_status->setText(tr("Training…"));
}

void TrainingPanel::onEpoch(const train::EpochProgress& progress) {
    m_charts->addEpochs(progress);
    if (!progress.records.empty())
        m_progress->setFormat(
            tr("epoch %1 of %2").arg(progress.records.back().epoch).arg(progress.epochs));
}

void TrainingPanel::onBatch(const train::BatchProgress& progress) {
    m_charts->addBatch(progress);
    if (progress.totalSteps > 0)
        m_progress->setValue(static_cast<int>(1000 * progress.step / progress.totalSteps));
    if (progress.etaSeconds >= 0.0) m_eta->setText(tr("ETA %1").arg(duration(progress.etaSeconds)));
}

void TrainingPanel::onFinished(std::shared_ptr<const train::ExperimentResult> result) {
    setRunState(RunState::Idle);
    m_eta->clear();
    if (result) showSummary(*result);
}

void TrainingPanel::showHistory(const train::History& history) {
    const bool regression = history.valMetricName == "val_r2";
    m_charts->clear(regression ? tr("R²") : tr("accuracy"));
    m_charts->addEpochs({history.epochs, static_cast<int64_t>(history.epochs.size())});
    m_eta->clear();
    m_info->clear();
    m_error->hide();
    m_progress->setValue(history.epochs.empty() || history.cancelled ? 0 : m_progress->maximum());
    m_progress->setFormat(tr("epoch %1").arg(history.epochs.size()));
    if (history.epochs.empty()) m_status->setText(tr("Ready"));
}

void TrainingPanel::showResult(const train::ExperimentResult& result) {
    showHistory(result.history);
    showSummary(result);
}

void TrainingPanel::showSummary(const train::ExperimentResult& result) {
    const train::History& h = result.history;
    const auto epochs = static_cast<long long>(h.epochs.size());
    const double seconds = h.epochs.empty() ? 0.0 : h.epochs.back().seconds;
    QString text =
        h.cancelled
            ? tr("Stopped at epoch %1, keeping epoch %2's weights").arg(epochs).arg(h.bestEpoch)
            : tr("Finished %1 epochs%2 in %3")
                  .arg(epochs)
                  .arg(h.stoppedEarly ? tr(" (stopped early, best %1)").arg(h.bestEpoch)
                                      : QString())
                  .arg(duration(seconds));
    if (!result.reports.empty()) {
        const auto& [split, report] = result.reports.back();
        text += QStringLiteral(" — %1: %2").arg(QString::fromStdString(split), summary(report));
    }
    m_status->setText(text);
    if (!h.cancelled) m_progress->setValue(m_progress->maximum());
    m_progress->setFormat(tr("epoch %1").arg(epochs));
}

void TrainingPanel::onFailed(const QString& message) {
    if (m_searching) {
        m_searching = false;
        setRunState(RunState::Idle);
        m_search->onFailed(message);
        m_status->setText(tr("Search failed"));
        m_progress->setFormat(tr("failed"));
        return;
    }
    setRunState(RunState::Idle);
    m_status->setText(m_crossValidating ? tr("Cross-validation failed") : tr("Training failed"));
    if (m_crossValidating) m_cv->setStatus(tr("Cross-validation failed"));
    m_crossValidating = false;
    m_progress->setFormat(tr("failed"));
    m_eta->clear();
    showError(message);
}

void TrainingPanel::onCancelled() {
    if (m_searching) {
        m_searching = false;
        setRunState(RunState::Idle);
        m_search->onCancelled();
        m_status->setText(tr("Search stopped"));
        m_progress->setFormat(tr("stopped"));
        return;
    }
    setRunState(RunState::Idle);
    m_status->setText(m_crossValidating ? tr("Cross-validation stopped")
                                        : tr("Stopped before training began"));
    if (m_crossValidating) m_cv->setStatus(tr("Cross-validation stopped; nothing to show"));
    m_crossValidating = false;
    m_progress->setFormat(tr("stopped"));
    m_eta->clear();
}

void TrainingPanel::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
}

void TrainingPanel::setRunState(RunState state) {
    m_state = state;
    const bool idle = state == RunState::Idle;
    const bool ready = m_table && !m_target.isEmpty();
    m_start->setEnabled(idle && ready);
    m_start->setToolTip(ready ? QString() : tr("Open a dataset and choose a target first"));
    m_crossValidate->setEnabled(idle && ready && cvFolds() >= 2);
    m_crossValidate->setToolTip(!ready ? tr("Open a dataset and choose a target first")
                                : cvFolds() < 2
                                    ? tr("Set the folds under Training (Cross-validation) first")
                                    : tr("Train once per fold and show each metric's mean and std"));
    m_pause->setVisible(state != RunState::Paused);
    m_pause->setEnabled(state == RunState::Running && !m_searching);  // trials hold no pause
    m_resume->setVisible(state == RunState::Paused);
    m_stop->setEnabled(state == RunState::Running || state == RunState::Paused);
    m_builder->setEnabled(idle);
    m_form->setEnabled(idle);
    m_imbalance->setEnabled(idle);
    m_preprocessing->setEnabled(idle);
    m_search->setReady(idle && ready, !ready ? tr("Open a dataset and choose a target first")
                                             : tr("Wait for the running job to end"));
    if (state == RunState::Paused) m_status->setText(tr("Paused"));
    if (state == RunState::Stopping) m_status->setText(tr("Stopping after the current batch…"));
}

}  // namespace loupe::widgets
