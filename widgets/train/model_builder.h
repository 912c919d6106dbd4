#pragma once
// The model half of the Training panel: logistic/linear regression or an MLP whose Dense layers
// are added, removed and reordered, each with its units, activation and dropout.

#include <QWidget>
#include <cstdint>
#include <vector>

#include "core/device/device.h"
#include "core/nn/model.h"

class QComboBox;
class QPushButton;
class QTableWidget;

namespace loupe::widgets {

/// One hidden Dense layer as the builder shows it.
struct DenseLayerRow {
    int64_t units = 32;
    device::Activation activation = device::Activation::ReLU;
    float dropout = 0.0f;
};

/// Edits an nn::ModelSpec; see the file comment.
class ModelBuilder : public QWidget {
    Q_OBJECT
public:
    /// The CLI's default model: an MLP with ReLU layers of 64 and 32 units.
    explicit ModelBuilder(QWidget* parent = nullptr);

    /// The spec shown: per-layer activations and dropouts, no hidden layers for regression.
    nn::ModelSpec spec() const;
    /// Shows `spec` (an empty hidden list selects logistic regression).
    void setSpec(const nn::ModelSpec& spec);
    /// The hidden layers listed (kept while logistic regression is chosen).
    const std::vector<DenseLayerRow>& layers() const { return m_layers; }
    /// True when the MLP is chosen.
    bool isMlp() const;
    /// Chooses the MLP (true) or logistic/linear regression (false).
    void setMlp(bool mlp);

    /// Adds a layer after the selected one (or at the end), copying its width.
    void addLayer();
    /// Removes the selected layer.
    void removeLayer();
    /// Moves the selected layer up (-1) or down (+1).
    void moveLayer(int by);
    /// Selects layer `index`.
    void selectLayer(int index);
    /// The table of layers (rows are layers).
    QTableWidget* table() const { return m_table; }

    /// Range of a layer's units.
    static constexpr int kMaxUnits = 65536;

signals:
    /// Any edit.
    void changed();

private:
    void rebuildTable();
    void updateButtons();
    int selected() const;

    QComboBox* m_kind;
    QTableWidget* m_table;
    QPushButton *m_add, *m_remove, *m_up, *m_down;
    std::vector<DenseLayerRow> m_layers;
};

}  // namespace loupe::widgets
