#pragma once
// WelcomePage: what the window shows before a dataset is open: the sample project, Open…, and
// the recent files and projects.

#include <QWidget>

class QListWidget;

namespace loupe::gui {

/// The first page: open the sample, a file, or a recent file.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);
    /// Lists `files` (newest first) under "Recent".
    void setRecentFiles(const QStringList& files);

signals:
    /// "Open the sample project" was clicked.
    void sampleRequested();
    /// "Open a dataset…" was clicked.
    void openRequested();
    /// A recent file was chosen.
    void recentRequested(const QString& path);

private:
    QListWidget* m_recent;
};

}  // namespace loupe::gui
