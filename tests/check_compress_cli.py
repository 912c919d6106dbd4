#!/usr/bin/python3
"""loupe-cli plugins and compress, end to end.

1. plugins --json lists prune-magnitude with its parameters; with LOUPE_PLUGIN_PATH naming the
   tests' broken plugins it also lists test-throws and each broken file with its reason, exit 0.
2. compress on a breast_cancer 30-512-256-2 MLP (seeded) with 80% unstructured pruning and
   fine-tuning writes model.h5 (CSR weights, smaller) and compare.json (the original and the
   pruned model on the test split training held out: accuracy within 2 points); h5py rebuilds
   the weights from the CSR datasets with scipy's layout and a numpy forward pass matches
   predictions.csv; evaluate reads the folder's model.
3. Bad parameters, an unknown plugin and a plugin whose run throws: one line on stderr, exit 2
   (input) or 1 (the plugin failed), and nothing written.
4. With --project, the pruning and the throwing plugin's run are in the project's run database
   (NAME.runs/runs.sqlite, read with sqlite3): kind compress, finished with compare.json's numbers
   and its folder, and failed with the plugin's reason.
5. A run trained with --class-weight balanced is fine-tuned with its class weights: compressing it
   twice gives the same predictions, and with metrics.json's class_weight set to none, others.

Usage: check_compress_cli.py LOUPE_CLI DATASETS_DIR BROKEN_PLUGINS_DIR
"""
import csv
import json
import os
import shutil
import sqlite3
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


def run(*args, env=None):
    return subprocess.run(list(args), capture_output=True, text=True, env=env)


def csr_or_dense(group, name, shape):
    if name + "_indptr" in group:
        data, indices, indptr = (group[name + s][...] for s in ("_data", "_indices", "_indptr"))
        dense = np.zeros(shape, dtype=np.float32)
        for r in range(shape[0]):
            dense[r, indices[indptr[r]:indptr[r + 1]]] = data[indptr[r]:indptr[r + 1]]
        return dense, True
    return group[name][...], False


def forward(path, x):
    """Probabilities of the model file's MLP (ReLU hidden layers, softmax) for pipeline rows."""
    with h5py.File(path, "r") as f:
        arch = json.loads(f.attrs["architecture"])
        names = sorted(f["layers"], key=lambda n: int(n.split("_")[0]))
        sparse_layers = 0
        for layer, name in zip(arch, names):
            if layer["type"] != "dense":
                continue
            w, sparse = csr_or_dense(f["layers"][name], "weight", (layer["inputs"], layer["units"]))
            sparse_layers += sparse
            x = x @ w + f["layers"][name]["bias"][...]
            if layer.get("activation") == "relu":
                x = np.maximum(x, 0)
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True), sparse_layers, int(f.attrs["loupe_format"])


def pipeline_rows(path, rows):
    with h5py.File(path, "r") as f:
        pipeline = json.loads(f.attrs["pipeline"])
    cols = []
    for step in pipeline["steps"]:
        v = np.array([float(r[step["column"]]) for r in rows])
        cols.append((v - step["mean"]) / step["scale"])
    return np.stack(cols, axis=1)


def main():
    cli, datasets, broken = sys.argv[1], sys.argv[2], sys.argv[3]
    data = os.path.join(datasets, "breast_cancer.csv")
    env = dict(os.environ)
    env.pop("LOUPE_PLUGIN_PATH", None)

    listed = run(cli, "plugins", "--json", env=env)
    check(listed.returncode == 0, "plugins --json exit " + str(listed.returncode) + listed.stderr)
    doc = json.loads(listed.stdout)
    ids = [p["id"] for p in doc["plugins"]]
    check("prune-magnitude" in ids, "prune-magnitude not listed: " + str(ids))
    prune = next(p for p in doc["plugins"] if p["id"] == "prune-magnitude")
    params = {p["name"]: p for p in prune["parameters"]}
    check(params["sparsity"]["max"] == 0.99 and params["mode"]["choices"] ==
          ["unstructured", "structured"], "prune-magnitude parameters: " + str(params))

    env_broken = dict(env, LOUPE_PLUGIN_PATH=broken)
    listed = run(cli, "plugins", "--json", env=env_broken)
    check(listed.returncode == 0, "plugins with broken ones: exit " + str(listed.returncode))
    doc = json.loads(listed.stdout)
    check("test-throws" in [p["id"] for p in doc["plugins"]], "test-throws not listed")
    reasons = {os.path.basename(f["file"]): f["reason"] for f in doc["failures"]}
    for part, reason in (("broken_json", "'id'"), ("wrong_iid", "not a Loupe compression"),
                         ("future_api", "API version 2"), ("garbage", "not a Qt plugin")):
        found = [r for name, r in reasons.items() if part in name]
        check(found and reason in found[0], part + " failure: " + str(found))
    text = run(cli, "plugins", env=env_broken)
    check(text.returncode == 0 and "failed: " in text.stdout and "prune-magnitude" in text.stdout,
          "plugins (text): " + text.stdout)

    with tempfile.TemporaryDirectory() as tmp:
        run_dir = os.path.join(tmp, "run")
        trained = run(cli, "train", data, "--target", "diagnosis", "--hidden", "512,256",
                      "--seed", "3", "--epochs", "20", "--out", run_dir, "-q")
        check(trained.returncode == 0, "train: " + trained.stderr)
        out = os.path.join(tmp, "pruned")
        compressed = run(cli, "compress", os.path.join(run_dir, "model.h5"), data, "--target",
                         "diagnosis", "--plugin", "prune-magnitude", "--param", "sparsity=0.8",
                         "--param", "finetune_epochs=3", "--out", out, "--project",
                         os.path.join(tmp, "cancer.loupe"), env=env)
        check(compressed.returncode == 0, "compress: " + compressed.stderr)
        compare = json.load(open(os.path.join(out, "compare.json")))
        original, pruned = compare["models"]
        print("compare.json:", json.dumps(compare["models"], indent=1))
        check(compare["split"] == "test", "compared on " + compare["split"])
        check(pruned["accuracy"] >= original["accuracy"] - 0.02,
              "accuracy %.4f -> %.4f" % (original["accuracy"], pruned["accuracy"]))
        check(pruned["size_bytes"] < original["size_bytes"] / 2, "file did not shrink enough")
        check(abs(pruned["accuracy_change"] - (pruned["accuracy"] - original["accuracy"])) < 1e-12,
              "accuracy_change")
        check(pruned["nonzero_parameters"] < 0.3 * pruned["parameters"], "non-zero count")
        for key in ("latency_ms_batch1", "latency_ms_batch1024", "roc_auc", "speedup_batch1024"):
            check(pruned.get(key) is not None, key + " missing")
        check(os.path.getsize(os.path.join(out, "model.h5")) == pruned["size_bytes"],
              "size_bytes is not the written file's size")

        with open(data, newline="") as f:
            rows = list(csv.DictReader(f))
        with open(os.path.join(out, "predictions.csv"), newline="") as f:
            preds = list(csv.DictReader(f))
        x = pipeline_rows(os.path.join(out, "model.h5"), [rows[int(p["row"])] for p in preds])
        probs, sparse_layers, fmt = forward(os.path.join(out, "model.h5"), x)
        ours = np.array([[float(p["p_benign"]), float(p["p_malignant"])] for p in preds])
        check(sparse_layers >= 1 and fmt == 2, "CSR layers %d, format %d" % (sparse_layers, fmt))
        check(np.abs(probs - ours).max() < 1e-4, "forward pass vs predictions.csv: %g" %
              np.abs(probs - ours).max())
        check([p["split"] for p in preds] == [p["split"] for p in
              csv.DictReader(open(os.path.join(run_dir, "predictions.csv")))],
              "splits differ from the training run's")
        _, _, fmt_original = forward(os.path.join(run_dir, "model.h5"), x)
        check(fmt_original == 1, "a dense model file should stay format 1")
        evaluated = run(cli, "evaluate", os.path.join(out, "model.h5"), data, "--out",
                        os.path.join(tmp, "eval"), "-q")
        check(evaluated.returncode == 0, "evaluate on the pruned model: " + evaluated.stderr)

        model = os.path.join(run_dir, "model.h5")
        for args, code, needle in (
                (["--param", "sparsity=1.5"], 2, "'sparsity'"),
                (["--param", "sparsity=1.5"], 2, "from 0 to 0.99"),
                (["--param", "mode=sideways"], 2, "one of unstructured, structured"),
                (["--param", "colour"], 2, "name=value"),
                (["--param", "colour=red"], 2, "no parameter 'colour'"),
                (["--plugin", "nope"], 2, "no plugin 'nope'")):
            bad = os.path.join(tmp, "bad")
            plugin = [] if "--plugin" in args else ["--plugin", "prune-magnitude"]
            r = run(cli, "compress", model, data, "--target", "diagnosis", *plugin, *args,
                    "--out", bad, env=env)
            check(r.returncode == code and needle in r.stderr and r.stderr.count("\n") == 1,
                  "%s: exit %d, %r" % (args, r.returncode, r.stderr))
            check(not os.path.exists(bad), "%s wrote %s" % (args, bad))
        bad = os.path.join(tmp, "bad")
        r = run(cli, "compress", model, data, "--target", "diagnosis", "--plugin", "test-throws",
                "--out", bad, "--project", os.path.join(tmp, "cancer.loupe"), env=env_broken)
        check(r.returncode == 1 and "deliberate failure" in r.stderr and not os.path.exists(bad),
              "throwing plugin: exit %d, %r" % (r.returncode, r.stderr))

        db = sqlite3.connect(os.path.join(tmp, "cancer.runs", "runs.sqlite"))
        runs = db.execute("SELECT id, kind, name, status, folder, error, config, "
                          "dataset_fingerprint, device FROM runs ORDER BY id").fetchall()
        check(len(runs) == 2, "runs recorded: %r" % (runs,))
        if len(runs) == 2:
            (pid, kind, name, status, folder, error, config, fingerprint, device), failed = runs
            config = json.loads(config)
            check(kind == "compress" and status == "finished" and error == "",
                  "pruning's run: %s %s %r" % (kind, status, error))
            check(name.startswith("prune-magnitude (") and "sparsity=0.8" in name, "name " + name)
            check(folder == os.path.abspath(out), "folder " + folder)
            check(config["plugin"] == "prune-magnitude" and config["parameters"]["sparsity"] == 0.8
                  and config["source"]["model"] == os.path.abspath(model), "config %r" % config)
            check(fingerprint.startswith("xxh3:") and device not in ("", "auto"),
                  fingerprint + " " + device)
            metrics = dict(db.execute("SELECT name, value FROM metrics WHERE run_id = ?", (pid,)))
            for key, value in (("original.accuracy", original["accuracy"]),
                               ("compressed.accuracy", pruned["accuracy"]),
                               ("compressed.size_bytes", pruned["size_bytes"]),
                               ("original.size_bytes", original["size_bytes"]),
                               ("compressed.size_ratio", pruned["size_ratio"])):
                check(key in metrics and abs(metrics[key] - value) < 1e-9,
                      "%s: %r vs compare.json's %r" % (key, metrics.get(key), value))
            check("test.accuracy" in metrics and "train.accuracy" in metrics, "split metrics")
            check(failed[1] == "compress" and failed[3] == "failed" and
                  "deliberate failure" in failed[5], "throwing plugin's run: %r" % (failed,))
        db.close()

        # A run trained with balanced class weights is fine-tuned with them: the same compress
        # gives the same model twice, and another one once metrics.json says "class_weight" none.
        weighted = os.path.join(tmp, "weighted")
        trained = run(cli, "train", data, "--target", "diagnosis", "--seed", "4", "--epochs", "5",
                      "--class-weight", "balanced", "--out", weighted, "-q")
        check(trained.returncode == 0, "train --class-weight balanced: " + trained.stderr)
        unweighted = os.path.join(tmp, "unweighted")
        shutil.copytree(weighted, unweighted)
        metrics_file = os.path.join(unweighted, "metrics.json")
        metrics = json.load(open(metrics_file))
        check(metrics["training"]["class_weight"] == "balanced", "class_weight not recorded")
        metrics["training"]["class_weight"] = "none"
        json.dump(metrics, open(metrics_file, "w"))
        tuned = {}
        for name, source in (("a", weighted), ("b", weighted), ("none", unweighted)):
            out = os.path.join(tmp, "tuned_" + name)
            r = run(cli, "compress", os.path.join(source, "model.h5"), data, "--target",
                    "diagnosis", "--plugin", "prune-magnitude", "--param", "finetune_epochs=2",
                    "--out", out, "-q", env=env)
            check(r.returncode == 0, "compress of the weighted run: " + r.stderr)
            tuned[name] = open(os.path.join(out, "predictions.csv")).read()
        check(tuned["a"] == tuned["b"], "fine-tuning with class weights is not deterministic")
        check(tuned["a"] != tuned["none"], "fine-tuning ignored the run's class weights")

    if failures:
        print("%d mismatch(es)" % len(failures))
        return 1
    print("plugins and compress: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
