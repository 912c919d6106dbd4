// loupe-cli: the headless front end. Exit codes: 0 ok, 2 bad input or usage, 1 internal fault,
// 130 interrupted; every error is exactly one line on stderr.

#include <algorithm>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "app/cli/commands.h"
#include "app/cli/options.h"
#include "core/error.h"

namespace {

constexpr int kExitInput = 2;
constexpr int kExitInternal = 1;
constexpr int kExitInterrupted = 130;

int fail(const std::string& message, int code) {
    const std::string line = "loupe-cli: error: " + loupe::cli::oneLine(message) + "\n";
    std::fflush(stdout);
    std::fwrite(line.data(), 1, line.size(), stderr);
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace loupe;
    CLI::App app("Loupe: train, evaluate and apply machine-learning models from the shell",
                 "loupe-cli");
    app.set_version_flag("--version", LOUPE_VERSION);
    app.require_subcommand(1);
    std::vector<cli::Command> commands;
    try {
        commands = {cli::addInfoCommand(app), cli::addTrainCommand(app),
                    cli::addEvaluateCommand(app), cli::addPredictCommand(app),
                    cli::addExplainCommand(app), cli::addImportanceCommand(app),
                    cli::addExportCommand(app), cli::addReportCommand(app),
                    cli::addQualityCommand(app), cli::addPluginsCommand(app),
                    cli::addCompressCommand(app), cli::addSearchCommand(app),
                    cli::addRunsCommand(app)};
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        const auto named = [&](const cli::Command& c) { return c.app->get_name() == argv[1]; };
        if (argc > 1 && argv[1][0] != '-' && std::none_of(commands.begin(), commands.end(), named))
            return fail(std::string("unknown command '") + argv[1] +
                            "' (expected info, train, evaluate, predict, explain, importance, "
                            "export, report, quality, plugins, compress, search or runs)",
                        kExitInput);
        return fail(e.what(), kExitInput);
    }
    try {
        for (const cli::Command& command : commands)
            if (command.app->parsed()) return command.run();
        return fail("no command given", kExitInput);
    } catch (const InputError& e) {
        return fail(e.what(), kExitInput);
    } catch (const Cancelled&) {
        return fail("interrupted; nothing was written", kExitInterrupted);
    } catch (const std::bad_alloc&) {
        return fail("out of memory", kExitInternal);
    } catch (const std::exception& e) {
        return fail(std::string("internal error: ") + e.what(), kExitInternal);
    } catch (...) {
        return fail("internal error", kExitInternal);
    }
}
