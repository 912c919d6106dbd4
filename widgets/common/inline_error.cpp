#include "widgets/common/inline_error.h"

#include <QLabel>

namespace loupe::widgets {

QLabel* makeInlineError() {
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(
        QStringLiteral("QLabel { color: #8a1c1c; background: #fdecea; border: 1px solid #f5c2c0; "
                       "border-radius: 3px; padding: 6px; }"));
    label->hide();
    return label;
}

}  // namespace loupe::widgets
