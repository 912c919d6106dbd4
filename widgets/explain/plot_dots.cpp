// The dots of the summary and dependence plots: grouped by colour, stamped from a sprite on
// raster devices and drawn as circles on vector ones, and found again under the mouse.

#include <QImage>
#include <QPaintEngine>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <map>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets::shap_plot {

namespace {

/// True where dots are best stamped from a sprite: raster devices (widgets, images) with no
/// rotation or scaling of their own. SVG and other vector devices get real circles instead.
bool stampable(QPainter& painter) {
    const QPaintEngine* engine = painter.paintEngine();
    return engine && engine->type() == QPaintEngine::Raster &&
           painter.worldTransform().type() <= QTransform::TxTranslate;
}

/// One antialiased dot at the device's pixel ratio, centred in its image.
QImage dotSprite(const QColor& colour, qreal ratio) {
    const int side = static_cast<int>(std::ceil((kDotSize + 2) * ratio));
    QImage sprite(side, side, QImage::Format_ARGB32_Premultiplied);
    sprite.fill(Qt::transparent);
    sprite.setDevicePixelRatio(ratio);
    QPainter p(&sprite);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    const qreal centre = side / ratio / 2;
    p.drawEllipse(QPointF(centre, centre), kDotSize / 2, kDotSize / 2);
    return sprite;
}

}  // namespace

void drawDots(QPainter& painter, const std::vector<QPointF>& points,
              const std::vector<double>& colours, const std::vector<bool>& grey) {
    // 32 colour steps are finer than the eye separates on a dot; bucket -1 is grey.
    constexpr int kSteps = 32;
    std::map<int, std::vector<QPointF>> buckets;
    for (size_t i = 0; i < points.size(); ++i) {
        const bool isGrey = grey[i] || std::isnan(colours[i]);
        const int bucket =
            isGrey ? -1 : static_cast<int>(std::lround(std::clamp(colours[i], 0.0, 1.0) * kSteps));
        buckets[bucket].push_back(points[i]);
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    const bool stamp = stampable(painter);
    const qreal ratio = painter.device()->devicePixelRatioF();
    const QPointF offset = painter.worldTransform().map(QPointF(0, 0));
    if (stamp) painter.resetTransform();
    for (const auto& [bucket, bucketPoints] : buckets) {
        const QColor colour =
            bucket < 0 ? greyColour() : mapColour(static_cast<double>(bucket) / kSteps);
        if (!stamp) {
            painter.setPen(QPen(colour, kDotSize, Qt::SolidLine, Qt::RoundCap));
            painter.drawPoints(bucketPoints.data(), static_cast<int>(bucketPoints.size()));
            continue;
        }
        // Stamping a pre-drawn dot is many times faster than stroking 10k round points; the
        // corner snaps to a device pixel, so every copy is the same crisp dot.
        const QImage sprite = dotSprite(colour, ratio);
        const qreal half = sprite.width() / ratio / 2;
        for (const QPointF& p : bucketPoints) {
            const QPointF corner = p + offset - QPointF(half, half);
            painter.drawImage(QPointF(std::round(corner.x() * ratio) / ratio,
                                      std::round(corner.y() * ratio) / ratio),
                              sprite);
        }
    }
    painter.restore();
}

int64_t nearestPoint(const std::vector<QPointF>& points, QPointF pos, qreal radius) {
    int64_t best = -1;
    qreal bestDistance = radius * radius;
    for (size_t i = 0; i < points.size(); ++i) {
        const QPointF d = points[i] - pos;
        const qreal distance = d.x() * d.x() + d.y() * d.y();
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = static_cast<int64_t>(i);
        }
    }
    return best;
}

}  // namespace loupe::widgets::shap_plot
