#pragma once
// SubsetChip: "showing N rows: <description> ✕", shown while the Data view holds a row subset.

#include <QFrame>

class QLabel;

namespace loupe::widgets {

/// A rounded label with a clear button.
class SubsetChip : public QFrame {
    Q_OBJECT
public:
    explicit SubsetChip(QWidget* parent = nullptr);
    /// Shows "showing `count` rows: `description`".
    void setSubset(qint64 count, const QString& description);
    /// The chip's text.
    QString text() const;

signals:
    /// The ✕ was clicked.
    void cleared();

private:
    QLabel* m_label;
};

}  // namespace loupe::widgets
