#include "app/gui/message_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace loupe::gui {

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("messageBanner"));
    setStyleSheet(
        QStringLiteral("#messageBanner { background: #fde2e1; border: 1px solid #e8a19c;"
                       " border-radius: 4px; } #messageBanner QLabel { color: #7a1712; }"));
    m_label = new QLabel;
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton;
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBanner::showError(const QString& message) {
    m_label->setText(message);
    show();
}

QString MessageBanner::text() const { return m_label->text(); }

}  // namespace loupe::gui
