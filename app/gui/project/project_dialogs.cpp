#include "app/gui/project/project_dialogs.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>

namespace loupe::gui {
namespace {

const char* const kProjectFilter = QT_TRANSLATE_NOOP("ProjectDialogs", "Loupe projects (*.loupe)");

QString projectFilter() { return QCoreApplication::translate("ProjectDialogs", kProjectFilter); }

}  // namespace

ProjectDialogs ProjectDialogs::standard(QWidget* parent) {
    QPointer<QWidget> owner(parent);
    ProjectDialogs d;
    d.askToSave = [owner](const QString& name) {
        QMessageBox box(QMessageBox::Warning, QObject::tr("Unsaved changes"),
                        QObject::tr("Save the changes to %1?").arg(name),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, owner);
        box.setInformativeText(QObject::tr("Your changes are lost if you don't save them."));
        box.setDefaultButton(QMessageBox::Save);
        switch (box.exec()) {
            case QMessageBox::Save:
                return SaveAnswer::Save;
            case QMessageBox::Discard:
                return SaveAnswer::Discard;
            default:
                return SaveAnswer::Cancel;
        }
    };
    d.askToRecover = [owner](const QString& name, const QDateTime& saved) {
        QMessageBox box(QMessageBox::Question, QObject::tr("Restore unsaved work"),
                        QObject::tr("Restore unsaved work from %1?")
                            .arg(QLocale().toString(saved, QLocale::ShortFormat)),
                        QMessageBox::NoButton, owner);
        box.setInformativeText(
            QObject::tr("Loupe closed without saving %1. Discarding deletes the autosaved copy.")
                .arg(name));
        QPushButton* restore = box.addButton(QObject::tr("Restore"), QMessageBox::AcceptRole);
        box.addButton(QObject::tr("Discard"), QMessageBox::DestructiveRole);
        box.setDefaultButton(restore);
        box.exec();
        return box.clickedButton() == restore;
    };
    d.chooseProjectToOpen = [owner](const QString& folder) {
        return QFileDialog::getOpenFileName(owner, QObject::tr("Open a project"), folder,
                                            projectFilter());
    };
    d.chooseSaveFile = [owner](const QString& suggested) {
        QString file = QFileDialog::getSaveFileName(owner, QObject::tr("Save the project"),
                                                    suggested, projectFilter());
        if (!file.isEmpty() && QFileInfo(file).suffix().isEmpty()) file += QStringLiteral(".loupe");
        return file;
    };
    d.locateDataset = [owner](const QString& missing) {
        const auto answer = QMessageBox::warning(
            owner, QObject::tr("Dataset not found"),
            QObject::tr("The project's dataset %1 was not found. Locate it?").arg(missing),
            QMessageBox::Open | QMessageBox::Ignore, QMessageBox::Open);
        if (answer != QMessageBox::Open) return QString();
        return QFileDialog::getOpenFileName(
            owner, QObject::tr("Locate %1").arg(QFileInfo(missing).fileName()),
            QFileInfo(missing).absolutePath(),
            QObject::tr("Datasets (*.csv *.tsv *.txt *.h5 *.hdf5 *.he5);;All files (*)"));
    };
    return d;
}

}  // namespace loupe::gui
