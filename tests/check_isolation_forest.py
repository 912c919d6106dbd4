#!/usr/bin/python3
"""loupe-cli quality's Isolation Forest against scikit-learn's on data with planted outliers.

Writes 1000 inliers (two Gaussian clusters in 6 features) and 50 outliers (uniform in a box
around them) with a class column, runs `loupe-cli quality`, and computes the ROC-AUC of the scores
in outliers.csv for telling the outliers apart; scikit-learn's IsolationForest (same trees and
samples, several seeds averaged) scores the same features. Passes when Loupe's AUC is >= 0.95 and
within 0.02 of scikit-learn's.

Usage: check_isolation_forest.py LOUPE_CLI
"""
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

FEATURES = 6


def planted(seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[-2.0] * FEATURES, [2.0] * FEATURES])
    inliers = centres[rng.integers(0, 2, 1000)] + rng.normal(0.0, 1.0, (1000, FEATURES))
    outliers = rng.uniform(-4.5, 4.5, (50, FEATURES))
    x = np.vstack([inliers, outliers])
    truth = np.r_[np.zeros(1000), np.ones(50)]
    order = rng.permutation(len(x))
    return x[order], truth[order]


def main():
    cli = sys.argv[1]
    x, truth = planted()
    label = np.where(x[:, 0] + x[:, 1] > 0, "high", "low")
    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "planted.csv")
        with open(data, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow([f"x{j}" for j in range(FEATURES)] + ["label"])
            for row, lab in zip(x, label):
                w.writerow([repr(float(v)) for v in row] + [lab])
        out = os.path.join(work, "quality")
        subprocess.run([cli, "quality", data, "--target", "label", "--out", out, "--epochs", "5",
                        "--quiet"], check=True)
        with open(os.path.join(out, "outliers.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
    assert len(rows) == len(x), f"{len(rows)} rows in outliers.csv for {len(x)}"
    scores = np.empty(len(x))
    for r in rows:
        scores[int(r["row"])] = float(r["score"])
    ranks = [int(r["rank"]) for r in rows]
    assert ranks == list(range(1, len(x) + 1)), "outliers.csv is not in rank order"
    assert all(float(a["score"]) >= float(b["score"]) for a, b in zip(rows, rows[1:]))
    loupe = roc_auc_score(truth, scores)
    peers = [roc_auc_score(truth, -IsolationForest(random_state=s).fit(x).score_samples(x))
             for s in range(5)]
    peer = float(np.mean(peers))
    print(f"outlier ROC-AUC: loupe {loupe:.4f}, scikit-learn {peer:.4f} "
          f"(seeds 0-4: {min(peers):.4f}-{max(peers):.4f})")
    failures = []
    if loupe < 0.95:
        failures.append(f"loupe's AUC {loupe:.4f} < 0.95")
    if abs(loupe - peer) > 0.02:
        failures.append(f"loupe's AUC {loupe:.4f} is {abs(loupe - peer):.4f} from scikit-learn's")
    for message in failures:
        print("MISMATCH: " + message)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
