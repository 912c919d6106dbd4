#!/usr/bin/python3
"""Writes a seeded CSV of random floats for the CSV benchmark: make_csv.py OUT ROWS COLS."""
import sys

import numpy as np


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: make_csv.py OUT ROWS COLS")
    out, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(20240601)
    block = 100_000
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(f"f{c}" for c in range(cols)) + "\n")
        for start in range(0, rows, block):
            n = min(block, rows - start)
            values = rng.standard_normal((n, cols)) * 10.0
            np.savetxt(f, values, fmt="%.6f", delimiter=",")


if __name__ == "__main__":
    main()
