#include "widgets/explain/shap_plot.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets {

using namespace shap_plot;

namespace {

bool fail(QString* error, const QString& message) {
    if (error) *error = message;
    return false;
}

QString kindName(ShapPlot::Kind kind) {
    switch (kind) {
        case ShapPlot::Kind::Summary:
            return QStringLiteral("SHAP summary");
        case ShapPlot::Kind::Bar:
            return QStringLiteral("SHAP mean |value|");
        case ShapPlot::Kind::Force:
            return QStringLiteral("SHAP force");
        case ShapPlot::Kind::Waterfall:
            return QStringLiteral("SHAP waterfall");
        case ShapPlot::Kind::Dependence:
            return QStringLiteral("SHAP dependence");
    }
    return QString();
}

}  // namespace

ShapPlot::ShapPlot(std::shared_ptr<const explain::ShapExplanation> explanation, Kind kind)
    : m_data(std::move(explanation)), m_kind(kind) {}

QSize ShapPlot::preferredSize() const {
    if (!m_data) return QSize(640, 480);
    const PlotState state{*m_data, m_row, m_feature, m_colourFeature, m_maxFeatures};
    switch (m_kind) {
        case Kind::Summary:
            return summaryPreferredSize(state);
        case Kind::Bar:
            return barPreferredSize(state);
        case Kind::Force:
            return forcePreferredSize(state);
        case Kind::Waterfall:
            return waterfallPreferredSize(state);
        case Kind::Dependence:
            return dependencePreferredSize(state);
    }
    return QSize(640, 480);
}

void ShapPlot::paint(QPainter& painter, const QRectF& rect) const {
    painter.save();
    painter.fillRect(rect, Qt::white);
    painter.setClipRect(rect);
    if (!m_data) {
        painter.setPen(QColor(110, 110, 110));
        painter.setFont(plotFont(13));
        painter.drawText(rect, Qt::AlignCenter, QStringLiteral("No SHAP values to show"));
    } else {
        const PlotState state{*m_data, m_row, m_feature, m_colourFeature, m_maxFeatures};
        switch (m_kind) {
            case Kind::Summary:
                paintSummary(painter, rect, state);
                break;
            case Kind::Bar:
                paintBar(painter, rect, state);
                break;
            case Kind::Force:
                paintForce(painter, rect, state);
                break;
            case Kind::Waterfall:
                paintWaterfall(painter, rect, state);
                break;
            case Kind::Dependence:
                paintDependence(painter, rect, state);
                break;
        }
    }
    painter.restore();
}

QString ShapPlot::toolTipAt(const QRectF& rect, QPointF pos) const {
    if (!m_data) return QString();
    const explain::ShapExplanation& d = *m_data;
    const PlotState state{d, m_row, m_feature, m_colourFeature, m_maxFeatures};
    const QString output = outputName(d);
    switch (m_kind) {
        case Kind::Summary: {
            const Hit hit = summaryHit(rect, state, pos);
            if (hit.feature < 0) return QString();
            if (hit.row < 0)
                return featureName(d, hit.feature) + QStringLiteral("\nmean |SHAP value| ") +
                       formatValue(d.summary.meanAbs[static_cast<size_t>(hit.feature)]);
            return featureEquals(d, hit.row, hit.feature) + QStringLiteral("\nSHAP value ") +
                   formatSigned(d.shap.values(hit.row, hit.feature)) + QStringLiteral("\nrow ") +
                   QString::number(d.shap.rows[static_cast<size_t>(hit.row)]);
        }
        case Kind::Bar: {
            const Hit hit = barHit(rect, state, pos);
            if (hit.feature < 0) return QString();
            const auto& order = d.summary.order;
            const auto rank =
                std::find(order.begin(), order.end(), hit.feature) - order.begin() + 1;
            return featureName(d, hit.feature) + QStringLiteral("\nmean |SHAP value| ") +
                   formatValue(d.summary.meanAbs[static_cast<size_t>(hit.feature)]) +
                   QStringLiteral(" (rank %1 of %2)").arg(rank).arg(order.size());
        }
        case Kind::Force:
        case Kind::Waterfall: {
            const Hit hit =
                m_kind == Kind::Force ? forceHit(rect, state, pos) : waterfallHit(rect, state, pos);
            if (hit.row < 0 || hit.feature < 0) return QString();
            const double v = d.shap.values(hit.row, hit.feature);
            return featureEquals(d, hit.row, hit.feature) + QStringLiteral("\nSHAP value ") +
                   formatSigned(v) +
                   (v >= 0 ? QStringLiteral(": raises the ") : QStringLiteral(": lowers the ")) +
                   output;
        }
        case Kind::Dependence: {
            const Hit hit = dependenceHit(rect, state, pos);
            if (hit.row < 0) return QString();
            QString text = featureEquals(d, hit.row, hit.feature) +
                           QStringLiteral("\nSHAP value ") +
                           formatSigned(d.shap.values(hit.row, hit.feature));
            const int64_t colour = m_colourFeature >= 0
                                       ? m_colourFeature
                                       : explain::strongestInteraction(d, m_feature);
            if (colour >= 0) text += QLatin1Char('\n') + featureEquals(d, hit.row, colour);
            return text + QStringLiteral("\nrow ") +
                   QString::number(d.shap.rows[static_cast<size_t>(hit.row)]);
        }
    }
    return QString();
}

int64_t ShapPlot::rowIndexAt(const QRectF& rect, QPointF pos) const {
    if (!m_data) return -1;
    const PlotState state{*m_data, m_row, m_feature, m_colourFeature, m_maxFeatures};
    if (m_kind == Kind::Summary) return summaryHit(rect, state, pos).row;
    if (m_kind == Kind::Dependence) return dependenceHit(rect, state, pos).row;
    return -1;
}

bool writeShapPlot(const ShapPlot& plot, const QString& path, QSize size, QString* error) {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return fail(error, QStringLiteral("%1: drawing a plot needs a QGuiApplication").arg(path));
    if (size.isEmpty()) size = plot.preferredSize();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    const QRectF rect(QPointF(0, 0), size);
    if (QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(rect);
        svg.setResolution(96);  // so viewers show it at `size` pixels, as the PNG
        svg.setTitle(kindName(plot.kind()));
        if (plot.explanation())
            svg.setDescription(QStringLiteral("SHAP values of the ") +
                               outputName(*plot.explanation()));
        QPainter painter;
        if (!painter.begin(&svg))
            return fail(error, QStringLiteral("%1: cannot draw SVG").arg(path));
        plot.paint(painter, rect);
        painter.end();
    } else {
        QImage image(size, QImage::Format_RGB32);  // opaque: the plot paints its background
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::TextAntialiasing, true);
        plot.paint(painter, rect);
        painter.end();
        if (!image.save(&file, "PNG"))
            return fail(error, QStringLiteral("%1: cannot encode PNG").arg(path));
    }
    if (!file.commit()) return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    return true;
}

}  // namespace loupe::widgets
