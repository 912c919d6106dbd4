#include "app/gui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "app/gui/app_paths.h"
#include "app/gui/dataset_loader.h"
#include "app/gui/message_banner.h"
#include "app/gui/project_controller.h"
#include "app/gui/welcome_page.h"
#include "widgets/data/dataset_browser.h"
#include "widgets/data/row_proxy_model.h"

namespace loupe::gui {
namespace {

const char* const kGeometryKey = "window/geometry";
const char* const kStateKey = "window/state";

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Loupe"));
    setAcceptDrops(true);
    m_nav = new NavigationStrip;
    m_banner = new MessageBanner;
    m_stack = new QStackedWidget;
    m_welcome = new WelcomePage;
    m_browser = new widgets::DatasetBrowser;
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_browser);
    m_pages[static_cast<size_t>(View::Data)] = m_welcome;

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_nav);
    auto* bannerBox = new QVBoxLayout;
    bannerBox->setContentsMargins(8, 4, 8, 0);
    bannerBox->addWidget(m_banner);
    layout->addLayout(bannerBox);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    // A view's button comes alive when its page is installed (setViewPage).
    for (View later : {View::Quality, View::Train, View::Evaluate, View::Explain, View::Structure,
                       View::Compress})
        m_nav->setViewEnabled(later, false, tr("coming next"));
    m_nav->setCurrent(View::Data);

    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);

    m_loader = new DatasetLoader(this);
    connect(m_loader, &DatasetLoader::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &DatasetLoader::failed, this, &MainWindow::onFailed);
    connect(m_loader, &DatasetLoader::progress, this, &MainWindow::onProgress);
    // Cancel beside the progress: a read can be given up, leaving the dataset shown as it was.
    auto* cancelRead = new QToolButton;
    cancelRead->setObjectName(QStringLiteral("cancelRead"));
    cancelRead->setText(tr("Cancel"));
    cancelRead->setToolTip(tr("Stop reading the file; the dataset shown stays"));
    cancelRead->hide();
    statusBar()->addPermanentWidget(cancelRead);
    connect(cancelRead, &QToolButton::clicked, m_loader, &DatasetLoader::cancel);
    connect(m_loader, &DatasetLoader::activeChanged, cancelRead, &QWidget::setVisible);
    connect(m_loader, &DatasetLoader::cancelled, this, [this](const QString& path) {
        m_progress->hide();
        m_pendingTarget.clear();
        const QString message = tr("Stopped reading %1").arg(QFileInfo(path).fileName());
        statusBar()->showMessage(message);
        emit openFailed(message);  // whoever waits for the read (the project flow) stops waiting
    });
    connect(m_nav, &NavigationStrip::viewRequested, this, &MainWindow::showView);
    connect(m_welcome, &WelcomePage::sampleRequested, this, &MainWindow::openSample);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::chooseFile);
    connect(m_welcome, &WelcomePage::recentRequested, this,
            [this](const QString& f) { openFile(f); });
    connect(m_browser->rows(), &widgets::RowProxyModel::rowsChanged, this, [this] {
        if (m_table)
            statusBar()->showMessage(
                tr("%1 rows shown").arg(QLocale().toString(m_browser->rows()->rowCount())));
    });

    buildMenus();
    m_welcome->setRecentFiles(recentFiles());
    resize(1280, 820);
    QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu* file = m_fileMenu = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseFile);
    file->addAction(tr("Open the &sample project"), this, &MainWindow::openSample);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::refreshRecentMenu);
    refreshRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
}

void MainWindow::refreshRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString& f : files)
        m_recentMenu->addAction(QFileInfo(f).fileName(), this, [this, f] { openFile(f); })
            ->setToolTip(f);
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::chooseFile() {
    const QString projects = m_project ? tr("Loupe projects (*.loupe);;") : QString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a dataset"), QString(),
        tr("Datasets (*.csv *.tsv *.txt *.h5 *.hdf5 *.he5);;") + projects + tr("All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::setProjectController(ProjectController* controller) {
    m_project = controller;
    const QList<QAction*> actions = controller->fileActions();
    QAction* first = m_fileMenu->actions().value(0);
    m_fileMenu->insertActions(first, actions);
    m_fileMenu->insertSeparator(first);
}

ProjectController* MainWindow::projectController() const { return m_project.data(); }

void MainWindow::openSample() {
    const QString project = sampleProject();
    if (m_project && !project.isEmpty()) {
        m_project->openProject(project);
        return;
    }
    const QString sample = sampleDataset();
    if (sample.isEmpty()) {
        m_banner->showError(
            tr("The sample dataset breast_cancer.csv was not found beside the program "
               "or in the source tree."));
        return;
    }
    openFile(sample, QString::fromLatin1(kSampleTarget));
}

void MainWindow::openFile(const QString& path, const QString& target) {
    if (!m_project) return readDataset(path, target);
    if (QFileInfo(path).suffix().compare(QLatin1String("loupe"), Qt::CaseInsensitive) == 0)
        m_project->openProject(path);
    else
        m_project->openDataset(path, target);
}

void MainWindow::readDataset(const QString& path, const QString& target) {
    m_banner->hide();
    m_pendingTarget = target;
    m_progress->setRange(0, 0);
    m_progress->show();
    statusBar()->showMessage(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    m_loader->load(path);
}

void MainWindow::onProgress(const QString& stage, qint64 done, qint64 total) {
    // Percent of the file keeps the bar's range in int for files of any size.
    if (total > 0) {
        m_progress->setRange(0, 100);
        m_progress->setValue(static_cast<int>(100 * done / total));
    }
    if (!stage.isEmpty()) statusBar()->showMessage(stage + QStringLiteral("…"));
}

void MainWindow::onLoaded(const QString& path, std::shared_ptr<const data::Table> table) {
    m_progress->hide();
    m_table = table;
    m_browser->setTable(std::move(table));
    if (!m_pendingTarget.isEmpty()) m_browser->setTarget(m_pendingTarget);
    m_pendingTarget.clear();
    addRecentFile(path);
    m_welcome->setRecentFiles(recentFiles());
    m_pages[static_cast<size_t>(View::Data)] = m_browser;
    setWindowTitle(tr("%1 — Loupe").arg(QFileInfo(path).fileName()));
    showView(View::Data);
    statusBar()->showMessage(
        tr("Read %1: %2 rows, %3 columns")
            .arg(QFileInfo(path).fileName(),
                 QLocale().toString(static_cast<qlonglong>(m_table->rowCount())),
                 QLocale().toString(static_cast<qlonglong>(m_table->columnCount()))));
    emit datasetOpened(path);
}

void MainWindow::onFailed(const QString& path, const QString& message) {
    m_progress->hide();
    m_pendingTarget.clear();
    m_banner->showError(message);
    statusBar()->showMessage(tr("Could not read %1").arg(QFileInfo(path).fileName()));
    emit openFailed(message);
}

void MainWindow::clearDataset() {
    m_table.reset();
    m_browser->setTable(nullptr);
    m_pages[static_cast<size_t>(View::Data)] = m_welcome;
    m_welcome->setRecentFiles(recentFiles());
    setWindowTitle(tr("Loupe"));
    showView(View::Data);
    statusBar()->clearMessage();
}

View MainWindow::currentView() const {
    for (int i = 0; i < kViewCount; ++i)
        if (m_pages[static_cast<size_t>(i)] == m_stack->currentWidget())
            return static_cast<View>(i);
    return View::Data;
}

void MainWindow::showView(View view) {
    QWidget* page = m_pages[static_cast<size_t>(view)];
    if (!page) return;
    m_stack->setCurrentWidget(page);
    m_nav->setCurrent(view);
}

void MainWindow::setViewPage(View view, QWidget* page) {
    if (m_stack->indexOf(page) < 0) m_stack->addWidget(page);
    m_pages[static_cast<size_t>(view)] = page;
    m_nav->setViewEnabled(view, true);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    event->acceptProposedAction();
    openFile(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_project && !m_project->maybeSave()) {
        event->ignore();
        return;
    }
    if (m_project) m_project->windowClosed();
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    event->accept();
}

}  // namespace loupe::gui
