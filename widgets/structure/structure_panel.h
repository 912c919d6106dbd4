#pragma once
// The Structure view: the model as a graph (StructureView), the selected layer's weights and
// biases (LayerStatsPanel), and a comparison with a compressed version: both graphs, one above
// the other, and a per-layer table (parameters, nonzeros, sparsity, bytes, the change). It reads
// no file: "Compare with model file…" emits compareRequested() and the app answers with
// setComparison().

#include <QString>
#include <QWidget>
#include <memory>

#include "core/nn/model_summary.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace loupe::widgets {

class LayerStatsPanel;
class StructureView;

/// The Structure panel; see the file comment.
class StructurePanel : public QWidget {
    Q_OBJECT
public:
    /// A panel saying "Train a model first".
    explicit StructurePanel(QWidget* parent = nullptr);

    /// Shows `model` (null: none) named `name`; a comparison shown before is dropped.
    void setModel(std::shared_ptr<const nn::ModelSummary> model, const QString& name);
    /// Shows `compressed`, named `name`, under the model with the per-layer table. Ignored
    /// without a model.
    void setComparison(std::shared_ptr<const nn::ModelSummary> compressed, const QString& name);
    /// Back to the model alone.
    void clearComparison();
    /// Shows `message` inline (e.g. a model file that could not be read).
    void showError(const QString& message);

    const std::shared_ptr<const nn::ModelSummary>& model() const { return m_model; }
    const std::shared_ptr<const nn::ModelSummary>& compressed() const { return m_compressed; }
    StructureView* view() const { return m_view; }
    LayerStatsPanel* statsPanel() const { return m_stats; }
    /// One row per layer with parameters, then the total (visible while comparing).
    QTableWidget* comparisonTable() const { return m_table; }
    QPushButton* compareButton() const { return m_compareButton; }
    QPushButton* clearButton() const { return m_clearButton; }
    QLabel* errorLabel() const { return m_error; }

signals:
    /// "Compare with model file…" was pressed: the app asks for a file and calls setComparison.
    void compareRequested();

private:
    void rebuild();
    void showSelection(int node);
    void fillTable();

    std::shared_ptr<const nn::ModelSummary> m_model, m_compressed;
    QString m_name, m_compressedName;
    StructureView* m_view;
    LayerStatsPanel* m_stats;
    QTableWidget* m_table;
    QPushButton *m_fitButton, *m_compareButton, *m_clearButton;
    QLabel* m_error;
};

}  // namespace loupe::widgets
