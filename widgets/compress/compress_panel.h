#pragma once
// CompressPanel: the Compress view. The plugins found (name, version, description; a file that
// failed to load greyed with its reason), the selected plugin's parameter form, Run/Stop, the
// progress of a run and its error, and the comparison of the original with each compressed
// model. It runs nothing: runRequested() goes to the app, which answers with the on…() calls.

#include <QString>
#include <QWidget>
#include <nlohmann/json.hpp>
#include <vector>

#include "plugins/api/plugin_manager.h"
#include "plugins/api/plugin_metadata.h"

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace loupe::widgets {

class ComparisonView;
class ParameterForm;

/// See the file comment.
class CompressPanel : public QWidget {
    Q_OBJECT
public:
    /// No plugins, no model.
    explicit CompressPanel(QWidget* parent = nullptr);

    /// Lists `plugins` (selectable) and `failures` (greyed, with their reason); selects the first
    /// plugin.
    void setPlugins(std::vector<plugins::PluginMetadata> plugins,
                    const std::vector<plugins::PluginFailure>& failures);
    /// The model a run compresses, in words; empty: none yet, Run is off.
    void setSource(const QString& description);
    /// Selects plugin `id`; false when it is not listed.
    bool selectPlugin(const QString& id);
    /// The selected plugin's id; empty when none.
    QString selectedPlugin() const;
    /// The selected plugin's form.
    ParameterForm* form() const { return m_form; }
    /// The table and the chart.
    ComparisonView* comparison() const { return m_comparison; }
    /// The inline error line (hidden when there is none).
    QString errorText() const;

public slots:
    /// What Run does: asks for a run of the selected plugin with the form's values.
    void run();
    /// A run started: Run off, Stop on, the error line cleared.
    void onStarted();
    /// `done` of `total` steps of `stage` (total 0: busy without a count).
    void onProgress(qint64 done, qint64 total, const QString& stage);
    /// The run ended with `comparison` (compare.json's document) and the plugin's notes.
    void onFinished(const nlohmann::ordered_json& comparison, const QString& notes);
    /// The run failed; `message` is shown inline.
    void onFailed(const QString& message);
    /// The run was stopped before it had a result.
    void onCancelled();
    /// Shows `comparison` without a run having ended (a new source clears it with {}).
    void setComparison(const nlohmann::ordered_json& comparison);

signals:
    /// Run was pressed: compress with plugin `id` and the form's `parameters` (typed JSON).
    void runRequested(const QString& id, const nlohmann::json& parameters);
    /// Stop was pressed.
    void stopRequested();

private:
    void showPlugin(int row);
    void setIdle(const QString& status);

    std::vector<plugins::PluginMetadata> m_plugins;
    QListWidget* m_list;
    QLabel* m_description;
    QLabel* m_source;
    ParameterForm* m_form;
    QPushButton *m_run, *m_stop;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_error;
    ComparisonView* m_comparison;
    bool m_running = false;
};

}  // namespace loupe::widgets
