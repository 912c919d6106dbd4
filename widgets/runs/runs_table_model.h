#pragma once
// RunsTableModel: the runs of a project's run database as rows — id, name, kind, status, started,
// duration, dataset, seed, device, tags, then one column per chosen metric. Sorting is the
// database's (a header click asks for a new query through sortRequested), so 10,000 runs sort
// in SQL on a worker, not here.

#include <QAbstractTableModel>
#include <string>
#include <vector>

#include "core/store/run_record.h"

namespace loupe::widgets {

/// See the file comment.
class RunsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// The columns before the metrics.
    enum Column { Id, Name, Kind, Status, Started, Duration, Dataset, Seed, Device, Tags, kFixed };

    explicit RunsTableModel(QObject* parent = nullptr);

    /// Replaces the rows; returns the old ones (freeing 10,000 configs takes tens of ms: the
    /// caller may do it elsewhere).
    std::vector<store::RunRecord> setRuns(std::vector<store::RunRecord> runs);
    /// The metric columns ("<split>.<name>"), after the fixed ones.
    void setMetricColumns(std::vector<std::string> metrics);
    const std::vector<std::string>& metricColumns() const { return m_metrics; }
    const std::vector<store::RunRecord>& runs() const { return m_runs; }
    /// The run of `row`.
    const store::RunRecord& run(int row) const { return m_runs[static_cast<size_t>(row)]; }
    /// The RunQuery::orderBy of `column` ("id", "metric:test.accuracy", ...); empty when the
    /// database cannot sort by it.
    std::string orderByOf(int column) const;
    /// The column sorted by `orderBy`, or -1.
    int columnOf(const std::string& orderBy) const;

    /// Up to six metrics worth a column by default: test and validation accuracy, ROC AUC, F1,
    /// R², RMSE and a search's best metric, as far as `available` has them.
    static std::vector<std::string> defaultMetrics(const std::vector<std::string>& available);
    /// "Test accuracy" for "test.accuracy".
    static QString metricTitle(const std::string& metric);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    /// Asks for the rows in another order (sortRequested); the rows stay until they come.
    void sort(int column, Qt::SortOrder order) override;

signals:
    /// A header was clicked: the rows are wanted ordered by `orderBy`.
    void sortRequested(const QString& orderBy, bool descending);

private:
    std::vector<store::RunRecord> m_runs;
    std::vector<std::string> m_metrics;
};

}  // namespace loupe::widgets
