#include "app/gui/welcome_page.h"

#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace loupe::gui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
    auto* title = new QLabel(tr("Loupe"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    title->setFont(big);
    auto* intro =
        new QLabel(tr("Open a dataset (CSV or HDF5), choose the column to predict, train a "
                      "model and read how well it does; save it all as a project (*.loupe). You "
                      "can also drop a file or a project on this window."));
    intro->setWordWrap(true);

    auto* sample = new QPushButton(tr("Open the sample project"));
    sample->setToolTip(
        tr("Breast cancer diagnosis (569 rows, 30 measurements), target: diagnosis, the default "
           "model. It opens as an untitled copy: saving asks where."));
    sample->setDefault(true);
    auto* open = new QPushButton(tr("Open a dataset…"));
    m_recent = new QListWidget;
    m_recent->setMaximumHeight(180);
    m_recent->setTextElideMode(Qt::ElideMiddle);
    m_recent->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(intro);
    column->addSpacing(16);
    column->addWidget(sample);
    column->addWidget(open);
    column->addSpacing(16);
    column->addWidget(new QLabel(tr("Recent")));
    column->addWidget(m_recent);

    auto* box = new QWidget;
    box->setFixedWidth(560);
    box->setLayout(column);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(box, 0, Qt::AlignHCenter);
    layout->addStretch(2);

    connect(sample, &QPushButton::clicked, this, &WelcomePage::sampleRequested);
    connect(open, &QPushButton::clicked, this, &WelcomePage::openRequested);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit recentRequested(item->data(Qt::UserRole).toString());
    });
}

void WelcomePage::setRecentFiles(const QStringList& files) {
    m_recent->clear();
    for (const QString& file : files) {
        auto* item =
            new QListWidgetItem(QFileInfo(file).fileName() + QStringLiteral("  —  ") + file);
        item->setData(Qt::UserRole, file);
        item->setToolTip(file);
        m_recent->addItem(item);
    }
    m_recent->setVisible(!files.isEmpty());
}

}  // namespace loupe::gui
