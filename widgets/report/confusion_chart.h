#pragma once
// ConfusionChart: a confusion matrix as a heatmap (rows the true class, columns the predicted
// one), each cell with its count and its share of the row, coloured by that share.

#include <QRectF>
#include <QSizeF>
#include <QString>
#include <cstdint>
#include <vector>

class QPainter;

namespace loupe::widgets {

struct ConfusionChart {
    QString title, subtitle;
    std::vector<QString> classes;              ///< in matrix order (may come from a dataset)
    std::vector<std::vector<int64_t>> counts;  ///< [true][predicted]

    /// A size at which the cells and labels are readable for this many classes.
    QSizeF preferredSize() const;
    /// Draws the chart filling `rect` (white background), the matrix square and centred.
    void paint(QPainter& painter, const QRectF& rect) const;
};

}  // namespace loupe::widgets
