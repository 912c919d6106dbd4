#include "widgets/compress/parameter_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <cmath>
#include <limits>

namespace loupe::widgets {
namespace {

using Type = plugins::ParameterSpec::Type;

/// Enough decimals to show the default and the bounds as the metadata writes them (99.99, 0.8).
int decimalsFor(const plugins::ParameterSpec& spec) {
    int decimals = 2;
    for (const std::optional<double>& v :
         {std::optional<double>(spec.defaultValue.is_number() ? spec.defaultValue.get<double>()
                                                              : 0.0),
          spec.min, spec.max}) {
        if (!v) continue;
        for (int d = decimals; d <= 6; ++d) {
            const double scaled = *v * std::pow(10.0, d);
            if (std::abs(scaled - std::round(scaled)) < 1e-6) break;
            decimals = d + 1;
        }
    }
    return std::min(decimals, 6);
}

QWidget* makeEditor(const plugins::ParameterSpec& spec) {
    switch (spec.type) {
        case Type::Int: {
            auto* box = new QSpinBox;
            constexpr double kMax = std::numeric_limits<int>::max();
            box->setRange(static_cast<int>(std::max(-kMax, spec.min.value_or(-kMax))),
                          static_cast<int>(std::min(kMax, spec.max.value_or(kMax))));
            box->setValue(spec.defaultValue.get<int>());
            return box;
        }
        case Type::Float: {
            auto* box = new QDoubleSpinBox;
            box->setDecimals(decimalsFor(spec));
            box->setRange(spec.min.value_or(-1e12), spec.max.value_or(1e12));
            const double span = box->maximum() - box->minimum();
            box->setSingleStep(span <= 1.0 ? 0.05 : span <= 100.0 ? 1.0 : 10.0);
            box->setValue(spec.defaultValue.get<double>());
            return box;
        }
        case Type::Choice: {
            auto* box = new QComboBox;
            for (const std::string& choice : spec.choices)
                box->addItem(QString::fromStdString(choice));
            box->setCurrentText(QString::fromStdString(spec.defaultValue.get<std::string>()));
            return box;
        }
        case Type::Bool: {
            auto* box = new QCheckBox;
            box->setChecked(spec.defaultValue.get<bool>());
            return box;
        }
        case Type::String:
            return new QLineEdit(QString::fromStdString(spec.defaultValue.get<std::string>()));
    }
    return new QLineEdit;
}

}  // namespace

ParameterForm::ParameterForm(QWidget* parent) : QWidget(parent), m_layout(new QFormLayout(this)) {
    m_layout->setContentsMargins(0, 0, 0, 0);
}

void ParameterForm::setParameters(const std::vector<plugins::ParameterSpec>& specs) {
    while (m_layout->rowCount() > 0) m_layout->removeRow(0);
    m_specs = specs;
    m_editors.clear();
    for (const plugins::ParameterSpec& spec : m_specs) {
        QWidget* editor = makeEditor(spec);
        const QString name = QString::fromStdString(spec.name);
        editor->setObjectName(name);
        editor->setToolTip(QString::fromStdString(spec.help + "\nAllowed: " + spec.allowed()));
        auto* label = new QLabel(name);
        label->setToolTip(editor->toolTip());
        m_layout->addRow(label, editor);
        m_editors.push_back(editor);
    }
    if (m_specs.empty()) m_layout->addRow(new QLabel(tr("This plugin takes no parameters.")));
}

nlohmann::json ParameterForm::values() const {
    nlohmann::json values = nlohmann::json::object();
    for (size_t i = 0; i < m_specs.size(); ++i) {
        const plugins::ParameterSpec& spec = m_specs[i];
        QWidget* e = m_editors[i];
        switch (spec.type) {
            case Type::Int:
                values[spec.name] = static_cast<QSpinBox*>(e)->value();
                break;
            case Type::Float:
                values[spec.name] = static_cast<QDoubleSpinBox*>(e)->value();
                break;
            case Type::Choice:
                values[spec.name] = static_cast<QComboBox*>(e)->currentText().toStdString();
                break;
            case Type::Bool:
                values[spec.name] = static_cast<QCheckBox*>(e)->isChecked();
                break;
            case Type::String:
                values[spec.name] = static_cast<QLineEdit*>(e)->text().toStdString();
                break;
        }
    }
    return values;
}

QWidget* ParameterForm::editor(const QString& name) const {
    for (size_t i = 0; i < m_specs.size(); ++i)
        if (QString::fromStdString(m_specs[i].name) == name) return m_editors[i];
    return nullptr;
}

}  // namespace loupe::widgets
