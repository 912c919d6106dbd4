#include "widgets/compress/compress_panel.h"

#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "widgets/compress/comparison_view.h"
#include "widgets/compress/parameter_form.h"

namespace loupe::widgets {

CompressPanel::CompressPanel(QWidget* parent)
    : QWidget(parent),
      m_list(new QListWidget),
      m_description(new QLabel),
      m_source(new QLabel),
      m_form(new ParameterForm),
      m_run(new QPushButton(tr("Run"))),
      m_stop(new QPushButton(tr("Stop"))),
      m_progress(new QProgressBar),
      m_status(new QLabel),
      m_error(new QLabel),
      m_comparison(new ComparisonView) {
    m_description->setWordWrap(true);
    m_source->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    m_list->setMaximumHeight(100);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_stop->setEnabled(false);
    m_run->setEnabled(false);

    auto* plugins = new QGroupBox(tr("Plugins"));
    auto* pluginsLayout = new QVBoxLayout(plugins);
    pluginsLayout->addWidget(m_list);
    pluginsLayout->addWidget(m_description);

    auto* parameters = new QGroupBox(tr("Parameters"));
    auto* parametersLayout = new QVBoxLayout(parameters);
    parametersLayout->addWidget(m_form);
    parametersLayout->addStretch(1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_status, 1);
    parametersLayout->addLayout(buttons);

    auto* top = new QHBoxLayout;
    top->addWidget(plugins, 3);
    top->addWidget(parameters, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_source);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(m_comparison, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, &CompressPanel::showPlugin);
    connect(m_run, &QPushButton::clicked, this, &CompressPanel::run);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        m_stop->setEnabled(false);
        m_status->setText(tr("Stopping…"));
        emit stopRequested();
    });
    setSource({});
}

void CompressPanel::setPlugins(std::vector<plugins::PluginMetadata> plugins,
                               const std::vector<plugins::PluginFailure>& failures) {
    m_plugins = std::move(plugins);
    m_list->clear();
    for (const plugins::PluginMetadata& p : m_plugins) {
        auto* item =
            new QListWidgetItem(QStringLiteral("%1  %2").arg(QString::fromStdString(p.name),
                                                             QString::fromStdString(p.version)),
                                m_list);
        item->setToolTip(QString::fromStdString(p.id + ": " + p.description));
    }
    for (const plugins::PluginFailure& f : failures) {
        const QString reason = QString::fromStdString(f.reason);
        auto* item = new QListWidgetItem(
            tr("%1 — not loaded: %2")
                .arg(QFileInfo(QString::fromStdString(f.file)).fileName(), reason),
            m_list);
        item->setFlags(Qt::NoItemFlags);  // greyed and not selectable
        item->setToolTip(QString::fromStdString(f.file) + QStringLiteral("\n") + reason);
    }
    if (m_plugins.empty()) {
        showPlugin(-1);
        m_description->setText(tr("No compression plugin was found."));
    } else {
        m_list->setCurrentRow(0);
        showPlugin(0);
    }
}

void CompressPanel::setSource(const QString& description) {
    m_source->setText(description.isEmpty() ? tr("Train a model first: it is what gets compressed.")
                                            : description);
    m_source->setProperty("hasSource", !description.isEmpty());
    m_run->setEnabled(!m_running && !description.isEmpty() && !selectedPlugin().isEmpty());
}

bool CompressPanel::selectPlugin(const QString& id) {
    for (size_t i = 0; i < m_plugins.size(); ++i)
        if (QString::fromStdString(m_plugins[i].id) == id) {
            m_list->setCurrentRow(static_cast<int>(i));
            return true;
        }
    return false;
}

QString CompressPanel::selectedPlugin() const {
    const int row = m_list->currentRow();
    return row >= 0 && row < static_cast<int>(m_plugins.size())
               ? QString::fromStdString(m_plugins[static_cast<size_t>(row)].id)
               : QString();
}

void CompressPanel::run() {
    if (!m_running && !selectedPlugin().isEmpty())
        emit runRequested(selectedPlugin(), m_form->values());
}

QString CompressPanel::errorText() const {
    return m_error->isHidden() ? QString() : m_error->text();
}

void CompressPanel::showPlugin(int row) {
    if (row < 0 || row >= static_cast<int>(m_plugins.size())) {
        m_description->clear();
        m_form->setParameters({});
        m_run->setEnabled(false);
        return;
    }
    const plugins::PluginMetadata& p = m_plugins[static_cast<size_t>(row)];
    m_description->setText(QString::fromStdString(p.description));
    m_form->setParameters(p.parameters);
    m_run->setEnabled(!m_running && m_source->property("hasSource").toBool());
}

void CompressPanel::onStarted() {
    m_running = true;
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    m_error->hide();
    m_progress->setRange(0, 0);
    m_progress->show();
    m_status->setText(tr("Starting…"));
}

void CompressPanel::onProgress(qint64 done, qint64 total, const QString& stage) {
    if (total > 0) {
        // QProgressBar counts in int: steps are scaled to per mille.
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(1000 * std::min(done, total) / total));
    } else {
        m_progress->setRange(0, 0);
    }
    m_status->setText(stage);
}

void CompressPanel::setIdle(const QString& status) {
    m_running = false;
    m_stop->setEnabled(false);
    m_progress->hide();
    m_status->setText(status);
    m_run->setEnabled(m_source->property("hasSource").toBool() && !selectedPlugin().isEmpty());
}

void CompressPanel::onFinished(const nlohmann::ordered_json& comparison, const QString& notes) {
    setIdle(tr("Done"));
    m_status->setToolTip(notes);
    setComparison(comparison);
}

void CompressPanel::onFailed(const QString& message) {
    setIdle(tr("Failed"));
    m_error->setText(message);
    m_error->show();
}

void CompressPanel::onCancelled() { setIdle(tr("Stopped")); }

void CompressPanel::setComparison(const nlohmann::ordered_json& comparison) {
    m_comparison->setComparison(comparison);
}

}  // namespace loupe::widgets
