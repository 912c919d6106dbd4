#pragma once
// The Train view's "Class imbalance" group: resampling of the training rows (none, random over-
// or under-sampling, SMOTE with k neighbours), class weights (none or "balanced") and a chart of
// the training rows per class before and after resampling.

#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "core/data/resample.h"
#include "core/train/experiment.h"

class QComboBox;
class QLabel;
class QSpinBox;

namespace loupe::widgets {

class ClassBalanceChart;

/// Edits ExperimentRequest::resample, smoteK and balancedClassWeights; see the file comment.
class ImbalanceSettings : public QWidget {
    Q_OBJECT
public:
    /// No resampling, no class weights.
    explicit ImbalanceSettings(QWidget* parent = nullptr);

    /// Writes the settings shown into `request` (resample, smoteK, balancedClassWeights).
    void apply(train::ExperimentRequest& request) const;
    /// Shows the imbalance settings of `request`.
    void setFrom(const train::ExperimentRequest& request);
    /// The resampling chosen.
    data::Resampling method() const;
    /// Chooses a resampling.
    void setMethod(data::Resampling method);
    /// SMOTE's neighbours.
    int64_t smoteK() const;
    /// True when "balanced" class weights are chosen.
    bool balanced() const;

    /// The training rows per class of `classes` (before resampling); the chart adds the counts
    /// after the chosen resampling.
    void setTrainingCounts(const QStringList& classes, std::vector<int64_t> counts);
    /// No counts to show, saying why (`note`).
    void clearCounts(const QString& note);

    /// The resampling chooser, SMOTE's k and the class-weight chooser.
    QComboBox* methodBox() const { return m_method; }
    QSpinBox* kBox() const { return m_k; }
    QComboBox* weightBox() const { return m_weights; }
    /// The before/after chart.
    ClassBalanceChart* chart() const { return m_chart; }

signals:
    /// Any edit.
    void changed();

private:
    void refreshChart();

    QComboBox *m_method, *m_weights;
    QSpinBox* m_k;
    QLabel* m_kLabel;
    ClassBalanceChart* m_chart;
    QStringList m_classes;
    std::vector<int64_t> m_counts;
};

}  // namespace loupe::widgets
