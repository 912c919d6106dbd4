#pragma once
// The Train view's "Preprocessing" group: numeric imputation, scaling, categorical encoding, the
// numeric columns to log1p-transform and the feature columns to drop, as loupe-cli train's
// --impute, --scale, --encode, --log and --drop. The defaults are the CLI's.

#include <QSet>
#include <QStringList>
#include <QWidget>

#include "core/train/experiment.h"

class QComboBox;
class QListWidget;

namespace loupe::widgets {

/// Edits ExperimentRequest::pipeline and dropColumns; see the file comment.
class PreprocessingSettings : public QWidget {
    Q_OBJECT
public:
    /// Mean imputation, standard scaling, one-hot encoding, nothing logged or dropped.
    explicit PreprocessingSettings(QWidget* parent = nullptr);

    /// Writes the settings into `request` (pipeline options and dropColumns). Only columns of the
    /// dataset are written once one is shown; before that every chosen name is.
    void apply(train::ExperimentRequest& request) const;
    /// Shows the preprocessing of `request`; chosen columns not in the dataset stay chosen for a
    /// dataset that has them.
    void setFrom(const train::ExperimentRequest& request);
    /// The dataset's feature columns (`numeric`: those that can be log-transformed).
    void setColumns(const QStringList& features, const QStringList& numeric);

    /// The choosers.
    QComboBox* imputeBox() const { return m_impute; }
    QComboBox* scalingBox() const { return m_scaling; }
    QComboBox* encodingBox() const { return m_encoding; }
    /// Checkable lists of the numeric columns to log and the feature columns to drop.
    QListWidget* logList() const { return m_logList; }
    QListWidget* dropList() const { return m_dropList; }

signals:
    /// Any edit.
    void changed();

private:
    void fill(QListWidget* list, const QStringList& names, const QSet<QString>& checked);
    QStringList chosen(const QListWidget* list, const QSet<QString>& checked) const;

    QComboBox *m_impute, *m_scaling, *m_encoding;
    QListWidget *m_logList, *m_dropList;
    QSet<QString> m_log, m_drop;  // the names chosen, also those the dataset shown lacks
    bool m_filling = false;
};

}  // namespace loupe::widgets
