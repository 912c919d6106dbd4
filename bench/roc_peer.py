#!/usr/bin/python3
"""sklearn.metrics.roc_auc_score on the scores bench_roc reads, timed like it: median of 3 runs.

  roc_peer.py --make FILE [--rows N] [--seed S]   write seeded float32 scores and 0/1 labels
  roc_peer.py FILE                                time roc_auc_score, print one line of JSON

FILE: b"LOUPEROC", uint64 rows, rows float32 scores, rows uint8 labels (little-endian).
"""
import argparse
import json
import statistics
import time

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score

MAGIC = b"LOUPEROC"


def make(path: str, rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    labels = (rng.random(rows) < 0.3).astype(np.uint8)
    # Model-like probabilities: a logistic of a shifted normal, rounded to float32 as a model's
    # output would be, which also makes ties.
    logits = rng.normal(0.0, 1.5, rows) + 1.2 * labels
    scores = (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
    with open(path, "wb") as out:
        out.write(MAGIC)
        out.write(np.uint64(rows).astype("<u8").tobytes())
        out.write(scores.astype("<f4").tobytes())
        out.write(labels.tobytes())


def read(path: str):
    with open(path, "rb") as f:
        if f.read(8) != MAGIC:
            raise SystemExit(f"{path}: not a bench_roc data file")
        rows = int(np.frombuffer(f.read(8), "<u8")[0])
        scores = np.frombuffer(f.read(4 * rows), "<f4")
        labels = np.frombuffer(f.read(rows), np.uint8)
    return scores, labels


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--make", action="store_true")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()
    if args.make:
        make(args.file, args.rows, args.seed)
        return
    scores, labels = read(args.file)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        auc = roc_auc_score(labels, scores)
        times.append(time.perf_counter() - start)
    print(json.dumps({"tool": "sklearn.metrics.roc_auc_score", "version": sklearn.__version__,
                      "file": args.file, "rows": int(scores.size),
                      "seconds": round(statistics.median(times), 4),
                      "times": [round(t, 4) for t in times], "auc": repr(float(auc))}))


if __name__ == "__main__":
    main()
