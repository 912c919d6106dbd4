#pragma once
// ExplainSettings: the Explain view's form. Method (with what "auto" resolves to for the model),
// the class whose probability is explained, which rows, the background, samples and seed.

#include <QWidget>
#include <memory>

#include "core/explain/explain_request.h"
#include "core/train/experiment.h"

class QComboBox;
class QLabel;
class QSpinBox;

namespace loupe::widgets {

/// The settings of an explanation; request() reads them.
class ExplainSettings : public QWidget {
    Q_OBJECT
public:
    /// Settings with the defaults of explain::ExplainRequest.
    explicit ExplainSettings(QWidget* parent = nullptr);

    /// Fills the class list, the split sizes and what "auto" means for `run`'s model (null: none).
    void setRun(const std::shared_ptr<const train::ExperimentResult>& run);
    /// The request the form describes (rows: the chosen set).
    explain::ExplainRequest request() const;

    QComboBox* methodCombo() const { return m_method; }
    QComboBox* classCombo() const { return m_class; }
    QComboBox* rowsCombo() const { return m_rows; }
    QComboBox* backgroundCombo() const { return m_background; }
    QSpinBox* backgroundSizeSpin() const { return m_backgroundSize; }
    QSpinBox* samplesSpin() const { return m_samples; }
    QSpinBox* seedSpin() const { return m_seed; }

private:
    void refreshSamples();

    QComboBox *m_method, *m_class, *m_rows, *m_background;
    QSpinBox *m_backgroundSize, *m_samples, *m_maxRows, *m_seed;
    QLabel* m_note;
    explain::ShapMethod m_autoMethod = explain::ShapMethod::Exact;
};

}  // namespace loupe::widgets
