#pragma once
// ShapPlot: the SHAP plots drawn with QPainter onto any paint device: a widget, an image (PNG) or
// an SVG generator. QtGui only, so loupe-cli writes the same SVGs the Explain view shows.
//   Summary    beeswarm: one row per feature (largest mean |SHAP| first), a point per explained row
//              at its SHAP value, coloured by the feature's value (blue low .. red high, grey
//              missing or categorical) with a colour bar.
//   Bar        mean |SHAP| per feature.
//   Force      one row: from the base value to f(x); red pushes up, blue pushes down, each labelled
//              "feature = value".
//   Waterfall  one row: the same, one bar per feature from E[f(x)] down to f(x).
//   Dependence a feature's value against its SHAP value, coloured by its strongest interaction.

#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QString>
#include <cstdint>
#include <memory>

#include "core/explain/shap_summary.h"

class QPainter;

namespace loupe::widgets {

/// One SHAP plot of one explanation.
class ShapPlot {
public:
    enum class Kind { Summary, Bar, Force, Waterfall, Dependence };

    ShapPlot() = default;
    ShapPlot(std::shared_ptr<const explain::ShapExplanation> explanation, Kind kind);

    Kind kind() const { return m_kind; }
    const std::shared_ptr<const explain::ShapExplanation>& explanation() const { return m_data; }
    /// Force and waterfall: the explained row shown, an index into ShapResult::rows.
    void setRowIndex(int64_t index) { m_row = index; }
    int64_t rowIndex() const { return m_row; }
    /// Dependence: the feature on the x axis (ShapResult::features index); the colour feature is
    /// explain::strongestInteraction's unless setColourFeature() chose one (-1: automatic).
    void setFeature(int64_t feature) { m_feature = feature; }
    int64_t feature() const { return m_feature; }
    void setColourFeature(int64_t feature) { m_colourFeature = feature; }
    /// Summary, bar and waterfall show at most this many features; the rest are summed into one
    /// "N other features" entry (waterfall, bar) or left out (summary).
    void setMaxFeatures(int count) { m_maxFeatures = count; }
    int maxFeatures() const { return m_maxFeatures; }

    /// A size at which every label is readable (grows with the features shown).
    QSize preferredSize() const;
    /// Draws the plot filling `rect` (white background, title, axes, legend or colour bar).
    void paint(QPainter& painter, const QRectF& rect) const;
    /// What hovering at `pos` shows (feature, value, SHAP value, row), or an empty string.
    QString toolTipAt(const QRectF& rect, QPointF pos) const;
    /// The explained row under `pos` (an index into ShapResult::rows), or -1. Summary and
    /// dependence points only.
    int64_t rowIndexAt(const QRectF& rect, QPointF pos) const;

private:
    std::shared_ptr<const explain::ShapExplanation> m_data;
    Kind m_kind = Kind::Summary;
    int64_t m_row = 0;
    int64_t m_feature = 0;
    int64_t m_colourFeature = -1;
    int m_maxFeatures = 20;
};

/// Writes `plot` at `size` to `path`: SVG when the name ends in .svg (any case, vector text and
/// shapes), PNG otherwise. Through QSaveFile; on failure false and, when given, `error` says why.
/// Needs a QGuiApplication (loupe-cli makes an offscreen one).
bool writeShapPlot(const ShapPlot& plot, const QString& path, QSize size = {},
                   QString* error = nullptr);

}  // namespace loupe::widgets
