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
MISSING = {"", "na", "n/a", "nan", "null", "?"}  # the CSV reader's markers, docs/formats.md

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


def read_data(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        sample = f.read(65536)
        f.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        rows = list(csv.reader(f, dialect))
    header, body = rows[0], [r for r in rows[1:] if r]
    return {name: [r[i].strip() for r in body] for i, name in enumerate(header)}, len(body)


def to_number(text):
    return math.nan if text.lower() in MISSING else float(text)


def apply_pipeline(pipeline, data):
    """The stored Pipeline, as core/data/pipeline.cpp applies it: impute, standardise, one-hot."""
    blocks = []
    for step in pipeline["steps"]:
        values = data[step["column"]]
        if step["type"] == "numeric":
            x = np.array([to_number(v) for v in values])
            x = np.where(np.isnan(x), step["fill"], x)
            blocks.append(((x - step["mean"]) / step["scale"]).astype(np.float32)[:, None])
        else:
            categories = {c: k for k, c in enumerate(step["categories"])}
            onehot = np.zeros((len(values), len(categories)), dtype=np.float32)
            for i, v in enumerate(values):
                k = step["fill_category"] if v.lower() in MISSING else categories.get(v, -1)
                if k >= 0:
                    onehot[i, k] = 1.0
            blocks.append(onehot)
    return np.hstack(blocks).astype(np.float64)


def activate(x, name):
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "tanh":
        return np.tanh(x)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if name == "gelu":  # exact erf form, as torch.nn.GELU() and Loupe compute it
        return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    if name in ("identity", "linear", "none"):
        return x
    raise ValueError(f"unknown activation {name}")


def forward(model_path, data):
    with h5py.File(model_path, "r") as f:
        assert int(f.attrs["loupe_format"]) == 1, "unexpected loupe_format"
        # Text attributes are fixed-length UTF-8 strings, which h5py returns as bytes.
        architecture = json.loads(f.attrs["architecture"])
        pipeline = json.loads(f.attrs["pipeline"])
        task = f.attrs["task"].decode()
        classes = [c.decode() for c in f.attrs["classes"]]
        groups = sorted(f["layers"].keys(), key=lambda name: int(name.split("_", 1)[0]))
        assert len(groups) == len(architecture), "one group per layer"
        x = apply_pipeline(pipeline, data)
        for name, layer in zip(groups, architecture):
            kind = layer["type"]
            assert name == f"{groups.index(name)}_{kind}", f"group {name} for a {kind} layer"
            if kind == "dense":
                weight = f["layers"][name]["weight"][...].astype(np.float64)
                bias = f["layers"][name]["bias"][...].astype(np.float64)
                x = activate(x @ weight + bias, layer.get("activation", "identity"))
            elif kind == "dropout":
                pass  # inference
            else:
                x = activate(x, kind)
    if task == "classification":
        x = np.exp(x - x.max(axis=1, keepdims=True))
        x /= x.sum(axis=1, keepdims=True)
    return x, classes, task


def check_forward(run_dir, model_path, data_path):
    data, _ = read_data(data_path)
    outputs, classes, task = forward(model_path, data)
    header, rows = read_predictions(os.path.join(run_dir, "predictions.csv"))
    column = {name: i for i, name in enumerate(header)}
    names = ["p_" + c for c in classes] if task == "classification" else ["predicted"]
    worst = 0.0
    for r in rows:
        expected = outputs[int(r[column["row"]])]
        for k, name in enumerate(names):
            # float32 arithmetic against float64: relative for large regression values.
            diff = abs(float(r[column[name]]) - expected[k]) / max(1.0, abs(expected[k]))
            worst = max(worst, diff)
    if worst > PREDICTION_TOLERANCE:
        fail(f"numpy forward pass over model.h5 differs from predictions.csv by {worst:.3g}")
    print(f"forward pass: {len(rows)} rows reproduced from model.h5 with h5py/numpy, "
          f"largest difference {worst:.3g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("data")
    parser.add_argument("--model", help="model.h5 (default: RUN_DIR/model.h5)")
    args = parser.parse_args()
    check_metrics(args.run_dir)
    model = args.model or os.path.join(args.run_dir, "model.h5")
    check_forward(args.run_dir, model, args.data)
    if failures:
        print(f"{len(failures)} mismatches")
        return 1
    print("all match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
