#include "widgets/data/subset_chip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>

namespace loupe::widgets {

SubsetChip::SubsetChip(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("subsetChip"));
    setStyleSheet(
        QStringLiteral("#subsetChip { background: #dbe8f7; border: 1px solid #9cbbe0;"
                       " border-radius: 10px; }"));
    m_label = new QLabel;
    auto* clear = new QToolButton;
    clear->setText(QStringLiteral("✕"));
    clear->setAutoRaise(true);
    clear->setToolTip(tr("Show all rows"));
    clear->setAccessibleName(tr("Clear row subset"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 2, 0);
    layout->setSpacing(2);
    layout->addWidget(m_label);
    layout->addWidget(clear);
    connect(clear, &QToolButton::clicked, this, &SubsetChip::cleared);
}

void SubsetChip::setSubset(qint64 count, const QString& description) {
    m_label->setText(tr("showing %1 rows: %2").arg(QLocale().toString(count), description));
}

QString SubsetChip::text() const { return m_label->text(); }

}  // namespace loupe::widgets
