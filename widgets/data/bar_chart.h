#pragma once
// BarChart: a small painted chart for the statistics panel, either a histogram (vertical bars
// over a numeric range) or labelled horizontal bars with counts (categories, class balance).

#include <QString>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "core/data/column_stats.h"

namespace loupe::widgets {

/// A histogram or a list of labelled counts; draws nothing when empty.
class BarChart : public QWidget {
    Q_OBJECT
public:
    explicit BarChart(QWidget* parent = nullptr);

    /// Vertical bars, one per bin, with the range's ends written below.
    void setHistogram(const std::vector<data::HistogramBin>& bins);
    /// Horizontal bars, one per label, each with its count and share of `total`.
    void setCounts(const std::vector<data::CategoryCount>& counts, int64_t total);
    /// Draws nothing.
    void clear();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintHistogram(class QPainter& painter) const;
    void paintCounts(class QPainter& painter) const;

    enum class Mode { Empty, Histogram, Counts };
    Mode m_mode = Mode::Empty;
    std::vector<data::HistogramBin> m_bins;
    std::vector<data::CategoryCount> m_counts;
    int64_t m_total = 0;
};

}  // namespace loupe::widgets
