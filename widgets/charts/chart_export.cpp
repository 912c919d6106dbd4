#include "widgets/charts/chart_export.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>
#include <utility>

#include "widgets/charts/chart_view.h"

namespace loupe::widgets {

namespace {

bool fail(QString* error, const QString& message) {
    if (error) *error = message;
    return false;
}

}  // namespace

bool exportChart(QWidget* widget, const QString& path, QString* error) {
    if (!widget) return fail(error, QStringLiteral("nothing to export"));
    // Charts redraw on a timer and Qt Charts lays out on posted events; settle both first, so an
    // export right after a change shows the change (twice: a new layout can move the plot area).
    QList<ChartView*> charts = widget->findChildren<ChartView*>();
    if (auto* self = qobject_cast<ChartView*>(widget)) charts.append(self);
    for (int pass = 0; pass < 2; ++pass) {
        for (ChartView* chart : charts) chart->refreshNow();
        QCoreApplication::sendPostedEvents();
    }
    const QSize size = widget->size();
    if (size.isEmpty()) return fail(error, QStringLiteral("the chart has no size"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    if (QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(widget->windowTitle());
        QPainter painter;
        if (!painter.begin(&svg))
            return fail(error, QStringLiteral("%1: cannot draw SVG").arg(path));
        widget->render(&painter);
        painter.end();
    } else {
        // Rendered at the screen's pixel ratio so the PNG looks as sharp as the chart on screen.
        const qreal ratio = widget->devicePixelRatioF();
        QImage image(size * ratio, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(ratio);
        image.fill(widget->palette().color(QPalette::Window));
        widget->render(&image);
        if (!image.save(&file, "PNG"))
            return fail(error, QStringLiteral("%1: cannot encode PNG").arg(path));
    }
    if (!file.commit()) return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    return true;
}

void addExportActions(QMenu& menu, QWidget* target) {
    addExportActions(menu, target, [target](const QString& path, QString* error) {
        return exportChart(target, path, error);
    });
}

void addExportActions(QMenu& menu, QWidget* parent, ImageWriter write) {
    auto ask = [parent, write = std::move(write)](const QString& format, const QString& filter) {
        QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export as %1").arg(format),
                                                    QString(), filter);
        if (path.isEmpty()) return;
        if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + format.toLower();
        QString error;
        if (!write(path, &error)) QMessageBox::warning(parent, QObject::tr("Export failed"), error);
    };
    menu.addAction(QObject::tr("Export as PNG…"),
                   [ask] { ask(QStringLiteral("PNG"), QObject::tr("PNG image (*.png)")); });
    menu.addAction(QObject::tr("Export as SVG…"),
                   [ask] { ask(QStringLiteral("SVG"), QObject::tr("SVG image (*.svg)")); });
}

}  // namespace loupe::widgets
