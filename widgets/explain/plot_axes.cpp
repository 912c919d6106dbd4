// The drawing kit every SHAP plot shares: shap's colours, fonts, number text, ticks and axes,
// titles and the colour bar (the dots are in plot_dots.cpp).

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainter>
#include <algorithm>
#include <array>
#include <cmath>

#include "widgets/explain/shap_plot_parts.h"

namespace loupe::widgets::shap_plot {
namespace {

// shap.plots.colors.red_blue sampled at 11 points: shap interpolates from blue Lch(54, 70, 4.66)
// through L = 40 to red Lch(54, 90, 0.35 + 2 pi); these are its sRGB values at 0, 0.1, .. 1.
constexpr std::array<std::array<int, 3>, 11> kRedBlue = {{{0, 139, 251},
                                                          {0, 124, 245},
                                                          {38, 108, 234},
                                                          {100, 89, 218},
                                                          {133, 66, 197},
                                                          {157, 34, 172},
                                                          {185, 0, 160},
                                                          {212, 0, 144},
                                                          {233, 0, 124},
                                                          {248, 0, 103},
                                                          {255, 0, 81}}};

constexpr qreal kTickFont = 11, kLabelFont = 12, kTitleFont = 14;
constexpr qreal kTickLength = 4;
const QColor kAxisColour(51, 51, 51);
const QColor kMutedText(110, 110, 110);

}  // namespace

QColor redColour() { return QColor(255, 0, 81); }
QColor blueColour() { return QColor(0, 139, 251); }
QColor greyColour() { return QColor(119, 119, 119); }

QColor mapColour(double position) {
    if (std::isnan(position)) return greyColour();
    const double t = std::clamp(position, 0.0, 1.0) * 10.0;
    const auto i = std::min(static_cast<size_t>(t), kRedBlue.size() - 2);
    const double f = t - static_cast<double>(i);
    auto mix = [&](int c) {
        return static_cast<int>(
            std::lround(kRedBlue[i][c] + f * (kRedBlue[i + 1][c] - kRedBlue[i][c])));
    };
    return QColor(mix(0), mix(1), mix(2));
}

QFont plotFont(qreal pixels, bool bold) {
    QFont font;
    font.setPixelSize(static_cast<int>(pixels));
    font.setBold(bold);
    return font;
}

QString formatValue(double value, int significant) {
    if (std::isnan(value)) return QStringLiteral("missing");
    if (std::isinf(value)) return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (value == 0) return QStringLiteral("0");
    const double magnitude = std::abs(value);
    if (magnitude < 1e-4 || magnitude >= 1e7) return QString::number(value, 'g', significant);
    const int digits = static_cast<int>(std::floor(std::log10(magnitude)));
    const int decimals = std::clamp(significant - 1 - digits, 0, 8);
    QString text = QString::number(value, 'f', decimals);
    // "0.1200" -> "0.12", but 0.99998 stays "1.0000": a bare "1" would claim an exact value.
    if (text.contains(QLatin1Char('.')) && value != std::round(value)) {
        QString trimmed = text;
        while (trimmed.endsWith(QLatin1Char('0'))) trimmed.chop(1);
        if (!trimmed.endsWith(QLatin1Char('.'))) text = trimmed;
    } else if (text.contains(QLatin1Char('.'))) {
        text = text.left(text.indexOf(QLatin1Char('.')));  // a whole number: "25"
    }
    if (text == QLatin1String("-0")) text = QStringLiteral("0");
    return text;
}

QString formatSigned(double value) {
    const QString text = formatValue(value);
    return value > 0 && text != QLatin1String("0") ? QLatin1Char('+') + text : text;
}

QString valueText(const explain::ShapExplanation& data, int64_t row, int64_t feature) {
    const explain::ExplainedValues& v = data.values;
    if (row < 0 || row >= v.numeric.rows() || feature < 0 || feature >= v.numeric.cols())
        return QString();
    if (v.categorical[feature]) {
        const std::string& text = v.text[row][feature];
        return text.empty() ? QStringLiteral("missing") : QString::fromStdString(text);
    }
    return formatValue(v.numeric(row, feature), 4);
}

QString featureName(const explain::ShapExplanation& data, int64_t feature) {
    return QString::fromStdString(data.shap.features.at(static_cast<size_t>(feature)));
}

QString featureEquals(const explain::ShapExplanation& data, int64_t row, int64_t feature) {
    return featureName(data, feature) + QStringLiteral(" = ") + valueText(data, row, feature);
}

QString outputName(const explain::ShapExplanation& data) {
    return data.shap.output.empty() ? QStringLiteral("model output")
                                    : QString::fromStdString(data.shap.output);
}

Axis paddedAxis(double lo, double hi, double p0, double p1, double pad) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = hi = 0;
    if (hi - lo < 1e-12 * std::max(1.0, std::abs(lo))) {
        const double half = std::max(0.5 * std::abs(lo), 1e-3);
        lo -= half;
        hi += half;
    }
    const double margin = (hi - lo) * pad;
    return Axis{lo - margin, hi + margin, p0, p1};
}

std::vector<double> niceTicks(double lo, double hi, int count) {
    std::vector<double> ticks;
    if (!(hi > lo) || count < 1) return ticks;
    // The round step (1, 2, 2.5 or 5 times a power of ten) whose tick count is nearest `count`.
    const double raw = (hi - lo) / count;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power, best = INFINITY;
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        const double miss = std::abs(std::log(raw / (m * power)));
        if (miss < best) {
            best = miss;
            step = m * power;
        }
    }
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

QString tickText(double value, double step) {
    const double magnitude = std::max(std::abs(value), step);
    if (magnitude >= 1e7 || (step < 1e-4 && magnitude < 1e-3))
        return QString::number(value, 'g', 3);
    const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 8);
    // 2.5 * 10^k steps need one more decimal than the power suggests (0.25, 0.5, 0.75).
    const double scaled = step * std::pow(10.0, decimals);
    const int extra = std::abs(scaled - std::round(scaled)) > 1e-6 ? 1 : 0;
    QString text = QString::number(value, 'f', decimals + extra);
    if (text.startsWith(QLatin1Char('-')) && text.toDouble() == 0) text.remove(0, 1);
    return text;
}

qreal xAxisHeight() {
    const QFontMetricsF tick(plotFont(kTickFont)), label(plotFont(kLabelFont));
    return kTickLength + 2 + tick.height() + 6 + label.height();
}

qreal drawXAxis(QPainter& painter, const Axis& axis, qreal y, const QString& label, bool above) {
    painter.save();
    const double left = std::min(axis.p0, axis.p1), right = std::max(axis.p0, axis.p1);
    painter.setPen(QPen(kAxisColour, 1));
    painter.drawLine(QPointF(left, y), QPointF(right, y));
    const QFont tickFont = plotFont(kTickFont);
    const QFontMetricsF fm(tickFont);
    painter.setFont(tickFont);
    const int wanted = std::max(2, static_cast<int>((right - left) / 90));
    const std::vector<double> ticks = niceTicks(axis.lo, axis.hi, wanted);
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : std::abs(axis.hi - axis.lo);
    const qreal dir = above ? -1 : 1;
    qreal lastRight = -1e9;
    for (const double t : ticks) {
        const qreal x = axis.map(t);
        painter.drawLine(QPointF(x, y), QPointF(x, y + dir * kTickLength));
        const QString text = tickText(t, step);
        const qreal w = fm.horizontalAdvance(text);
        const qreal textLeft = std::clamp(x - w / 2, left - w / 2, right - w / 2);
        if (textLeft < lastRight + 6) continue;  // never let two tick labels touch
        lastRight = textLeft + w;
        const qreal baseline =
            above ? y - kTickLength - 2 - fm.descent() : y + kTickLength + 2 + fm.ascent();
        painter.drawText(QPointF(textLeft, baseline), text);
    }
    if (!label.isEmpty()) {
        const QFont labelFont = plotFont(kLabelFont);
        painter.setFont(labelFont);
        const QFontMetricsF lm(labelFont);
        const QString text = elided(labelFont, label, right - left + 80);
        const qreal w = lm.horizontalAdvance(text);
        const qreal offset = kTickLength + 2 + fm.height() + 6;
        const qreal baseline = above ? y - offset - lm.descent() : y + offset + lm.ascent();
        painter.drawText(QPointF((left + right) / 2 - w / 2, baseline), text);
    }
    painter.restore();
    return xAxisHeight();
}

qreal yTickWidth(const Axis& axis) {
    const QFontMetricsF fm(plotFont(kTickFont));
    const std::vector<double> ticks =
        niceTicks(std::min(axis.lo, axis.hi), std::max(axis.lo, axis.hi), 6);
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    qreal widest = 0;
    for (const double t : ticks) widest = std::max(widest, fm.horizontalAdvance(tickText(t, step)));
    return widest;
}

void drawYAxis(QPainter& painter, const Axis& axis, qreal x, qreal labelLeft,
               const QString& label) {
    painter.save();
    const double top = std::min(axis.p0, axis.p1), bottom = std::max(axis.p0, axis.p1);
    painter.setPen(QPen(kAxisColour, 1));
    painter.drawLine(QPointF(x, top), QPointF(x, bottom));
    const QFont tickFont = plotFont(kTickFont);
    const QFontMetricsF fm(tickFont);
    painter.setFont(tickFont);
    const double lo = std::min(axis.lo, axis.hi), hi = std::max(axis.lo, axis.hi);
    const std::vector<double> ticks = niceTicks(lo, hi, 6);
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    for (const double t : ticks) {
        const qreal y = axis.map(t);
        painter.drawLine(QPointF(x - kTickLength, y), QPointF(x, y));
        const QString text = tickText(t, step);
        painter.drawText(QPointF(x - kTickLength - 3 - fm.horizontalAdvance(text),
                                 y + (fm.ascent() - fm.descent()) / 2),
                         text);
    }
    if (!label.isEmpty()) {
        const QFont labelFont = plotFont(kLabelFont);
        const QFontMetricsF lm(labelFont);
        painter.setFont(labelFont);
        const QString text = elided(labelFont, label, bottom - top);
        painter.translate(labelLeft + lm.ascent(),
                          (top + bottom) / 2 + lm.horizontalAdvance(text) / 2);
        painter.rotate(-90);
        painter.drawText(QPointF(0, 0), text);
    }
    painter.restore();
}

qreal titleHeight() {
    return QFontMetricsF(plotFont(kTitleFont, true)).height() +
           QFontMetricsF(plotFont(kTickFont)).height() + 14;
}

QRectF drawTitle(QPainter& painter, const QRectF& rect, const QString& title,
                 const QString& subtitle) {
    painter.save();
    const QFont titleFont = plotFont(kTitleFont, true), subFont = plotFont(kTickFont);
    const QFontMetricsF tm(titleFont), sm(subFont);
    const qreal width = rect.width() - 16;
    painter.setFont(titleFont);
    painter.setPen(QColor(20, 20, 20));
    const QString t = elided(titleFont, title, width);
    painter.drawText(
        QPointF(rect.center().x() - tm.horizontalAdvance(t) / 2, rect.top() + 6 + tm.ascent()), t);
    painter.setFont(subFont);
    painter.setPen(kMutedText);
    const QString s = elided(subFont, subtitle, width);
    painter.drawText(QPointF(rect.center().x() - sm.horizontalAdvance(s) / 2,
                             rect.top() + 6 + tm.height() + 2 + sm.ascent()),
                     s);
    painter.restore();
    return rect.adjusted(0, titleHeight(), 0, 0);
}

qreal colourBarWidth() {
    const QFontMetricsF fm(plotFont(kTickFont)), lm(plotFont(kLabelFont));
    return 10 + 12 + 6 + std::max(fm.horizontalAdvance(QStringLiteral("High")), lm.height()) + 4;
}

void drawColourBar(QPainter& painter, const QRectF& bar, const QString& label, const QString& low,
                   const QString& high) {
    painter.save();
    QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
    for (size_t i = 0; i < kRedBlue.size(); ++i)
        gradient.setColorAt(static_cast<double>(i) / 10.0,
                            mapColour(static_cast<double>(i) / 10.0));
    painter.setPen(Qt::NoPen);
    painter.fillRect(bar, gradient);
    const QFont font = plotFont(kTickFont), labelFont = plotFont(kLabelFont);
    const QFontMetricsF fm(font), lm(labelFont);
    painter.setPen(kAxisColour);
    painter.setFont(font);
    const qreal textX = bar.right() + 4;
    painter.drawText(QPointF(textX, bar.top() + fm.ascent() - 2), high);
    painter.drawText(QPointF(textX, bar.bottom() - fm.descent() + 2), low);
    // The label reads upwards between the ends' texts, as matplotlib's colour bar label does.
    const qreal room = bar.height() - 2 * fm.height() - 8;
    const QString text = elided(labelFont, label, room);
    painter.setFont(labelFont);
    painter.translate(textX + lm.ascent() - 2, bar.center().y() + lm.horizontalAdvance(text) / 2);
    painter.rotate(-90);
    painter.drawText(QPointF(0, 0), text);
    painter.restore();
}

QString elided(const QFont& font, const QString& text, qreal width) {
    return QFontMetricsF(font).elidedText(text, Qt::ElideMiddle, std::max<qreal>(width, 0));
}

std::vector<int64_t> shownFeatures(const explain::ShapExplanation& data, int maxFeatures) {
    std::vector<int64_t> order = data.summary.order;
    if (maxFeatures > 0 && static_cast<int64_t>(order.size()) > maxFeatures)
        order.resize(static_cast<size_t>(maxFeatures));
    return order;
}

}  // namespace loupe::widgets::shap_plot
