#pragma once
// Point reduction for drawing: Qt Charts draws every point it is given, so a million-point curve is
// cut down to what the plot's pixels can show before it reaches a series.

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <span>

namespace loupe::widgets {

/// Min/max decimation of a curve drawn in point order: consecutive points that fall in the same
/// of `columns` pixel columns over [xMin, xMax] become the first, lowest, highest and last of them
/// (in their original order), so every column keeps its vertical extent and at most four points.
/// Runs outside [xMin, xMax] keep their first and last point, so lines still reach the edges.
/// Points with a NaN or infinite coordinate are left out.
QList<QPointF> decimateMinMax(std::span<const QPointF> points, double xMin, double xMax,
                              int columns);

/// Scatter decimation: the first point that falls in each pixel of a `pixels`-sized grid over
/// `range` (x right, y up); points outside `range` or not finite are left out.
QList<QPointF> decimateScatter(std::span<const QPointF> points, const QRectF& range, QSize pixels);

}  // namespace loupe::widgets
