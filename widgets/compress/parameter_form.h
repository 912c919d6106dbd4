#pragma once
// ParameterForm: one editor per parameter of a compression plugin, drawn from its metadata: spin
// boxes bounded by min/max for int and float, a combo box for a choice, a check box for a bool, a
// line edit for a string; each starts at its default and carries the parameter's help as tooltip.

#include <QWidget>
#include <nlohmann/json.hpp>
#include <vector>

#include "plugins/api/plugin_metadata.h"

class QFormLayout;

namespace loupe::widgets {

/// The editors of one plugin's parameters.
class ParameterForm : public QWidget {
    Q_OBJECT
public:
    /// An empty form.
    explicit ParameterForm(QWidget* parent = nullptr);

    /// Replaces the editors with one per spec, each at its default.
    void setParameters(const std::vector<plugins::ParameterSpec>& specs);
    /// The values as typed JSON, name -> value (what PluginMetadata::resolve takes).
    nlohmann::json values() const;
    /// The editor of parameter `name`, or nullptr.
    QWidget* editor(const QString& name) const;

private:
    QFormLayout* m_layout;
    std::vector<plugins::ParameterSpec> m_specs;
    std::vector<QWidget*> m_editors;  ///< parallel to m_specs
};

}  // namespace loupe::widgets
