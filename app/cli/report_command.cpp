// `loupe-cli report RUN_DIR --out FILE [--format html|pdf]`: a run's report as one self-contained
// HTML file or an A4 PDF (widgets/report), drawn on an offscreen QGuiApplication.

#include <filesystem>
#include <memory>

#include "app/cli/commands.h"
#include "app/cli/interrupt_guard.h"
#include "app/cli/offscreen_gui.h"
#include "app/cli/options.h"
#include "app/cli/terminal.h"
#include "core/error.h"
#include "core/report/run_report.h"
#include "widgets/report/report_export.h"

namespace loupe::cli {
namespace {

struct ReportCommandOptions {
    std::string run, out, format, data;
    int64_t shapRows = report::kReportShapRows;
    uint64_t seed = 0;
    std::string device = "auto";
    bool quiet = false;
};

widgets::ReportFormat formatOf(const ReportCommandOptions& o) {
    if (o.format == "html") return widgets::ReportFormat::Html;
    if (o.format == "pdf") return widgets::ReportFormat::Pdf;
    if (!o.format.empty())
        throw InputError("--format: unknown format '" + o.format + "' (expected html or pdf)");
    const auto format = widgets::reportFormatOf(QString::fromStdString(o.out));
    if (!format)
        throw InputError("--out: cannot tell the format from '" + o.out +
                         "' (name it .html or .pdf, or give --format)");
    return *format;
}

int runReport(const ReportCommandOptions& o) {
    Terminal terminal(o.quiet);
    const widgets::ReportFormat format = formatOf(o);
    namespace fs = std::filesystem;
    if (!fs::is_directory(o.run))
        throw InputError(
            fs::exists(o.run) ? "not a run folder (a file, not a folder)" : "no such run folder",
            o.run);
    if (!o.data.empty()) requireInputFile(o.data);
    const fs::path parent = fs::absolute(o.out).parent_path();
    if (!fs::is_directory(parent))
        throw InputError("--out: the folder " + parent.string() + " does not exist", o.out);

    report::ReportOptions options;
    options.dataFile = o.data;
    options.shapRows = o.shapRows;
    options.seed = o.seed;
    device::DeviceChoice choice = device::makeDevice(o.device);
    InterruptGuard interrupt;
    auto gathered = std::make_shared<report::RunReport>(report::gatherRunReport(
        o.run, options, *choice.device,
        [&](const ProgressInfo& p) {
            if (terminal.progressDue())
                terminal.progress(
                    p.done, p.total,
                    "SHAP: row " + std::to_string(p.done) + "/" + std::to_string(p.total));
        },
        interrupt.token()));
    terminal.endProgress();
    if (interrupt.interrupted()) throw Cancelled();
    const std::string shapLine = "shap: " + gathered->shapSource;

    const OffscreenGui gui;
    QString error;
    if (!widgets::writeReport(std::move(gathered), QString::fromStdString(o.out), format, &error))
        throw InputError("cannot write the report: " + error.toStdString(), o.out);
    terminal.say(shapLine);
    terminal.say("wrote " + o.out);
    return 0;
}

}  // namespace

Command addReportCommand(CLI::App& parent) {
    auto options = std::make_shared<ReportCommandOptions>();
    ReportCommandOptions& o = *options;
    CLI::App* app = parent.add_subcommand(
        "report", "Write a run folder's report as one HTML file or an A4 PDF");
    app->add_option("RUN_DIR", o.run, "Run folder written by train")->required();
    app->add_option("--out", o.out, "Report file (.html or .pdf)")->required();
    app->add_option("--format", o.format, "html or pdf (default: from the --out name)")
        ->check(CLI::IsMember({"html", "pdf"}));
    app->add_option("--data", o.data,
                    "The dataset the run was trained on (default: the file metrics.json names), "
                    "for SHAP values when the folder has no shap.csv");
    app->add_option("--shap-rows", o.shapRows, "SHAP: at most this many evaluated rows")
        ->check(wholeNumberIn(1, 100000))
        ->capture_default_str();
    app->add_option("--seed", o.seed, "Seeds the SHAP row sample and background")
        ->check(unsignedNumber())
        ->capture_default_str();
    app->add_option("--device", o.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    app->add_flag("--quiet,-q", o.quiet, "Print nothing but errors");
    return {app, [options] { return runReport(*options); }};
}

}  // namespace loupe::cli
