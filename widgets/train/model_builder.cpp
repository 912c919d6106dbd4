#include "widgets/train/model_builder.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace loupe::widgets {
namespace {

using device::Activation;

const std::pair<Activation, const char*> kActivations[] = {{Activation::ReLU, "ReLU"},
                                                           {Activation::Tanh, "tanh"},
                                                           {Activation::Sigmoid, "sigmoid"},
                                                           {Activation::GELU, "GELU"}};

enum Column { kUnits, kActivation, kDropout, kColumns };

}  // namespace

ModelBuilder::ModelBuilder(QWidget* parent) : QWidget(parent) {
    m_kind = new QComboBox;
    m_kind->addItem(tr("Neural network (MLP)"));
    m_kind->addItem(tr("Logistic / linear regression"));
    m_kind->setToolTip(
        tr("Logistic regression has no hidden layers (linear regression for a "
           "numeric target)"));

    m_table = new QTableWidget(0, kColumns);
    m_table->setHorizontalHeaderLabels({tr("Units"), tr("Activation"), tr("Dropout")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setMinimumHeight(120);

    m_add = new QPushButton(tr("Add layer"));
    m_remove = new QPushButton(tr("Remove"));
    m_up = new QPushButton(tr("Up"));
    m_down = new QPushButton(tr("Down"));
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_add, m_remove, m_up, m_down}) buttons->addWidget(b);
    buttons->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_kind);
    layout->addWidget(new QLabel(tr("Hidden layers (input → … → output)")));
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        updateButtons();
        emit changed();
    });
    connect(m_add, &QPushButton::clicked, this, &ModelBuilder::addLayer);
    connect(m_remove, &QPushButton::clicked, this, &ModelBuilder::removeLayer);
    connect(m_up, &QPushButton::clicked, this, [this] { moveLayer(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveLayer(1); });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ModelBuilder::updateButtons);

    m_layers = {{64, Activation::ReLU, 0.0f}, {32, Activation::ReLU, 0.0f}};
    rebuildTable();
}

nn::ModelSpec ModelBuilder::spec() const {
    nn::ModelSpec spec;
    if (!isMlp()) return spec;
    for (const DenseLayerRow& layer : m_layers) {
        spec.hidden.push_back(layer.units);
        spec.activations.push_back(layer.activation);
        spec.dropouts.push_back(layer.dropout);
    }
    return spec;
}

void ModelBuilder::setSpec(const nn::ModelSpec& spec) {
    if (!spec.hidden.empty()) {
        m_layers.clear();
        for (size_t i = 0; i < spec.hidden.size(); ++i)
            m_layers.push_back({spec.hidden[i], spec.activationOf(i), spec.dropoutOf(i)});
        rebuildTable();
    }
    setMlp(!spec.hidden.empty());
    emit changed();
}

bool ModelBuilder::isMlp() const { return m_kind->currentIndex() == 0; }

void ModelBuilder::setMlp(bool mlp) { m_kind->setCurrentIndex(mlp ? 0 : 1); }

void ModelBuilder::addLayer() {
    const int at = selected();
    const size_t insert = at < 0 ? m_layers.size() : static_cast<size_t>(at) + 1;
    DenseLayerRow row;
    if (at >= 0)
        row = m_layers[static_cast<size_t>(at)];
    else if (!m_layers.empty())
        row = m_layers.back();
    m_layers.insert(m_layers.begin() + static_cast<std::ptrdiff_t>(insert), row);
    rebuildTable();
    selectLayer(static_cast<int>(insert));
    emit changed();
}

void ModelBuilder::removeLayer() {
    const int at = selected();
    if (at < 0) return;
    m_layers.erase(m_layers.begin() + at);
    rebuildTable();
    if (!m_layers.empty()) selectLayer(std::min(at, static_cast<int>(m_layers.size()) - 1));
    emit changed();
}

void ModelBuilder::moveLayer(int by) {
    const int at = selected();
    const int to = at + by;
    if (at < 0 || to < 0 || to >= static_cast<int>(m_layers.size())) return;
    std::swap(m_layers[static_cast<size_t>(at)], m_layers[static_cast<size_t>(to)]);
    rebuildTable();
    selectLayer(to);
    emit changed();
}

void ModelBuilder::selectLayer(int index) {
    m_table->setCurrentCell(index, 0);
    m_table->selectRow(index);
    updateButtons();
}

int ModelBuilder::selected() const {
    const QList<QTableWidgetSelectionRange> ranges = m_table->selectedRanges();
    return ranges.isEmpty() ? -1 : ranges.first().topRow();
}

void ModelBuilder::rebuildTable() {
    m_table->clearContents();
    m_table->setRowCount(static_cast<int>(m_layers.size()));
    for (int r = 0; r < m_table->rowCount(); ++r) {
        DenseLayerRow& layer = m_layers[static_cast<size_t>(r)];
        m_table->setVerticalHeaderItem(r, new QTableWidgetItem(tr("Dense %1").arg(r + 1)));
        auto* units = new QSpinBox;
        units->setRange(1, kMaxUnits);
        units->setValue(static_cast<int>(layer.units));
        units->setFrame(false);
        connect(units, &QSpinBox::valueChanged, this, [this, r](int v) {
            m_layers[static_cast<size_t>(r)].units = v;
            emit changed();
        });
        auto* activation = new QComboBox;
        activation->setFrame(false);
        for (const auto& [value, name] : kActivations) {
            activation->addItem(QString::fromLatin1(name), static_cast<int>(value));
            if (value == layer.activation) activation->setCurrentIndex(activation->count() - 1);
        }
        connect(activation, &QComboBox::currentIndexChanged, this, [this, r, activation] {
            m_layers[static_cast<size_t>(r)].activation =
                static_cast<Activation>(activation->currentData().toInt());
            emit changed();
        });
        auto* dropout = new QDoubleSpinBox;
        dropout->setRange(0.0, 0.95);
        dropout->setSingleStep(0.05);
        dropout->setDecimals(2);
        dropout->setValue(layer.dropout);
        dropout->setFrame(false);
        connect(dropout, &QDoubleSpinBox::valueChanged, this, [this, r](double v) {
            m_layers[static_cast<size_t>(r)].dropout = static_cast<float>(v);
            emit changed();
        });
        m_table->setCellWidget(r, kUnits, units);
        m_table->setCellWidget(r, kActivation, activation);
        m_table->setCellWidget(r, kDropout, dropout);
    }
    updateButtons();
}

void ModelBuilder::updateButtons() {
    const bool mlp = isMlp();
    const int at = selected();
    m_table->setEnabled(mlp);
    m_add->setEnabled(mlp);
    m_remove->setEnabled(mlp && at >= 0);
    m_up->setEnabled(mlp && at > 0);
    m_down->setEnabled(mlp && at >= 0 && at + 1 < static_cast<int>(m_layers.size()));
}

}  // namespace loupe::widgets
