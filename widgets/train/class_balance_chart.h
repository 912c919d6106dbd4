#pragma once
// ClassBalanceChart: the training rows per class before and after resampling, as pairs of
// horizontal bars with their counts (painted: two numbers a class need no zoom or export).

#include <QString>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <vector>

namespace loupe::widgets {

/// Before/after bars per class; draws a note instead when it has no counts.
class ClassBalanceChart : public QWidget {
    Q_OBJECT
public:
    explicit ClassBalanceChart(QWidget* parent = nullptr);

    /// Shows `before` and `after` rows of each of `classes` (the same length).
    void setCounts(const QStringList& classes, std::vector<int64_t> before,
                   std::vector<int64_t> after);
    /// Shows `note` instead of bars (e.g. why there are no classes to count).
    void clear(const QString& note = {});

    /// The classes shown.
    const QStringList& classes() const { return m_classes; }
    /// Rows per class before resampling.
    const std::vector<int64_t>& before() const { return m_before; }
    /// Rows per class after resampling.
    const std::vector<int64_t>& after() const { return m_after; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(class QPaintEvent* event) override;

private:
    QStringList m_classes;
    std::vector<int64_t> m_before, m_after;
    QString m_note;
};

}  // namespace loupe::widgets
