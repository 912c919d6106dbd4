// Test plugin: declares version 2 of the compression plugin API.
#include <QObject>
#include <QtPlugin>

class FutureApiPlugin : public QObject {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.loupe.CompressionPlugin/2" FILE "good.json")
};

#include "future_api_plugin.moc"
