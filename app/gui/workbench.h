#pragma once
// Workbench: wires the views together. The Data view's table and roles feed the Train view; a
// start there runs a TrainingJob whose reports go back to the Train view; a finished run fills
// the Evaluate view and shows it; a confusion-matrix cell asks the Data view for its rows.

#include <QObject>
#include <memory>

#include "core/train/experiment.h"

namespace loupe::widgets {
class EvaluatePanel;
class TrainingPanel;
}  // namespace loupe::widgets

namespace loupe::gui {

class MainWindow;
class TrainingJob;

/// Creates the Train and Evaluate pages in `window` and connects them to the Data view.
class Workbench : public QObject {
    Q_OBJECT
public:
    explicit Workbench(MainWindow* window);

    /// The Train view.
    widgets::TrainingPanel* trainingPanel() const { return m_training; }
    /// The Evaluate view.
    widgets::EvaluatePanel* evaluatePanel() const { return m_evaluate; }
    /// The job that trains.
    TrainingJob* trainingJob() const { return m_job; }

signals:
    /// A run finished and the Evaluate view shows it.
    void evaluationShown();

private:
    void sendDataset();
    void startTraining(const train::ExperimentRequest& request, const QString& device);
    void showResult(std::shared_ptr<const train::ExperimentResult> result);

    MainWindow* m_window;
    widgets::TrainingPanel* m_training;
    widgets::EvaluatePanel* m_evaluate;
    TrainingJob* m_job;
};

}  // namespace loupe::gui
