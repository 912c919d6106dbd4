#pragma once
// NavigationStrip: the row of views along the top, in the order work flows: Data → Quality →
// Train → Evaluate, then Explain, Structure and Compress, and the Runs of the project.

#include <QWidget>
#include <array>

class QButtonGroup;
class QToolButton;

namespace loupe::gui {

/// The views of the workbench, in strip order.
enum class View { Data, Quality, Train, Evaluate, Explain, Structure, Compress, Runs };
inline constexpr int kViewCount = 8;

/// "data", "quality", "train", "evaluate", "explain", "structure", "compress" or "runs".
QString viewName(View view);
/// The view called `name` (as viewName() spells it); false when there is none.
bool viewFromName(const QString& name, View* view);

/// Checkable buttons, one per view; a view without a page is disabled with a tooltip.
class NavigationStrip : public QWidget {
    Q_OBJECT
public:
    explicit NavigationStrip(QWidget* parent = nullptr);
    /// Enables a view's button, or disables it saying why.
    void setViewEnabled(View view, bool enabled, const QString& why = {});
    /// Checks the button of `view` (no signal).
    void setCurrent(View view);
    /// The button of `view`.
    QToolButton* button(View view) const { return m_buttons[static_cast<size_t>(view)]; }

signals:
    /// A view's button was clicked.
    void viewRequested(loupe::gui::View view);

private:
    std::array<QToolButton*, kViewCount> m_buttons{};
    QButtonGroup* m_group;
};

}  // namespace loupe::gui
