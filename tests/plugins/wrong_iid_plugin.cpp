// Test plugins: a Qt plugin of another interface, and one of a newer Loupe plugin API.
#include <QObject>
#include <QtPlugin>

class WrongIidPlugin : public QObject {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.example.SomethingElse/1" FILE "good.json")
};

#include "wrong_iid_plugin.moc"
