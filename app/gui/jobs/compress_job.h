#pragma once
// CompressJob: runs a compression plugin on a finished run's model on a worker thread, as
// loupe-cli compress does: the run's own train/validation rows and training settings go to the
// plugin, the compressed model predicts every row the run predicted, and both models are measured
// side by side on the rows training held out (test, else validation).

#include <QString>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/gui/jobs/job.h"
#include "core/data/table.h"
#include "core/train/experiment.h"
#include "plugins/api/compression_comparison.h"
#include "plugins/api/plugin_manager.h"

namespace loupe::gui {

/// What one compression produced.
struct CompressOutcome {
    /// The compressed model as a run: its predictions and reports on the source run's splits.
    std::shared_ptr<const train::ExperimentResult> result;
    plugins::ComparisonRow original;    ///< the source model, measured (or as given to start())
    plugins::ComparisonRow compressed;  ///< the compressed model, named by runName
    std::string split;                  ///< the rows both were measured on: "test" or "val"
    QString runName;  ///< the plugin and its parameters, e.g. "prune-magnitude (…)"
    QString notes;    ///< the plugin's notes
};

/// One compression at a time; stop() reaches the plugin through its stop token.
class CompressJob : public Job {
    Q_OBJECT
public:
    /// An idle job running the plugins of `manager`, which it keeps alive while a run uses it.
    explicit CompressJob(std::shared_ptr<const plugins::PluginManager> manager,
                         QObject* parent = nullptr);

    /// Compresses `source`'s model (trained on `table`, whose rows its predictions name) with
    /// plugin `id` and `parameters` (typed JSON) on `device`. `original`: the source model's row
    /// when already measured, else it is measured too. False, and nothing starts, while a run is
    /// active or without a source or table.
    bool start(std::shared_ptr<const train::ExperimentResult> source,
               std::shared_ptr<const data::Table> table, const QString& id,
               nlohmann::json parameters, std::optional<plugins::ComparisonRow> original = {},
               const QString& device = QStringLiteral("auto"));

signals:
    /// The device the run uses ("cpu", "cuda:0"), once chosen, before the plugin starts.
    void deviceChosen(const QString& device);
    /// `done` of `total` steps of the plugin's `stage`, at most about 20 times a second.
    void progress(qint64 done, qint64 total, const QString& stage);
    /// The compressed run and both comparison rows.
    void finished(std::shared_ptr<const loupe::gui::CompressOutcome> outcome);

private:
    std::shared_ptr<const plugins::PluginManager> m_manager;
};

/// "prune-magnitude (sparsity=0.8, mode=unstructured)": a plugin id and its resolved parameters.
QString compressedRunName(const std::string& id, const nlohmann::json& parameters);

}  // namespace loupe::gui

Q_DECLARE_METATYPE(std::shared_ptr<const loupe::gui::CompressOutcome>)
