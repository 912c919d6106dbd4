#pragma once
// MainWindow: the workbench frame. A navigation strip (Data → Train → Evaluate, then the views
// still to come), an inline message banner, and a stack of pages. It opens datasets (menu, recent
// list, drag and drop, the sample) through a DatasetLoader and hosts pages others install. With a
// ProjectController it also opens *.loupe projects and asks before unsaved work is replaced.

#include <QMainWindow>
#include <QPointer>
#include <array>
#include <memory>

#include "app/gui/navigation_strip.h"
#include "core/data/table.h"

class QProgressBar;
class QStackedWidget;
class QMenu;

namespace loupe::widgets {
class DatasetBrowser;
}

namespace loupe::gui {

class DatasetLoader;
class MessageBanner;
class ProjectController;
class WelcomePage;

/// The workbench window.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens what the user chose: a *.loupe project through the project controller, else a
    /// dataset (read as readDataset() does, after the controller's Save/Discard/Cancel).
    void openFile(const QString& path, const QString& target = {});
    /// Reads `path` off the UI thread, then shows it in the Data view with `target` chosen (if
    /// given and present). A file that cannot be read shows the banner; nothing else changes.
    void readDataset(const QString& path, const QString& target = {});
    /// Shows no dataset (the welcome page in the Data view).
    void clearDataset();
    /// Opens the bundled sample project (with a project controller), else the sample dataset.
    void openSample();
    /// Shows `view` when it has a page.
    void showView(View view);
    /// The view shown.
    View currentView() const;
    /// Installs the page of `view` and enables its button.
    void setViewPage(View view, QWidget* page);
    /// Lets `controller` open projects and answer for unsaved work; adds its actions to File.
    void setProjectController(ProjectController* controller);
    /// The project controller, or null.
    ProjectController* projectController() const;
    /// The File menu.
    QMenu* fileMenu() const { return m_fileMenu; }

    /// The Data view.
    widgets::DatasetBrowser* dataBrowser() const { return m_browser; }
    /// The inline message banner.
    MessageBanner* banner() const { return m_banner; }
    /// The strip of view buttons.
    NavigationStrip* navigation() const { return m_nav; }
    /// The table shown, or null.
    std::shared_ptr<const data::Table> table() const { return m_table; }

signals:
    /// A dataset was read and is shown.
    void datasetOpened(const QString& path);
    /// A file could not be read (the banner shows `message`), or its read was cancelled.
    void openFailed(const QString& message);

protected:
    void dragEnterEvent(class QDragEnterEvent* event) override;
    void dropEvent(class QDropEvent* event) override;
    void closeEvent(class QCloseEvent* event) override;

private:
    void buildMenus();
    void chooseFile();
    void refreshRecentMenu();
    void onLoaded(const QString& path, std::shared_ptr<const data::Table> table);
    void onFailed(const QString& path, const QString& message);
    void onProgress(const QString& stage, qint64 done, qint64 total);

    NavigationStrip* m_nav;
    MessageBanner* m_banner;
    QStackedWidget* m_stack;
    WelcomePage* m_welcome;
    widgets::DatasetBrowser* m_browser;
    std::array<QWidget*, kViewCount> m_pages{};
    DatasetLoader* m_loader;
    QProgressBar* m_progress;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QPointer<ProjectController> m_project;
    QString m_pendingTarget;
    std::shared_ptr<const data::Table> m_table;
};

}  // namespace loupe::gui
