#include "widgets/evaluate/threshold_control.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <algorithm>
#include <cmath>

namespace loupe::widgets {

namespace {
constexpr int kSteps = 1000;  // slider resolution: thresholds in steps of 0.001
}

ThresholdControl::ThresholdControl(QWidget* parent)
    : QWidget(parent),
      m_slider(new QSlider(Qt::Horizontal, this)),
      m_value(new QLabel(this)),
      m_scores(new QLabel(this)) {
    m_slider->setRange(0, kSteps);
    m_slider->setValue(kSteps / 2);
    m_slider->setPageStep(kSteps / 20);
    m_slider->setMinimumWidth(140);
    m_slider->setToolTip(
        tr("Decision threshold: a row is predicted positive when its probability "
           "is at least this"));
    m_value->setMinimumWidth(m_value->fontMetrics().horizontalAdvance(QStringLiteral("0.0000 ")));
    m_scores->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Threshold"), this));
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_value);
    layout->addWidget(m_scores);
    showValue();
    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        m_threshold = static_cast<double>(value) / kSteps;
        showValue();
        emit thresholdChanged(m_threshold);
    });
}

double ThresholdControl::threshold() const { return m_threshold; }

void ThresholdControl::setThreshold(double threshold) {
    if (std::isnan(threshold)) return;
    const double t =
        std::isinf(threshold) && threshold > 0 ? threshold : std::clamp(threshold, 0.0, 1.0);
    if (t == m_threshold) return;
    m_threshold = t;
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(static_cast<int>(std::lround(std::min(t, 1.0) * kSteps)));
    }
    showValue();
    emit thresholdChanged(m_threshold);
}

void ThresholdControl::showValue() {
    if (std::isinf(m_threshold)) {
        m_value->setText(QStringLiteral("∞"));
        m_value->setToolTip(tr("Above every score: no row is predicted positive"));
        return;
    }
    // Three decimals on the slider's steps; a tuned threshold between them shows four, so two
    // thresholds that classify differently do not read the same.
    const bool onStep = std::abs(m_threshold * kSteps - std::round(m_threshold * kSteps)) < 1e-9;
    m_value->setText(QString::number(m_threshold, 'f', onStep ? 3 : 4));
    m_value->setToolTip(QString::number(m_threshold, 'g', 17));
}

void ThresholdControl::setScores(const eval::ThresholdScores& scores) {
    m_scores->setText(tr("precision %1 · recall %2 · F1 %3 · accuracy %4")
                          .arg(scores.precision, 0, 'f', 3)
                          .arg(scores.recall, 0, 'f', 3)
                          .arg(scores.f1, 0, 'f', 3)
                          .arg(scores.accuracy, 0, 'f', 3));
}

QSlider* ThresholdControl::slider() const { return m_slider; }

}  // namespace loupe::widgets
