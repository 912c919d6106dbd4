#include "widgets/explain/explain_panel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <utility>

#include "widgets/common/inline_error.h"
#include "widgets/explain/explain_plots.h"
#include "widgets/explain/explain_settings.h"

namespace loupe::widgets {
namespace {

QString noModelText() {
    return QObject::tr(
        "Train a model first: the Explain view shows why a trained model predicts "
        "what it does, feature by feature.");
}

}  // namespace

ExplainPanel::ExplainPanel(QWidget* parent) : QWidget(parent) {
    m_settings = new ExplainSettings;
    m_plots = new ExplainPlots;

    auto* settingsBox = new QGroupBox(tr("SHAP values"));
    (new QVBoxLayout(settingsBox))->addWidget(m_settings);
    auto* side = new QWidget;
    auto* left = new QVBoxLayout(side);
    left->addWidget(settingsBox);
    left->addStretch();
    auto* scroll = new QScrollArea;
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(side->sizeHint().width() + 24);
    scroll->setMaximumWidth(400);

    m_runButton = new QPushButton(tr("Run"));
    m_runButton->setDefault(true);
    m_stopButton = new QPushButton(tr("Stop"));
    m_status = new QLabel;
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_status, 1);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m rows"));

    m_error = makeInlineError();

    auto* right = new QVBoxLayout;
    right->addLayout(buttons);
    right->addWidget(m_progress);
    right->addWidget(m_error);
    right->addWidget(m_plots, 1);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(scroll);
    layout->addLayout(right, 1);

    connect(m_runButton, &QPushButton::clicked, this, &ExplainPanel::run);
    connect(m_stopButton, &QPushButton::clicked, this, [this] {
        m_stopButton->setEnabled(false);
        m_status->setText(tr("Stopping after the current row…"));
        emit stopRequested();
    });
    setRun(nullptr);
}

void ExplainPanel::setRun(std::shared_ptr<const train::ExperimentResult> run) {
    m_run = std::move(run);
    m_shown.reset();
    m_pending.reset();
    m_requestedRows.clear();
    m_settings->setRun(m_run);
    m_error->hide();
    m_progress->setValue(0);
    if (!m_run) {
        m_plots->setExplanation(nullptr, noModelText());
        m_status->setText(tr("Train a model first."));
    } else {
        m_plots->setExplanation(nullptr, tr("Press Run to compute SHAP values for the rows chosen "
                                            "on the left."));
        m_status->setText(tr("Ready to explain the trained model."));
    }
    setRunning(m_running);
}

explain::ExplainRequest ExplainPanel::request() const { return m_settings->request(); }

explain::ExplainRequest ExplainPanel::rowRequest(int64_t dataRow) const {
    explain::ExplainRequest r = m_shown ? *m_shown : request();
    r.rows = explain::ExplainRows::Given;
    r.givenRows = {dataRow};
    return r;
}

void ExplainPanel::run() {
    if (m_running || !m_run) return;
    m_error->hide();
    m_pending = request();
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->setText(tr("Explaining…"));
    setRunning(true);
    emit runRequested(*m_pending);
}

void ExplainPanel::showRow(int64_t dataRow) {
    if (dataRow < 0 || !m_run) return;
    if (m_plots->selectRow(dataRow)) {
        m_plots->showRowPlot();
        return;
    }
    if (m_requestedRows.insert(dataRow).second) emit rowExplainRequested(dataRow);
}

void ExplainPanel::onProgress(qint64 done, qint64 total) {
    if (total > 0) m_progress->setRange(0, int(total));
    m_progress->setValue(int(done));
}

void ExplainPanel::onFinished(std::shared_ptr<const explain::ShapExplanation> explanation) {
    setRunning(false);
    // An explanation of a run replaced meanwhile (setRun cleared m_pending) is not shown.
    if (!explanation || !m_pending) return;
    m_shown = std::exchange(m_pending, std::nullopt);
    m_requestedRows.clear();
    const explain::ShapResult& shap = explanation->shap;
    m_progress->setRange(0, int(shap.rows.size()));
    m_progress->setValue(int(shap.rows.size()));
    const auto rows = qlonglong(shap.rows.size());
    m_status->setText(
        (rows == 1 ? tr("1 row, %1 SHAP of the %2") : tr("%3 rows, %1 SHAP of the %2"))
            .arg(QString::fromStdString(explain::shapMethodName(shap.method)),
                 QString::fromStdString(shap.output))
            .arg(rows));
    m_plots->setExplanation(std::move(explanation));
}

void ExplainPanel::onRowExplained(std::shared_ptr<const explain::ShapExplanation> explanation) {
    if (!explanation || explanation->shap.rows.empty()) return;
    for (int64_t row : explanation->shap.rows) m_requestedRows.erase(row);
    m_plots->addRows(std::move(explanation));
    m_plots->showRowPlot();
}

void ExplainPanel::onFailed(const QString& message) {
    setRunning(false);
    m_pending.reset();
    m_status->setText(tr("Explaining failed"));
    showError(message);
}

void ExplainPanel::onRowFailed(int64_t dataRow, const QString& message) {
    m_requestedRows.erase(dataRow);
    showError(tr("Row %1: %2").arg(dataRow).arg(message));
}

void ExplainPanel::onCancelled() {
    setRunning(false);
    m_pending.reset();
    m_status->setText(m_shown ? tr("Stopped; the plots show the last finished explanation.")
                              : tr("Stopped."));
}

void ExplainPanel::setRunning(bool running) {
    m_running = running;
    m_runButton->setEnabled(!running && m_run);
    m_runButton->setToolTip(m_run ? QString() : tr("Train a model first"));
    m_stopButton->setEnabled(running);
    m_settings->setEnabled(!running && m_run);
}

void ExplainPanel::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
}

}  // namespace loupe::widgets
