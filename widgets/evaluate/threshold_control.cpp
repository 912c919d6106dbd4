#include "widgets/evaluate/threshold_control.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
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
    m_value->setMinimumWidth(m_value->fontMetrics().horizontalAdvance(QStringLiteral("0.000 ")));
    m_scores->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Threshold"), this));
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_value);
    layout->addWidget(m_scores);
    m_value->setText(QString::number(threshold(), 'f', 3));
    connect(m_slider, &QSlider::valueChanged, this, [this] {
        m_value->setText(QString::number(threshold(), 'f', 3));
        emit thresholdChanged(threshold());
    });
}

double ThresholdControl::threshold() const {
    return static_cast<double>(m_slider->value()) / kSteps;
}

void ThresholdControl::setThreshold(double threshold) {
    m_slider->setValue(static_cast<int>(std::lround(std::clamp(threshold, 0.0, 1.0) * kSteps)));
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
