#include "widgets/runs/runs_table_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFileInfo>
#include <algorithm>
#include <cmath>

namespace loupe::widgets {
namespace {

const char* const kOrderBy[RunsTableModel::kFixed] = {
    "id", "name", "kind", "status", "started_at", "duration", "", "seed", "device", ""};

QString durationText(double seconds) {
    if (!std::isfinite(seconds)) return QStringLiteral("—");
    if (seconds < 60.0) return QStringLiteral("%1 s").arg(seconds, 0, 'f', seconds < 10 ? 1 : 0);
    const auto s = static_cast<qint64>(std::llround(seconds));
    if (s < 3600) return QStringLiteral("%1 m %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 m").arg(s / 3600).arg(s % 3600 / 60);
}

QColor statusColor(store::RunStatus status) {
    switch (status) {
        case store::RunStatus::Failed:
        case store::RunStatus::Interrupted:
            return QColor(0xb0, 0x30, 0x30);
        case store::RunStatus::Cancelled:
            return QColor(0x99, 0x77, 0x22);
        case store::RunStatus::Running:
            return QColor(0x20, 0x60, 0xb0);
        case store::RunStatus::Finished:
            break;
    }
    return {};
}

}  // namespace

RunsTableModel::RunsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

std::vector<store::RunRecord> RunsTableModel::setRuns(std::vector<store::RunRecord> runs) {
    beginResetModel();
    std::swap(m_runs, runs);
    endResetModel();
    return runs;
}

void RunsTableModel::setMetricColumns(std::vector<std::string> metrics) {
    if (metrics == m_metrics) return;
    beginResetModel();
    m_metrics = std::move(metrics);
    endResetModel();
}

std::string RunsTableModel::orderByOf(int column) const {
    if (column < 0) return {};
    if (column < kFixed) return kOrderBy[column];
    const auto m = static_cast<size_t>(column - kFixed);
    return m < m_metrics.size() ? "metric:" + m_metrics[m] : std::string();
}

int RunsTableModel::columnOf(const std::string& orderBy) const {
    for (int c = 0; c < columnCount(); ++c)
        if (orderByOf(c) == orderBy) return c;
    return -1;
}

std::vector<std::string> RunsTableModel::defaultMetrics(const std::vector<std::string>& available) {
    static const char* const kPreferred[] = {"test.accuracy", "test.roc_auc", "test.f1",
                                             "test.r2",       "test.rmse",    "val.accuracy",
                                             "val.roc_auc",   "val.r2",       "val.best_metric"};
    std::vector<std::string> out;
    for (const char* name : kPreferred) {
        if (out.size() == 6) break;
        if (std::find(available.begin(), available.end(), name) != available.end())
            out.push_back(name);
    }
    return out;
}

QString RunsTableModel::metricTitle(const std::string& metric) {
    const auto dot = metric.find('.');
    QString split = QString::fromStdString(metric.substr(0, dot));
    QString name =
        dot == std::string::npos ? QString() : QString::fromStdString(metric.substr(dot + 1));
    if (split == QLatin1String("val"))
        split = tr("Val");
    else if (split == QLatin1String("test"))
        split = tr("Test");
    else if (split == QLatin1String("train"))
        split = tr("Train");
    static const std::pair<const char*, const char*> kNames[] = {{"accuracy", "accuracy"},
                                                                 {"roc_auc", "ROC AUC"},
                                                                 {"f1", "F1"},
                                                                 {"r2", "R²"},
                                                                 {"rmse", "RMSE"},
                                                                 {"mae", "MAE"},
                                                                 {"best_metric", "best metric"},
                                                                 {"log_loss", "log loss"}};
    bool known = false;
    for (const auto& [key, label] : kNames)
        if (name == QLatin1String(key)) {
            name = tr(label);
            known = true;
        }
    if (!known) name.replace(QLatin1Char('_'), QLatin1Char(' '));
    return name.isEmpty() ? split : split + QLatin1Char(' ') + name;
}

int RunsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunsTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kFixed + static_cast<int>(m_metrics.size());
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const store::RunRecord& r = run(index.row());
    const int c = index.column();
    if (role == Qt::UserRole) return QVariant::fromValue(static_cast<qlonglong>(r.id));
    if (role == Qt::ForegroundRole && c == Status) {
        const QColor color = statusColor(r.status);
        return color.isValid() ? QVariant(QBrush(color)) : QVariant();
    }
    if (role == Qt::TextAlignmentRole && (c == Id || c == Seed || c == Duration || c >= kFixed))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        if (c == Dataset)
            return QString::fromStdString(r.datasetPath + "\n" + r.datasetFingerprint);
        if (c == Status && !r.error.empty()) return QString::fromStdString(r.error);
        if (c == Name && !r.notes.empty()) return QString::fromStdString(r.notes);
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    switch (c) {
        case Id:
            return QString::number(r.id);
        case Name:
            return QString::fromStdString(r.name) + (r.archived ? tr(" (archived)") : QString());
        case Kind:
            return QString::fromStdString(r.kind);
        case Status:
            return QString::fromStdString(store::toString(r.status));
        case Started:
            return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(r.startedAt * 1000.0))
                .toString(QStringLiteral("yyyy-MM-dd hh:mm"));
        case Duration:
            return durationText(r.durationSeconds());
        case Dataset:
            return QFileInfo(QString::fromStdString(r.datasetPath)).fileName();
        case Seed:
            return QString::number(r.seed);
        case Device:
            return QString::fromStdString(r.device);
        case Tags: {
            QStringList tags;
            for (const std::string& t : r.tags) tags << QString::fromStdString(t);
            return tags.join(QStringLiteral(", "));
        }
        default:
            break;
    }
    const auto it = r.metrics.find(m_metrics[static_cast<size_t>(c - kFixed)]);
    if (it == r.metrics.end() || !std::isfinite(it->second)) return QStringLiteral("—");
    return QString::number(it->second, 'f', 4);
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* const kTitles[kFixed] = {"ID",       "Name",    "Kind", "Status", "Started",
                                                "Duration", "Dataset", "Seed", "Device", "Tags"};
    if (section < kFixed) return tr(kTitles[section]);
    return metricTitle(m_metrics[static_cast<size_t>(section - kFixed)]);
}

void RunsTableModel::sort(int column, Qt::SortOrder order) {
    const std::string orderBy = orderByOf(column);
    if (orderBy.empty()) return;
    emit sortRequested(QString::fromStdString(orderBy), order == Qt::DescendingOrder);
}

}  // namespace loupe::widgets
