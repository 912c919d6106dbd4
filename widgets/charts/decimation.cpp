#include "widgets/charts/decimation.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace loupe::widgets {

namespace {

bool isFinite(const QPointF& p) { return std::isfinite(p.x()) && std::isfinite(p.y()); }

}  // namespace

QList<QPointF> decimateMinMax(std::span<const QPointF> points, double xMin, double xMax,
                              int columns) {
    QList<QPointF> out;
    columns = std::max(columns, 1);
    const double width = xMax - xMin;
    const double scale = width > 0 ? columns / width : 0.0;
    // Bucket -1 is left of the range, `columns` right of it.
    auto bucketOf = [&](double x) -> long long {
        if (x < xMin) return -1;
        if (x > xMax) return columns;
        return std::min<long long>(static_cast<long long>((x - xMin) * scale), columns - 1);
    };
    const size_t n = points.size();
    size_t i = 0;
    while (i < n) {
        if (!isFinite(points[i])) {
            ++i;
            continue;
        }
        const long long bucket = bucketOf(points[i].x());
        size_t first = i, last = i, low = i, high = i;
        size_t j = i + 1;
        for (; j < n; ++j) {
            if (!isFinite(points[j])) continue;
            if (bucketOf(points[j].x()) != bucket) break;
            last = j;
            if (points[j].y() < points[low].y()) low = j;
            if (points[j].y() > points[high].y()) high = j;
        }
        const bool inside = bucket >= 0 && bucket < columns;
        size_t keep[4] = {first, inside ? low : first, inside ? high : first, last};
        std::sort(std::begin(keep), std::end(keep));
        for (int k = 0; k < 4; ++k) {
            if (k == 0 || keep[k] != keep[k - 1]) out.append(points[keep[k]]);
        }
        i = j;
    }
    return out;
}

QList<QPointF> decimateScatter(std::span<const QPointF> points, const QRectF& range, QSize pixels) {
    QList<QPointF> out;
    const int w = std::max(pixels.width(), 1);
    const int h = std::max(pixels.height(), 1);
    if (range.width() <= 0 || range.height() <= 0) return out;
    std::vector<bool> taken(static_cast<size_t>(w) * static_cast<size_t>(h), false);
    const double sx = w / range.width();
    const double sy = h / range.height();
    for (const QPointF& p : points) {
        if (!isFinite(p)) continue;
        if (p.x() < range.left() || p.x() > range.right() || p.y() < range.top() ||
            p.y() > range.bottom())
            continue;
        const int cx = std::min(static_cast<int>((p.x() - range.left()) * sx), w - 1);
        const int cy = std::min(static_cast<int>((p.y() - range.top()) * sy), h - 1);
        const size_t cell =
            static_cast<size_t>(cy) * static_cast<size_t>(w) + static_cast<size_t>(cx);
        if (taken[cell]) continue;
        taken[cell] = true;
        out.append(p);
    }
    return out;
}

}  // namespace loupe::widgets
