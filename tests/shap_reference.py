#!/usr/bin/python3
"""Brute-force interventional SHAP, written apart from Loupe's C++, checked against shap.csv.

Usage: shap_reference.py MODEL.h5 DATA.csv BACKGROUND.csv SHAP.csv [--class NAME] [--tol X]

Reads the model's layers and fitted pipeline with h5py, applies the pipeline to the rows named
in SHAP.csv and to every background row, and computes each Shapley value from its definition:
phi_j = sum over coalitions S without j of |S|! (M-|S|-1)! / M! * (v(S+j) - v(S)), with
v(S) = mean over background rows b of p_class(x_S, b_notS), coalitions over source columns.
"""
import csv, itertools, json, math, sys

import h5py
import numpy as np


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def pipeline_matrix(pipeline, header, rows):
    """The model input for raw CSV rows, and the source column of every input."""
    cols, source = [], []
    for k, step in enumerate(pipeline["steps"]):
        values = [r[header.index(step["column"])] for r in rows]
        if step["type"] == "numeric":
            x = np.array([float(v) if v not in ("", "NA", "?") else step["fill"] for v in values])
            cols.append((x - step["mean"]) / step["scale"])
            source.append(k)
        else:
            cats = step["categories"]
            for c in cats:
                cols.append(np.array([1.0 if v == c else 0.0 for v in values]))
                source.append(k)
    return np.stack(cols, axis=1), np.array(source)


def forward(layers, x):
    for kind, params in layers:
        if kind == "dense":
            w, b, act = params
            x = x @ w + b
            x = {"identity": lambda z: z, "relu": lambda z: np.maximum(z, 0), "tanh": np.tanh,
                 "sigmoid": lambda z: 1 / (1 + np.exp(-z))}[act](x)
    return x


def main():
    args = sys.argv[1:]
    model_path, data_path, bg_path, shap_path = args[:4]
    class_name = args[args.index("--class") + 1] if "--class" in args else None
    tol = float(args[args.index("--tol") + 1]) if "--tol" in args else 1e-5
    with h5py.File(model_path, "r") as f:
        arch = json.loads(f.attrs["architecture"])
        pipeline = json.loads(f.attrs["pipeline"])
        classes = [c.decode() for c in f.attrs["classes"]]
        names = sorted(f["layers"], key=lambda n: int(n.split("_")[0]))
        layers = []
        for spec, name in zip(arch, names):
            if spec["type"] == "dense":
                g = f["layers"][name]
                layers.append(("dense", (g["weight"][...].astype(np.float64),
                                         g["bias"][...].astype(np.float64), spec["activation"])))
    column = classes.index(class_name) if class_name else len(classes) - 1

    def output(x):
        z = forward(layers, x)
        if not classes:
            return z[:, 0]
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return (p / p.sum(axis=1, keepdims=True))[:, column]

    shap_header, shap_rows = read_csv(shap_path)
    features = shap_header[2:-1]
    assert features == [s["column"] for s in pipeline["steps"]], (features, pipeline["steps"])
    header, data = read_csv(data_path)
    bg_header, bg_rows = read_csv(bg_path)
    bg, source = pipeline_matrix(pipeline, bg_header, bg_rows)
    m = len(features)
    weight = [math.factorial(s) * math.factorial(m - s - 1) / math.factorial(m) for s in range(m)]
    worst = 0.0
    for line in shap_rows:
        row = int(line[0])
        x, _ = pipeline_matrix(pipeline, header, [data[row]])
        v = {}
        for s in range(1 << m):
            take = np.array([(s >> source[c]) & 1 for c in range(len(source))], dtype=bool)
            masked = np.where(take, x[0], bg)
            v[s] = output(masked).mean()
        phi = np.zeros(m)
        for s in range(1 << m):
            size = bin(s).count("1")
            for j in range(m):
                if not (s >> j) & 1:
                    phi[j] += weight[size] * (v[s | (1 << j)] - v[s])
        got = np.array([float(c) for c in line[2:-1]])
        base, pred = float(line[1]), float(line[-1])
        diffs = [abs(base - v[0]), abs(pred - v[(1 << m) - 1])] + list(np.abs(got - phi))
        worst = max(worst, max(diffs))
    print(f"{len(shap_rows)} rows, {m} features: max |loupe - reference| = {worst:.3g}")
    if worst > tol:
        sys.exit(f"shap.csv differs from the brute-force reference by {worst:.3g} > {tol}")


main()
