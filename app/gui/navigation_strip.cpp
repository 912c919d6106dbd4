#include "app/gui/navigation_strip.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace loupe::gui {
namespace {

const char* const kViewNames[kViewCount] = {"data",    "quality",   "train",   "evaluate",
                                            "explain", "structure", "compress", "runs"};

}  // namespace

QString viewName(View view) { return QLatin1String(kViewNames[static_cast<int>(view)]); }

bool viewFromName(const QString& name, View* view) {
    for (int i = 0; i < kViewCount; ++i) {
        if (name != QLatin1String(kViewNames[i])) continue;
        *view = static_cast<View>(i);
        return true;
    }
    return false;
}

NavigationStrip::NavigationStrip(QWidget* parent)
    : QWidget(parent), m_group(new QButtonGroup(this)) {
    const QString names[kViewCount] = {tr("Data"),     tr("Quality"), tr("Train"),
                                       tr("Evaluate"), tr("Explain"), tr("Structure"),
                                       tr("Compress"),  tr("Runs")};
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(2);
    for (int i = 0; i < kViewCount; ++i) {
        if (i > 0 && i <= static_cast<int>(View::Evaluate)) {
            auto* arrow = new QLabel(QStringLiteral("→"));
            arrow->setEnabled(false);
            layout->addWidget(arrow);
        }
        if (i == static_cast<int>(View::Explain) || i == static_cast<int>(View::Runs))
            layout->addSpacing(18);
        auto* button = new QToolButton;
        button->setText(names[i]);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setMinimumWidth(84);
        QFont font = button->font();
        font.setPointSizeF(font.pointSizeF() * 1.1);
        button->setFont(font);
        m_group->addButton(button, i);
        m_buttons[static_cast<size_t>(i)] = button;
        layout->addWidget(button);
    }
    layout->addStretch(1);
    m_group->setExclusive(true);
    connect(m_group, &QButtonGroup::idClicked, this,
            [this](int id) { emit viewRequested(static_cast<View>(id)); });
}

void NavigationStrip::setViewEnabled(View view, bool enabled, const QString& why) {
    QToolButton* b = button(view);
    b->setEnabled(enabled);
    b->setToolTip(enabled ? QString() : why);
}

void NavigationStrip::setCurrent(View view) { button(view)->setChecked(true); }

}  // namespace loupe::gui
