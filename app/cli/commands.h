#pragma once
// loupe-cli's commands, one file each. Each adds its subcommand to the parser and returns the
// function that runs it once the command line has been parsed.

#include <CLI/CLI.hpp>
#include <functional>

namespace loupe::cli {

/// A parsed subcommand and what to run for it (returns the exit code).
struct Command {
    CLI::App* app = nullptr;   ///< the subcommand; parsed() says whether it was given
    std::function<int()> run;  ///< runs it; throws InputError for bad input
};

/// `loupe-cli info DATA [--target COL] [--json]`.
Command addInfoCommand(CLI::App& parent);
/// `loupe-cli train DATA --target COL --out DIR [options]`.
Command addTrainCommand(CLI::App& parent);
/// `loupe-cli evaluate MODEL DATA --out DIR`.
Command addEvaluateCommand(CLI::App& parent);
/// `loupe-cli predict MODEL DATA --out FILE.csv`.
Command addPredictCommand(CLI::App& parent);
/// `loupe-cli explain MODEL DATA --out DIR [--method M] [--rows SPEC] ...`: SHAP values.
Command addExplainCommand(CLI::App& parent);
/// `loupe-cli importance MODEL DATA --target COL --out DIR`: permutation importance.
Command addImportanceCommand(CLI::App& parent);
/// `loupe-cli report RUN_DIR --out FILE [--format html|pdf]`: the run's HTML or PDF report.
Command addReportCommand(CLI::App& parent);
/// `loupe-cli export MODEL --format onnx --out FILE`: the model and its pipeline as ONNX.
Command addExportCommand(CLI::App& parent);
/// `loupe-cli quality DATA --target COL --out DIR`: outliers, label issues, leakage warnings.
Command addQualityCommand(CLI::App& parent);
/// `loupe-cli plugins [--json]`: the compression plugins found and the files that failed.
Command addPluginsCommand(CLI::App& parent);
/// `loupe-cli compress MODEL DATA --target COL --plugin ID [--param name=value]... --out DIR`.
Command addCompressCommand(CLI::App& parent);
/// `loupe-cli search DATA --target COL --space space.json --out DIR [options]`.
Command addSearchCommand(CLI::App& parent);
/// `loupe-cli runs PROJECT [--json]`: the runs in a project's run database.
Command addRunsCommand(CLI::App& parent);

}  // namespace loupe::cli
