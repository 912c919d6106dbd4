#!/usr/bin/env python3
"""loupe-cli train's preprocessing choices and training options, checked from the outside.

For each --impute/--scale choice (and --log, --drop, --encode ordinal) it trains one epoch on a
generated CSV with missing values, reads the fitted pipeline from model.h5 (h5py) and the training
rows from predictions.csv, and fits scikit-learn's SimpleImputer + StandardScaler / MinMaxScaler /
RobustScaler (numpy.log1p first for --log) on the same rows: every fill, centre and scale, and
(x - centre) / scale against the scaler's transform, must match within 1e-9. It also checks that
--cv K writes cv.json whose means and stds are those of its folds, that metrics.json records the
options, that --tune-threshold picks what sklearn's precision_recall_curve (or a brute-force cost
search) picks on the validation rows, and that bad values exit with code 2 and one line.

Usage: check_preprocessing.py LOUPE_CLI
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.metrics import precision_recall_curve
from sklearn.preprocessing import MinMaxScaler, OrdinalEncoder, RobustScaler, StandardScaler

CLI = sys.argv[1]
FAILED = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        FAILED.append(what)


def make_data(path):
    rng = np.random.default_rng(7)
    n = 240
    a = rng.normal(3.0, 2.0, n)
    b = rng.exponential(5.0, n)
    c = rng.integers(0, 6, n).astype(float)
    noise = rng.normal(0.0, 1.0, n)
    cat = rng.choice(["red", "green", "blue"], n)
    y = np.where(a + 0.3 * np.log1p(b) + 0.2 * c + noise > 4.5, "yes", "no")
    for col in (a, b, c):
        col[rng.random(n) < 0.1] = np.nan
    cat = np.where(rng.random(n) < 0.1, "", cat)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["a", "b", "c", "noise", "cat", "y"])
        for i in range(n):
            w.writerow(["" if np.isnan(v) else repr(float(v)) for v in (a[i], b[i], c[i])]
                       + [repr(float(noise[i])), cat[i], y[i]])
    return {"a": a, "b": b, "c": c, "noise": noise, "cat": cat}


def train(data, out, *extra):
    epochs = [] if "--epochs" in extra else ["--epochs", "1"]
    args = [CLI, "train", data, "--target", "y", "--out", out, "--quiet", "--seed", "3", *epochs,
            *extra]
    return subprocess.run(args, capture_output=True, text=True)


def training_rows(out):
    with open(os.path.join(out, "predictions.csv")) as f:
        return [int(r["row"]) for r in csv.DictReader(f) if r["split"] == "train"]


def relative(a, b):
    return abs(a - b) / max(1.0, abs(b))


def main():
    tmp = tempfile.mkdtemp(prefix="loupe_preprocessing_")
    try:
        return run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp):
    data = os.path.join(tmp, "data.csv")
    cols = make_data(data)
    scalers = {"standard": StandardScaler, "minmax": MinMaxScaler, "robust": RobustScaler}
    cases = [("mean", "standard", []), ("median", "minmax", []), ("most_frequent", "robust", []),
             ("median", "robust", ["--log", "b"]), ("mean", "none", ["--drop", "noise"])]
    for impute, scale, extra in cases:
        out = os.path.join(tmp, f"run_{impute}_{scale}_{len(extra)}")
        r = train(data, out, "--impute", impute, "--scale", scale, *extra)
        name = f"--impute {impute} --scale {scale} {' '.join(extra)}".strip()
        check(r.returncode == 0, f"{name}: train exits 0 ({r.stderr.strip()})")
        if r.returncode != 0:
            continue
        with h5py.File(os.path.join(out, "model.h5"), "r") as f:
            pipeline = json.loads(f.attrs["pipeline"])
        steps = {s["column"]: s for s in pipeline["steps"]}
        check(pipeline["numeric_impute"] == impute and pipeline["scaling"] == scale,
              f"{name}: model.h5 pipeline records the choices")
        check(("noise" in steps) == ("--drop" not in extra), f"{name}: --drop leaves the column out")
        rows = training_rows(out)
        worst = 0.0
        for column in ("a", "b", "c"):
            x = cols[column][rows].reshape(-1, 1)
            logged = "--log" in extra and column == "b"
            check(steps[column].get("log", False) == logged, f"{name}: {column} log flag")
            if logged:
                x = np.log1p(x)
            imputer = SimpleImputer(strategy=impute).fit(x)
            worst = max(worst, relative(steps[column]["fill"], imputer.statistics_[0]))
            if scale == "none":
                continue
            xi = imputer.transform(x)
            s = scalers[scale]().fit(xi)
            if scale == "standard":
                centre, spread = s.mean_[0], s.scale_[0]
            elif scale == "minmax":
                centre, spread = s.data_min_[0], s.data_range_[0]
            else:
                centre, spread = s.center_[0], s.scale_[0]
            worst = max(worst, relative(steps[column]["mean"], centre),
                        relative(steps[column]["scale"], spread))
            # Loupe's (x - mean) / scale is scikit-learn's transform.
            mine = (xi[:, 0] - steps[column]["mean"]) / steps[column]["scale"]
            worst = max(worst, float(np.max(np.abs(mine - s.transform(xi)[:, 0]))))
        check(worst <= 1e-9, f"{name}: fill, centre and scale vs scikit-learn, worst {worst:.2g}")
        with open(os.path.join(out, "metrics.json")) as f:
            training = json.load(f)["training"]
        check(training["impute"] == impute and training["scaling"] == scale,
              f"{name}: metrics.json training records impute and scaling")

    # Ordinal encoding: the category's index in sorted order, as OrdinalEncoder.
    out = os.path.join(tmp, "ordinal")
    r = train(data, out, "--encode", "ordinal")
    check(r.returncode == 0, f"--encode ordinal: exits 0 ({r.stderr.strip()})")
    with h5py.File(os.path.join(out, "model.h5"), "r") as f:
        pipeline = json.loads(f.attrs["pipeline"])
    cat = [s for s in pipeline["steps"] if s["column"] == "cat"][0]
    rows = training_rows(out)
    seen = np.array([v for v in cols["cat"][rows] if v != ""]).reshape(-1, 1)
    check(cat["categories"] == list(OrdinalEncoder().fit(seen).categories_[0]),
          "--encode ordinal: categories in OrdinalEncoder's order")
    check(pipeline.get("categorical_encoding") == "ordinal",
          "--encode ordinal: recorded in model.h5")

    # Schedules, clipping, monitor and --cv are recorded; cv.json summarises its folds.
    out = os.path.join(tmp, "cv")
    r = train(data, out, "--cv", "4", "--schedule", "cosine:1", "--clip-grad", "1.5", "--noise", "0.1",
              "--mixup", "0.2",
              "--monitor", "val_metric", "--early-stop", "3")
    check(r.returncode == 0, f"--cv 4 --schedule cosine:1: exits 0 ({r.stderr.strip()})")
    with open(os.path.join(out, "cv.json")) as f:
        cv = json.load(f)
    per_fold = [p["report"]["accuracy"] for p in cv["per_fold"]]
    check(cv["folds"] == 4 and len(per_fold) == 4, "cv.json: four folds")
    check(abs(cv["metrics"]["accuracy"]["mean"] - np.mean(per_fold)) < 1e-12 and
          abs(cv["metrics"]["accuracy"]["std"] - np.std(per_fold)) < 1e-12,
          "cv.json: accuracy mean and std are numpy's over the folds")
    check(sum(p["held_out_rows"] for p in cv["per_fold"]) == 240, "cv.json: every row held out once")
    with open(os.path.join(out, "cv_history.csv")) as f:
        history = list(csv.DictReader(f))
    check(len(history) == 4 and {h["fold"] for h in history} == {"1", "2", "3", "4"},
          "cv_history.csv: one epoch per fold")
    with open(os.path.join(out, "metrics.json")) as f:
        training = json.load(f)["training"]
    check(training["schedule"] == {"kind": "cosine", "warmup_epochs": 1, "min_lr": 0.0} and
          training["clip_grad_norm"] == 1.5 and training["monitor"] == "val_metric" and
          training["input_noise"] == 0.1 and training["mixup_alpha"] == 0.2 and
          training["cv_folds"] == 4, f"metrics.json training: {training.get('schedule')}")

    # --tune-threshold: the pick on the validation rows, from sklearn's precision_recall_curve.
    out = os.path.join(tmp, "threshold")
    r = train(data, out, "--epochs", "30", "--val", "0.3", "--tune-threshold", "precision:0.8")
    check(r.returncode == 0, f"--tune-threshold precision:0.8: exits 0 ({r.stderr.strip()})")
    with open(os.path.join(out, "metrics.json")) as f:
        tuned = json.load(f)["threshold"]
    with open(os.path.join(out, "predictions.csv")) as f:
        val = [r for r in csv.DictReader(f) if r["split"] == "val"]
    y = np.array([1 if r["label"] == "yes" else 0 for r in val])
    s = np.array([float(r["p_yes"]) for r in val])
    precision, recall, thresholds = precision_recall_curve(y, s)
    ok = precision[:-1] >= 0.8
    best = recall[:-1][ok].max()
    want = thresholds[ok & (recall[:-1] == best)].max()
    check(tuned["reached"] and abs(tuned["threshold"] - want) < 1e-12 and
          abs(tuned["val"]["recall"] - best) < 1e-12,
          f"--tune-threshold precision:0.8: {tuned['threshold']} vs sklearn {want}")
    r = train(data, out + "_cost", "--epochs", "30", "--val", "0.3", "--tune-threshold", "cost:1:4")
    with open(os.path.join(out + "_cost", "metrics.json")) as f:
        tuned = json.load(f)["threshold"]
    with open(os.path.join(out + "_cost", "predictions.csv")) as f:
        val = [r for r in csv.DictReader(f) if r["split"] == "val"]
    y = np.array([1 if r["label"] == "yes" else 0 for r in val])
    s = np.array([float(r["p_yes"]) for r in val])
    costs = {t: 1 * np.sum((s >= t) & (y == 0)) + 4 * np.sum((s < t) & (y == 1))
             for t in list(np.unique(s)) + [np.inf]}
    least = min(costs.values())
    check(tuned["val"]["cost"] == least and
          costs[np.inf if tuned["threshold"] is None else tuned["threshold"]] == least,
          f"--tune-threshold cost:1:4: cost {tuned['val']['cost']} vs brute force {least}")

    # Bad values: exit 2, one line on stderr.
    bad = [["--scale", "zscore"], ["--impute", "mode"], ["--schedule", "step:0:0.5"],
           ["--schedule", "cosine"], ["--schedule", "exp:2"], ["--clip-grad", "-1"], ["--noise", "-0.1"], ["--mixup", "-1"],
           ["--cv", "1"], ["--monitor", "accuracy"], ["--log", "cat"], ["--log", "a,,b"],
           ["--drop", "nosuch"], ["--encode", "hash"], ["--tune-threshold", "f1:0.5"],
           ["--tune-threshold", "precision:0.9", "--val", "0"]]
    for extra in bad:
        r = train(data, os.path.join(tmp, "bad"), *extra)
        lines = r.stderr.strip().splitlines()
        check(r.returncode == 2 and len(lines) == 1,
              f"{' '.join(extra)}: exit {r.returncode}, stderr {lines}")

    # A negative value in a --log column is refused, naming the column.
    neg = os.path.join(tmp, "negative.csv")
    with open(neg, "w") as f:
        f.write("a,y\n" + "".join(f"{v},{v > 0}\n" for v in (-1.5, 2, 3, 4, -5, 6, 7, 8, 9, 10)))
    r = train(neg, os.path.join(tmp, "neg"), "--log", "a", "--val", "0", "--test", "0")
    check(r.returncode == 2 and "'a' has a negative value" in r.stderr,
          f"--log on negative values: exit {r.returncode}, {r.stderr.strip()}")

    print("FAILED: " + "; ".join(FAILED) if FAILED else "all checks passed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
