#!/usr/bin/env python3
"""loupe-cli search and runs end to end on iris: a grid search recorded in a project's run
database writes trials.csv, search.json and best/ (a run folder evaluate reads); the same seed
gives the same trials; `runs --json` lists the search and its trials; bad input exits 2 naming
the file or parameter.

Usage: check_search_cli.py LOUPE_CLI DATASETS_DIR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

cli, datasets = sys.argv[1], sys.argv[2]
iris = os.path.join(datasets, "iris.csv")


def run(*args, expect=0):
    p = subprocess.run([cli, *args], capture_output=True, text=True)
    if p.returncode != expect:
        sys.exit(f"{' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stdout}\n{p.stderr}")
    return p


with tempfile.TemporaryDirectory() as tmp:
    space = os.path.join(tmp, "space.json")
    with open(space, "w") as f:
        json.dump({"learning_rate": {"log": [1e-3, 1e-1]}, "hidden": {"choice": ["8", "16,8"]}}, f)
    project = os.path.join(tmp, "p.loupe")
    common = ["--target", "species", "--space", space, "--epochs", "15", "--seed", "4", "-q"]
    run("search", iris, *common, "--strategy", "grid", "--out", os.path.join(tmp, "g"),
        "--project", project)
    with open(os.path.join(tmp, "g", "trials.csv")) as f:
        trials = list(csv.DictReader(f))
    assert len(trials) == 6, trials  # 3 learning rates x 2 architectures
    assert list(trials[0].keys()) == ["trial", "status", "val_accuracy", "epochs", "seconds",
                                      "hidden", "learning_rate", "error"], trials[0].keys()
    assert all(t["status"] == "completed" for t in trials)
    summary = json.load(open(os.path.join(tmp, "g", "search.json")))
    best = max(range(6), key=lambda i: (float(trials[i]["val_accuracy"]), -i))
    assert summary["best_trial"] == best, (summary, best)
    assert summary["best_params"]["hidden"] == trials[best]["hidden"]
    for name in ["model.h5", "metrics.json", "history.csv", "predictions.csv"]:
        assert os.path.exists(os.path.join(tmp, "g", "best", name)), name
    # best/ is the best trial retrained with the same seed: its best validation accuracy is the
    # trial's.
    with open(os.path.join(tmp, "g", "best", "history.csv")) as f:
        history = list(csv.DictReader(f))
    assert abs(max(float(r["val_accuracy"]) for r in history) -
               float(trials[best]["val_accuracy"])) < 1e-9
    run("evaluate", os.path.join(tmp, "g", "best", "model.h5"), iris, "--out",
        os.path.join(tmp, "e"))

    # The same seed gives the same search (bayes, with halving).
    outs = []
    for name in ["b1", "b2"]:
        run("search", iris, *common, "--strategy", "bayes", "--trials", "5", "--halving",
            "--halving-min-epochs", "2", "--out", os.path.join(tmp, name))
        with open(os.path.join(tmp, name, "trials.csv")) as f:
            outs.append([(r["status"], r["val_accuracy"], r["hidden"], r["learning_rate"])
                         for r in csv.DictReader(f)])
    assert outs[0] == outs[1], outs

    # Run again into the same folder (best/ is replaced), not quiet: the leaderboard's first
    # is the best trial.
    out = run("search", iris, *common[:-1], "--strategy", "grid", "--out",
              os.path.join(tmp, "g")).stdout
    board = out[out.index("leaderboard (val_accuracy):"):].splitlines()
    assert board[1].startswith(f"  1. trial {best} "), board
    assert len([line for line in board if line.startswith("  ") and ". trial " in line]) == 5, board

    runs = json.loads(run("runs", project, "--json").stdout)
    kinds = sorted(r["kind"] for r in runs)
    assert kinds == ["search"] + ["trial"] * 6, kinds
    search = next(r for r in runs if r["kind"] == "search")
    assert search["status"] == "finished" and search["folder"].endswith("g"), search
    assert all(r["parent"] == search["id"] for r in runs if r["kind"] == "trial")
    listing = run("runs", project, "--sort", "metric:val.best_metric", "--kind", "trial").stdout
    assert "6 of 7 runs" in listing, listing
    run("runs", project, "--csv", os.path.join(tmp, "runs.csv"))
    with open(os.path.join(tmp, "runs.csv")) as f:
        assert len(list(csv.DictReader(f))) == 7

    # Bad input: exit 2 with the file or the parameter named.
    with open(os.path.join(tmp, "bad.json"), "w") as f:
        f.write('{"learning_rate": {"log": [0, 1]}}')
    err = run("search", iris, *common[:2], "--space", os.path.join(tmp, "bad.json"), "--out",
              os.path.join(tmp, "x"), expect=2).stderr
    assert "bad.json" in err and "learning_rate" in err, err
    with open(os.path.join(tmp, "unknown.json"), "w") as f:
        f.write('{"colour": {"choice": [1, 2]}}')
    err = run("search", iris, *common[:2], "--space", os.path.join(tmp, "unknown.json"), "--out",
              os.path.join(tmp, "x"), expect=2).stderr
    assert "colour" in err, err
    assert not os.path.exists(os.path.join(tmp, "x"))
    err = run("runs", os.path.join(tmp, "none.loupe"), expect=2).stderr
    assert "no run database" in err, err
print("search and runs: ok")
