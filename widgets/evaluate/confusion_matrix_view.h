#pragma once
// A confusion matrix as a heatmap: true classes down the left, predicted across the bottom, the
// count (or the row share) in each cell. Clicking a cell reports it; the panel turns it into rows.

#include <QStringList>
#include <QWidget>
#include <optional>
#include <utility>

#include "core/eval/confusion.h"

namespace loupe::widgets {

/// Heatmap of a confusion matrix with a counts / row-normalized toggle.
class ConfusionMatrixView : public QWidget {
    Q_OBJECT
public:
    /// An empty view.
    explicit ConfusionMatrixView(QWidget* parent = nullptr);
    /// Shows `counts` ([classes, classes], rows true) and `rates` (each row divided by its sum).
    void setMatrix(const eval::ConfusionMatrix& counts, const MatrixD& rates,
                   const QStringList& classNames);
    /// Clears the view.
    void clear();
    /// Whether cells show row shares instead of counts.
    bool isNormalized() const;
    /// The (true, predicted) cell under a widget position, if any.
    std::optional<std::pair<int, int>> cellAt(QPoint pos) const;
    /// Widget rectangle of a cell, for the current size.
    QRect cellRect(int trueClass, int predictedClass) const;
    /// The counts shown.
    const eval::ConfusionMatrix& counts() const;
    /// Minimum comfortable size for the current class count.
    QSize sizeHint() const override;

public slots:
    /// Switches between counts and row shares.
    void setNormalized(bool normalized);

signals:
    /// A cell was clicked.
    void cellClicked(int trueClass, int predictedClass);
    /// The counts / row-normalized choice changed.
    void normalizedChanged(bool normalized);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    QRect gridRect() const;
    int labelWidth() const;

    eval::ConfusionMatrix m_counts;
    MatrixD m_rates;
    QStringList m_names;
    bool m_normalized = false;
};

}  // namespace loupe::widgets
