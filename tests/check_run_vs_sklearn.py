#!/usr/bin/python3
"""Checks a Loupe run folder against its peers.

1. Recomputes every metric in metrics.json from predictions.csv with scikit-learn, per split,
   and compares within 1e-9.
2. With model.h5 (in the run folder, or --model), reads the model with h5py, applies the stored
   pipeline and layers to the raw data with numpy, and compares with predictions.csv within 1e-5.

Usage: check_run_vs_sklearn.py RUN_DIR DATA.csv [--model MODEL.h5]
Exit code 0 when everything matches; 1 with one line per mismatch otherwise.
"""
import argparse
import csv
import json
import math
import os
import sys

import h5py
import numpy as np
from scipy.special import erf
from sklearn import metrics as skm

METRIC_TOLERANCE = 1e-9
PREDICTION_TOLERANCE = 1e-5
MISSING = {"", "na", "nan", "n/a", "null", "none", "?", "-"}

failures = []


def fail(message):
    failures.append(message)
    print("MISMATCH: " + message)


def close(name, expected, actual, tolerance):
    if expected is None or actual is None:
        if expected is not None or actual is not None:
            fail(f"{name}: loupe {expected!r}, peer {actual!r}")
        return
    if not math.isclose(float(expected), float(actual), rel_tol=0.0, abs_tol=tolerance):
        fail(f"{name}: loupe {expected!r}, peer {actual!r} (diff {abs(expected - actual):.3g})")


def read_predictions(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def undefined_to_none(compute):
    try:
        value = compute()
    except ValueError:
        return None
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def classification_metrics(y, probs, classes):
    k = len(classes)
    labels = list(range(k))
    predicted = probs.argmax(axis=1)
    out = {
        "accuracy": skm.accuracy_score(y, predicted),
        "balanced_accuracy": skm.balanced_accuracy_score(y, predicted),
        "log_loss": skm.log_loss(y, probs, labels=labels),
        "support": len(y),
    }
    for average in ("macro", "weighted"):
        p, r, f, _ = skm.precision_recall_fscore_support(
            y, predicted, labels=labels, average=average, zero_division=0)
        out[f"precision_{average}"], out[f"recall_{average}"], out[f"f1_{average}"] = p, r, f
    if k == 2:
        positive = probs[:, 1]
        out["roc_auc"] = undefined_to_none(lambda: skm.roc_auc_score(y, positive))
        out["average_precision"] = undefined_to_none(
            lambda: skm.average_precision_score(y, positive) if (y == 1).any() else None)
        out["brier_score"] = skm.brier_score_loss(y == 1, positive)
    else:
        out["roc_auc_ovr_macro"] = undefined_to_none(lambda: skm.roc_auc_score(
            y, probs, multi_class="ovr", average="macro", labels=labels))
    out["confusion_matrix"] = skm.confusion_matrix(y, predicted, labels=labels).tolist()
    p, r, f, s = skm.precision_recall_fscore_support(
        y, predicted, labels=labels, average=None, zero_division=0)
    out["per_class"] = {classes[c]: {"precision": p[c], "recall": r[c], "f1": f[c],
                                     "support": int(s[c])} for c in labels}
    return out


def regression_metrics(y, predicted):
    mse = skm.mean_squared_error(y, predicted)
    return {"mse": mse, "rmse": math.sqrt(mse), "mae": skm.mean_absolute_error(y, predicted),
            "r2": undefined_to_none(lambda: skm.r2_score(y, predicted)) if len(y) > 1 else None,
            "support": len(y)}


def compare(prefix, loupe, peer):
    if isinstance(peer, dict):
        for key, value in peer.items():
            if key not in loupe:
                fail(f"{prefix}{key}: missing from metrics.json")
                continue
            compare(f"{prefix}{key}.", loupe[key], value)
        return
    name = prefix.rstrip(".")
    if isinstance(peer, list):
        if loupe != peer:
            fail(f"{name}: loupe {loupe}, peer {peer}")
        return
    close(name, loupe, peer, METRIC_TOLERANCE)


def check_metrics(run_dir):
    with open(os.path.join(run_dir, "metrics.json"), encoding="utf-8") as f:
        document = json.load(f)
    header, rows = read_predictions(os.path.join(run_dir, "predictions.csv"))
    classes = document["classes"]
    column = {name: i for i, name in enumerate(header)}
    checked = 0
    for split, report in document["splits"].items():
        picked = [r for r in rows if split == "all" or r[column["split"]] == split]
        if document["task"] == "classification":
            index = {name: i for i, name in enumerate(classes)}
            y = np.array([index[r[column["label"]]] for r in picked])
            probs = np.array([[float(r[column["p_" + c]]) for c in classes] for r in picked])
            peer = classification_metrics(y, probs, classes)
        else:
            y = np.array([float(r[column["label"]]) for r in picked])
            predicted = np.array([float(r[column["predicted"]]) for r in picked])
            peer = regression_metrics(y, predicted)
        compare(f"{split}.", report, peer)
        checked += len(peer)
    print(f"metrics: {checked} values in {len(document['splits'])} splits compared with "
          f"scikit-learn {__import__('sklearn').__version__}")
