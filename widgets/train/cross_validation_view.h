#pragma once
// The Train view's "Cross-validation" tab: the progress of a K-fold cross-validation, then each
// fold's validation curve (one series per fold) and a table of every metric's mean and standard
// deviation over the held-out folds beside each fold's value, as loupe-cli train --cv's cv.json.

#include <QString>
#include <QWidget>
#include <nlohmann/json.hpp>

#include "core/train/cross_validation.h"

class QComboBox;
class QLabel;
class QTableWidget;

namespace loupe::widgets {

class LineChart;

/// Shows a train::CrossValidation; see the file comment.
class CrossValidationView : public QWidget {
    Q_OBJECT
public:
    /// Empty, with a line saying how to run one.
    explicit CrossValidationView(QWidget* parent = nullptr);

    /// Empties the curves and the table and shows `status`.
    void clear(const QString& status);
    /// Shows the folds' curves and the metrics of `cv`.
    void showResult(const train::CrossValidation& cv);
    /// The status line (what runs, or what the result is).
    void setStatus(const QString& status);
    /// The result shown, as crossValidationJson gives it; null when none.
    const nlohmann::json& result() const { return m_json; }

    /// Validation curves per epoch, one series per fold (series f is fold f + 1).
    LineChart* chart() const { return m_chart; }
    /// Which curve the chart draws: validation loss or validation metric.
    QComboBox* curveBox() const { return m_curve; }
    /// Rows: metrics; columns: mean, std, then fold 1..K.
    QTableWidget* table() const { return m_table; }
    /// The status line.
    QLabel* statusLabel() const { return m_status; }

private:
    void drawCurves();

    QLabel* m_status;
    QComboBox* m_curve;
    LineChart* m_chart;
    QTableWidget* m_table;
    train::CrossValidation m_cv;
    nlohmann::json m_json;
};

}  // namespace loupe::widgets
