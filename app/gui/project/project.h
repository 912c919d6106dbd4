#pragma once
// Project: what a *.loupe file holds, as a plain value: the dataset with its target and the
// columns whose role or type the user changed, the Train view's settings (its Search tab's
// too), the trained runs (each a run folder in loupe-cli train's layout), the Compress view's
// comparison and the view shown.
// project_file.h reads and writes it.

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/data/table.h"
#include "core/nn/model.h"
#include "core/train/experiment.h"
#include "core/train/trainer.h"
#include "plugins/api/compression_comparison.h"
#include "widgets/data/dataset_model.h"

namespace loupe::gui {

/// A column whose role or type differs from what Loupe chose when it read the file.
struct ColumnOverride {
    QString name;
    std::optional<widgets::ColumnRole> role;  ///< feature or ignore (the target is Project::target)
    std::optional<data::ColumnType> type;     ///< the type it is read as

    bool operator==(const ColumnOverride&) const = default;
};

/// The Train view's Search tab; absent in projects before it existed (these defaults then).
struct SearchSettings {
    /// The parameters searched (loupe-cli search --space's names).
    QStringList searched{QStringLiteral("learning_rate"), QStringLiteral("hidden"),
                         QStringLiteral("dropout")};
    /// The rows the user edited, each as a space.json gives a parameter ({"log": [lo, hi]},
    /// {"choice": [...]}), searched or not; the other rows follow the training settings.
    nlohmann::json edited = nlohmann::json::object();
    QString strategy = QStringLiteral("bayes");  ///< grid, random, bayes or tpe
    int64_t trials = 20;
    int64_t parallel = 1;  ///< trials trained at the same time
    bool halving = false;  ///< successive halving

    bool operator==(const SearchSettings&) const = default;
};

/// The Train view's settings.
struct TrainingSettings {
    /// The hidden layers listed, each with its own activation and dropout.
    nn::ModelSpec layers = train::ExperimentRequest::defaultModelSpec();
    bool mlp = true;  ///< false: logistic/linear regression (the layers stay listed)
    train::TrainConfig config;
    double valFraction = 0.15;
    double testFraction = 0.15;
    /// Class imbalance (classification only); absent in projects before they existed.
    data::Resampling resample = data::Resampling::None;
    int64_t smoteK = 5;
    bool balancedClassWeights = false;
    /// Preprocessing (imputation, scaling, encoding, log columns) and the feature columns left
    /// out; absent in projects before they existed (the defaults then).
    data::PipelineOptions pipeline;
    std::vector<std::string> dropColumns;
    int cvFolds = 0;  ///< folds of the Train view's Cross-validate; 0 = off
    QString device = QStringLiteral("auto");  ///< "auto", "cpu" or "cuda:N"
    SearchSettings search;
};

/// One trained run, kept as a run folder (model.h5, metrics.json, history.csv, predictions.csv).
struct ProjectRun {
    QString id;      ///< the run folder's name, unique in the project
    QString name;    ///< what the window calls it ("Run 1")
    QString folder;  ///< absolute path of the run folder
    QDateTime created;
    int64_t epochs = 0;
    int64_t bestEpoch = 0;  ///< the epoch whose weights model.h5 holds
    bool stoppedEarly = false;
    bool cancelled = false;         ///< stopped by the user
    double seconds = 0.0;           ///< training time
    QString summarySplit;           ///< the split the summary is of: test, else the last one
    QMap<QString, double> summary;  ///< its scalar metrics; NaN where undefined
    double threshold = 0.5;         ///< a binary model's decision threshold in the Evaluate view

    bool operator==(const ProjectRun&) const = default;
};

/// One model of the Compress view's comparison and the run it is.
struct ComparedModel {
    QString run;  ///< the id of its run in the project; empty when it has none
    plugins::ComparisonRow row;
};

/// The Compress view's comparison: the model compressed, then each compression of it, measured
/// on the same rows; absent in projects before it was kept (then empty).
struct CompressionComparison {
    std::string split;                  ///< the rows measured on: "test" or "val"
    std::vector<ComparedModel> models;  ///< the original first; empty: no comparison
};

/// A whole project.
struct Project {
    QString dataset;  ///< absolute path of the dataset file, or empty
    QString target;   ///< target column, or empty
    std::vector<ColumnOverride> columns;
    TrainingSettings training;
    std::vector<ProjectRun> runs;  ///< oldest first
    int currentRun = -1;           ///< the run the Evaluate view shows; -1: none
    CompressionComparison compression;
    QString view;                  ///< the view shown ("data", "train", "evaluate", ...)
};

}  // namespace loupe::gui
