#!/usr/bin/python3
"""loupe-cli compress --plugin distill, end to end.

On a breast_cancer 30-512-256-2 MLP (seeded), distill with the default student ("auto": a
quarter of each hidden layer, 128,64) writes
model.h5 and compare.json: the student has at most a quarter of the teacher's parameters and a
test accuracy of at least 0.9 and ROC-AUC of at least 0.98. (Within 2 points of the teacher is
test_distill's check; on these 86 test rows one row is 1.2 points, and which student seed gets
one row more or less is noise, so this end-to-end check does not pin a seed to it.) h5py
reads the student's layers (30-128-64-2) and the teacher's pipeline, and a numpy forward pass
over them matches predictions.csv; evaluate reads the student. A bad `hidden` is refused.

Usage: check_distill_cli.py LOUPE_CLI DATASETS_DIR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("MISMATCH: " + message)


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def forward(path, rows):
    """Probabilities of the model file's MLP (ReLU hidden layers, softmax) for raw CSV rows,
    through the file's standard-scaling pipeline; also the dense layers' shapes."""
    with h5py.File(path, "r") as f:
        arch = json.loads(f.attrs["architecture"])
        pipeline = json.loads(f.attrs["pipeline"])
        x = np.stack([(np.array([float(r[s["column"]]) for r in rows]) - s["mean"]) / s["scale"]
                      for s in pipeline["steps"]], axis=1)
        names = sorted(f["layers"], key=lambda n: int(n.split("_")[0]))
        shapes = []
        for layer, name in zip(arch, names):
            if layer["type"] != "dense":
                continue
            w = f["layers"][name]["weight"][...]
            shapes.append(w.shape)
            x = x @ w + f["layers"][name]["bias"][...]
            if layer.get("activation") == "relu":
                x = np.maximum(x, 0)
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True), shapes


def main():
    cli, datasets = sys.argv[1], sys.argv[2]
    data = os.path.join(datasets, "breast_cancer.csv")
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = os.path.join(tmp, "run")
        trained = run(cli, "train", data, "--target", "diagnosis", "--hidden", "512,256",
                      "--seed", "3", "--epochs", "20", "--out", run_dir, "-q")
        check(trained.returncode == 0, "train: " + trained.stderr)
        out = os.path.join(tmp, "student")
        distilled = run(cli, "compress", os.path.join(run_dir, "model.h5"), data, "--target",
                        "diagnosis", "--plugin", "distill", "--param", "epochs=60", "--out", out)
        check(distilled.returncode == 0, "compress: " + distilled.stderr)
        compare = json.load(open(os.path.join(out, "compare.json")))
        teacher, student = compare["models"]
        print("compare.json:", json.dumps(compare["models"], indent=1))
        check(compare["split"] == "test", "compared on " + compare["split"])
        check(4 * student["parameters"] <= teacher["parameters"],
              "parameters %d -> %d" % (teacher["parameters"], student["parameters"]))
        check(student["accuracy"] >= 0.9 and student["roc_auc"] >= 0.98,
              "student accuracy %.4f, ROC-AUC %.4f" % (student["accuracy"], student["roc_auc"]))
        check(student["size_bytes"] < teacher["size_bytes"], "the student's file is not smaller")

        with open(data, newline="") as f:
            rows = list(csv.DictReader(f))
        with open(os.path.join(out, "predictions.csv"), newline="") as f:
            preds = list(csv.DictReader(f))
        probs, shapes = forward(os.path.join(out, "model.h5"), [rows[int(p["row"])] for p in preds])
        check(shapes == [(30, 128), (128, 64), (64, 2)], "student layers " + str(shapes))
        ours = np.array([[float(p["p_benign"]), float(p["p_malignant"])] for p in preds])
        check(np.abs(probs - ours).max() < 1e-4,
              "forward pass vs predictions.csv: %g" % np.abs(probs - ours).max())
        evaluated = run(cli, "evaluate", os.path.join(out, "model.h5"), data, "--out",
                        os.path.join(tmp, "eval"), "-q")
        check(evaluated.returncode == 0, "evaluate on the student: " + evaluated.stderr)

        bad = run(cli, "compress", os.path.join(run_dir, "model.h5"), data, "--target",
                  "diagnosis", "--plugin", "distill", "--param", "hidden=64,,32", "--out",
                  os.path.join(tmp, "bad"))
        # The plugin refuses it (the manager reports a plugin's error, exit 1).
        check(bad.returncode != 0 and "hidden" in bad.stderr,
              "bad hidden: exit %d, %s" % (bad.returncode, bad.stderr))
        check(not os.path.exists(os.path.join(tmp, "bad", "model.h5")), "bad run wrote a model")
    if failures:
        print("%d mismatch(es)" % len(failures))
        sys.exit(1)
    print("distill end to end: OK")


if __name__ == "__main__":
    main()
