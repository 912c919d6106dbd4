#pragma once
// The Train view's "Search" tab: a hyperparameter search of the Train view's settings. It holds
// the space editor (SearchSpaceEditor), the strategy, trials, parallel trials and successive
// halving, Search / Stop with a progress bar, and the live leaderboard: every finished trial,
// completed ones by validation metric (best first, highlighted), then pruned, then failed, with
// its epochs, seconds and parameters. "Train best" asks for the best trial's parameters to be
// trained as a normal run. It runs nothing itself: it emits searchRequested() and shows what the
// app's SearchJob reports through its slots.

#include <QString>
#include <QWidget>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/search/search.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace loupe::widgets {

class SearchSpaceEditor;

/// The Search tab; see the file comment.
class SearchPanel : public QWidget {
    Q_OBJECT
public:
    /// Leaderboard columns before the parameters'.
    enum Column { Rank, Trial, Status, Value, Epochs, Seconds, FirstParameter };

    /// Bayes, 20 trials, one at a time, no halving; Search disabled until setReady().
    explicit SearchPanel(QWidget* parent = nullptr);

    /// The space editor.
    SearchSpaceEditor* spaceEditor() const { return m_space; }
    /// The search's options (the seed is the training settings', set by whoever runs it).
    search::SearchOptions options() const;
    /// True from Search until the job reports its end.
    bool isSearching() const { return m_searching; }
    /// The trials shown, in leaderboard order.
    const std::vector<search::Trial>& trials() const { return m_trials; }
    /// The index of the best completed trial shown, or -1.
    int64_t bestTrial() const { return m_best; }

    QComboBox* strategyBox() const { return m_strategy; }
    QSpinBox* trialsBox() const { return m_trialCount; }
    QSpinBox* parallelBox() const { return m_parallel; }
    QCheckBox* halvingBox() const { return m_halving; }
    QPushButton* searchButton() const { return m_search; }
    QPushButton* stopButton() const { return m_stop; }
    QPushButton* trainBestButton() const { return m_trainBest; }
    /// Refills the space's ranges around the Train view's settings (defaultsRequested()).
    QPushButton* resetButton() const { return m_reset; }
    QProgressBar* progressBar() const { return m_progress; }
    QTableWidget* leaderboard() const { return m_board; }
    QLabel* statusLabel() const { return m_status; }
    /// The inline error line (hidden when there is none).
    QLabel* errorLabel() const { return m_error; }

public slots:
    /// Whether a search or Train best may start now (a dataset and no other run); `why` is the
    /// buttons' tooltip when not.
    void setReady(bool ready, const QString& why = {});
    /// Emits searchRequested() with the editor's space and options(), and clears the leaderboard;
    /// a space that is not valid is shown inline instead.
    void search();
    /// Trial `trial` ended; `planned` make up the search; `metric` names its value.
    void onTrialFinished(const loupe::search::Trial& trial, qint64 planned, const QString& metric);
    /// The search ended (stopped ones too): shows its trials as core reports them.
    void onFinished(std::shared_ptr<const loupe::search::SearchResult> result);
    /// The search failed; shows `message` inline.
    void onFailed(const QString& message);
    /// The search was stopped before any result.
    void onCancelled();
    /// A stop was asked for (here or by the Train view's own Stop): says so until the end.
    void setStopping();

signals:
    /// The user asked to search `space` (loupe-cli search --space's JSON) with `options`.
    void searchRequested(const nlohmann::json& space, const loupe::search::SearchOptions& options);
    /// Stop the running search after its running trials.
    void stopRequested();
    /// The user asked to train the best trial's parameters as a normal run.
    void trainBestRequested(const nlohmann::json& params);
    /// Reset asks for ranges around the current training settings.
    void defaultsRequested();
    /// The space, strategy, trials, parallel trials or halving changed (a project keeps them).
    void changed();

private:
    void addTrial(const search::Trial& trial);
    void refreshBoard();
    void refreshButtons();
    void end(const QString& status);

    std::vector<search::Trial> m_trials;  // leaderboard order
    std::vector<std::string> m_columns;   // the parameters' columns
    int64_t m_best = -1;
    bool m_searching = false, m_ready = false;
    bool m_stopping = false;  // a stop was asked for: Stop stays off until the end
    QString m_notReady;

    SearchSpaceEditor* m_space;
    QComboBox* m_strategy;
    QSpinBox *m_trialCount, *m_parallel;
    QCheckBox* m_halving;
    QPushButton *m_search, *m_stop, *m_trainBest, *m_reset;
    QProgressBar* m_progress;
    QTableWidget* m_board;
    QLabel *m_status, *m_error;
};

}  // namespace loupe::widgets

Q_DECLARE_METATYPE(loupe::search::SearchOptions)
