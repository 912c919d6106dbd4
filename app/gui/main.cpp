// loupe: the workbench window. `loupe [FILE]` opens a dataset or a *.loupe project; `--screenshot`
// renders and exits. A start first offers to restore work a crashed session left unsaved.

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>
#include <utility>

#include "app/gui/main_window.h"
#include "app/gui/project_controller.h"
#include "app/gui/screenshot.h"
#include "app/gui/workbench.h"

int main(int argc, char** argv) {
    // A screenshot needs no display; choose the offscreen platform before Qt picks one.
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "--screenshot") == 0 && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Loupe"));
    QApplication::setApplicationName(QStringLiteral("Loupe"));
    QApplication::setApplicationVersion(QStringLiteral(LOUPE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/loupe/icon.svg")));
    // Ties the window to the installed org.loupe.Loupe.desktop entry (taskbar icon and name).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.loupe.Loupe"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Loupe machine-learning workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions(
        {{"screenshot", "Render the window to a PNG FILE and exit.", "FILE"},
         {"view",
          "View to show: data, quality, outliers, train, cross-validation, search, evaluate, "
          "explain, structure, compress, runs.",
          "VIEW"},
         {"open", "Dataset to open (CSV or HDF5).", "DATA"},
         {"target", "Target column of the dataset.", "COL"},
         {"project", "Project to open (*.loupe).", "PROJECT"},
         {"compare", "With --view structure: a model file (.h5) to compare with.", "MODEL"},
         {"tune-threshold",
          "With --view evaluate: tune the threshold for GOAL (precision:P, recall:R, cost:FP:FN).",
          "GOAL"}});
    parser.addPositionalArgument("file", "Dataset or project (*.loupe) to open.", "[FILE]");
    parser.process(app);

    loupe::gui::MainWindow window;
    loupe::gui::Workbench workbench(&window);
    QString open =
        parser.isSet("open") ? parser.value("open") : parser.positionalArguments().value(0);
    QString project = parser.value("project");
    if (project.isEmpty() && open.endsWith(QLatin1String(".loupe"), Qt::CaseInsensitive))
        project = std::exchange(open, QString());
    if (parser.isSet("screenshot")) {
        window.resize(1400, 860);
        window.show();
        loupe::gui::scheduleScreenshot(window, workbench,
                                       {parser.value("screenshot"), parser.value("view"), open,
                                        parser.value("target"), project, parser.value("compare"),
                                        parser.value("tune-threshold")});
        return QApplication::exec();
    }
    window.show();
    // Once the window is up: unsaved work a crash left behind comes before any file named here.
    QTimer::singleShot(0, &window, [&window, &workbench, open, project, &parser] {
        if (workbench.projectController()->offerRecovery()) return;
        if (!project.isEmpty())
            window.openFile(project);
        else if (!open.isEmpty())
            window.openFile(open, parser.value("target"));
    });
    return QApplication::exec();
}
