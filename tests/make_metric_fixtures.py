#!/usr/bin/python3
"""Writes tests/data/metrics/*.json: inputs and scikit-learn's outputs for every metric in core/eval.

Run with Debian's interpreter (scikit-learn 1.2): /usr/bin/python3 tests/make_metric_fixtures.py
Each classification fixture holds y_true, probs, class_names and sklearn's value of every metric,
the full report object of core/eval/report.h and the binary ROC and PR curves; null marks a value
sklearn refuses to compute (it raises or returns NaN).
"""
import json
import math
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn import metrics

OUT = pathlib.Path(__file__).resolve().parent / "data" / "metrics"


def number(x):
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def guarded(fn):
    """sklearn's value, or None where it raises ValueError or returns NaN."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return number(fn())
    except ValueError:
        return None


def guarded_curve(fn, keys):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arrays = fn()
    except ValueError:
        return None
    if any(np.isnan(a).any() for a in arrays):
        return None
    return {k: [float(v) for v in a] for k, a in zip(keys, arrays)}


def classification_case(name, y_true, probs, class_names):
    y_true = np.asarray(y_true, dtype=int)
    probs = np.asarray(probs, dtype=np.float64)
    k = len(class_names)
    labels = list(range(k))
    y_pred = np.argmax(probs, axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, r, f, s = metrics.precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=None, zero_division="warn")
        avg = {a: metrics.precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=a, zero_division="warn")[:3]
            for a in ("macro", "weighted")}
        report = {
            "accuracy": number(metrics.accuracy_score(y_true, y_pred)),
            "balanced_accuracy": number(metrics.balanced_accuracy_score(y_true, y_pred)),
            "precision_macro": number(avg["macro"][0]),
            "recall_macro": number(avg["macro"][1]),
            "f1_macro": number(avg["macro"][2]),
            "precision_weighted": number(avg["weighted"][0]),
            "recall_weighted": number(avg["weighted"][1]),
            "f1_weighted": number(avg["weighted"][2]),
        }
    expected = {}
    if k == 2:
        score = probs[:, 1]
        report["roc_auc"] = guarded(lambda: metrics.roc_auc_score(y_true, score))
        report["average_precision"] = guarded(
            lambda: metrics.average_precision_score(y_true, score, pos_label=1))
        report["brier_score"] = guarded(
            lambda: metrics.brier_score_loss(y_true, score, pos_label=1))
        expected["roc_curve"] = guarded_curve(
            lambda: metrics.roc_curve(y_true, score, pos_label=1, drop_intermediate=True),
            ("fpr", "tpr", "thresholds"))
        expected["pr_curve"] = guarded_curve(
            lambda: metrics.precision_recall_curve(y_true, score, pos_label=1),
            ("precision", "recall", "thresholds"))
    else:
        report["roc_auc_ovr_macro"] = guarded(lambda: metrics.roc_auc_score(
            y_true, probs, multi_class="ovr", average="macro", labels=labels))
        expected["ovr_roc_auc"] = [
            guarded(lambda c=c: metrics.roc_auc_score(y_true == c, probs[:, c]))
            for c in labels]
    report["log_loss"] = guarded(lambda: metrics.log_loss(y_true, probs, labels=labels))
    report["confusion_matrix"] = metrics.confusion_matrix(
        y_true, y_pred, labels=labels).tolist()
    report["per_class"] = {
        class_names[c]: {"precision": number(p[c]), "recall": number(r[c]),
                         "f1": number(f[c]), "support": int(s[c])} for c in labels}
    report["support"] = int(len(y_true))
    expected["report"] = report
    return {"name": name, "kind": "classification", "class_names": class_names,
            "y_true": y_true.tolist(), "probs": probs.tolist(), "expected": expected}


def regression_case(name, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    report = {
        "mse": number(metrics.mean_squared_error(y_true, y_pred)),
        "rmse": number(metrics.mean_squared_error(y_true, y_pred, squared=False)),
        "mae": number(metrics.mean_absolute_error(y_true, y_pred)),
        "r2": guarded(lambda: metrics.r2_score(y_true, y_pred)),
        "support": int(len(y_true)),
    }
    return {"name": name, "kind": "regression", "y_true": y_true.tolist(),
            "y_pred": y_pred.tolist(), "expected": {"report": report}}


def binary_probs(p1):
    p1 = np.asarray(p1, dtype=np.float64)
    return np.stack([1.0 - p1, p1], axis=1)


def softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def main():
    rng = np.random.default_rng(20240611)
    cases = []

    # Binary, scores on a 0.05 grid: many ties, including rows at exactly 0.5 (arg-max tie).
    y = rng.integers(0, 2, 300)
    p1 = np.clip(np.round((0.5 + 0.3 * (y - 0.5) + rng.normal(0, 0.25, 300)) * 20) / 20, 0, 1)
    cases.append(classification_case("binary_ties", y, binary_probs(p1), ["no", "yes"]))

    # Binary 1:19 imbalance, float32 model outputs (the 32-bit sort path).
    y = np.r_[np.ones(25, int), np.zeros(475, int)]
    rng.shuffle(y)
    p1 = (1 / (1 + np.exp(-(rng.normal(0, 1, 500) + 1.8 * y - 2.5)))).astype(np.float32)
    cases.append(classification_case("binary_imbalanced", y, binary_probs(p1.astype(np.float64)),
                                     ["neg", "pos"]))

    # Perfectly separable.
    y = rng.integers(0, 2, 80)
    p1 = np.where(y == 1, rng.uniform(0.6, 1.0, 80), rng.uniform(0.0, 0.4, 80))
    cases.append(classification_case("binary_separable", y, binary_probs(p1), ["a", "b"]))

    # Every score the same: one threshold, AUC 0.5, every row predicted class 0.
    y = rng.integers(0, 2, 50)
    cases.append(classification_case("binary_all_tied", y, binary_probs(np.full(50, 0.5)),
                                     ["a", "b"]))

    # One class present in y_true: ROC-AUC undefined (null).
    y = np.zeros(40, int)
    cases.append(classification_case("binary_one_class", y,
                                     binary_probs(rng.uniform(0, 1, 40)), ["a", "b"]))
    y = np.ones(40, int)
    cases.append(classification_case("binary_only_positives", y,
                                     binary_probs(rng.uniform(0, 1, 40)), ["a", "b"]))

    # Multiclass with a class that is never predicted (its logit is pushed down).
    for k, n in ((3, 240), (5, 400)):
        y = rng.integers(0, k, n)
        logits = rng.normal(0, 1, (n, k))
        logits[np.arange(n), y] += 1.2
        logits[:, k - 1] -= 6.0
        cases.append(classification_case(f"multiclass{k}_never_predicted", y, softmax(logits),
                                         [f"c{c}" for c in range(k)]))

    # Multiclass with a class absent from y_true: OvR AUC undefined (null), balanced accuracy
    # over the present classes only.
    y = rng.integers(0, 2, 120)
    logits = rng.normal(0, 1, (120, 3))
    logits[np.arange(120), y] += 1.0
    cases.append(classification_case("multiclass3_class_absent", y, softmax(logits),
                                     ["x", "y", "z"]))

    # Probabilities of exactly 0 and 1, clipped by log loss.
    y = rng.integers(0, 3, 60)
    probs = np.eye(3)[np.where(rng.uniform(0, 1, 60) < 0.8, y, (y + 1) % 3)]
    cases.append(classification_case("multiclass3_hard_probs", y, probs, ["r", "g", "b"]))

    yt = rng.normal(10, 3, 200)
    cases.append(regression_case("regression", yt, yt + rng.normal(0, 1.5, 200)))
    cases.append(regression_case("regression_constant_target", np.full(30, 2.5),
                                 rng.normal(2.5, 1, 30)))
    cases.append(regression_case("regression_constant_perfect", np.full(30, 2.5),
                                 np.full(30, 2.5)))
    cases.append(regression_case("regression_one_row", [1.0], [2.0]))

    OUT.mkdir(parents=True, exist_ok=True)
    for case in cases:
        case["sklearn_version"] = sklearn.__version__
        (OUT / f"{case['name']}.json").write_text(json.dumps(case, indent=None) + "\n")
    print(f"wrote {len(cases)} fixtures to {OUT}")


if __name__ == "__main__":
    main()
