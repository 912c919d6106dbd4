#pragma once
// MessageBanner: an inline message above the page (an unreadable file, a failed job), with a close
// button; the window keeps working underneath.

#include <QFrame>

class QLabel;

namespace loupe::gui {

/// A dismissible error line shown at the top of the window.
class MessageBanner : public QFrame {
    Q_OBJECT
public:
    explicit MessageBanner(QWidget* parent = nullptr);
    /// Shows `message` as an error.
    void showError(const QString& message);
    /// The message shown.
    QString text() const;

private:
    QLabel* m_label;
};

}  // namespace loupe::gui
