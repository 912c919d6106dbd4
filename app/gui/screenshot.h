#pragma once
// `loupe --screenshot FILE [--project P | --open DATA --target COL] [--view NAME]
// [--compare MODEL.h5] [--tune-threshold GOAL]`: renders the window offscreen to a PNG and exits,
// for docs and for checking the layout without a display.

#include <QString>

namespace loupe::gui {

class MainWindow;
class Workbench;

/// What to render.
struct ScreenshotRequest {
    QString output;   ///< PNG path
    QString view;     ///< data, train, evaluate, explain, structure (empty: the current view)
    QString open;     ///< dataset to open first, or empty
    QString target;   ///< its target column, or empty
    QString project;  ///< *.loupe project to open first (instead of a dataset), or empty
    QString compare;  ///< structure: a model file (.h5) drawn beside the trained model, or empty
    QString tune;     ///< evaluate: a goal to tune the threshold for ("precision:0.9"), or empty
};

/// Opens, switches, renders `window` into the PNG and quits the event loop with 0, or with 2
/// when the project or dataset cannot be read, training fails or the view name is unknown (the
/// reason goes to stderr). The evaluate view shows the project's run, or first trains a model
/// with the Train view's settings; the explain view then also explains it with the Explain
/// view's settings; the structure view shows the trained model's graph (with `compare`, beside
/// that model file) with its first dense layer selected (the compared model's when comparing).
/// With `tune` the evaluate view first tunes the threshold for it. The view "outliers" is the
/// Data view after the Quality view's checks, sorted by outlier score, most unusual first.
/// The view "runs" shows the Runs view with its newest four runs selected (a dataset and target
/// opened first train four runs at learning rates 0.0003 to 0.01). Nothing is asked: a project's
/// missing dataset is reported, not located.
void scheduleScreenshot(MainWindow& window, Workbench& workbench, const ScreenshotRequest& request);

}  // namespace loupe::gui
