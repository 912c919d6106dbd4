#!/usr/bin/python3
"""pandas.read_csv on a CSV file, timed like bench_csv: median of 3 loads, one line of JSON."""
import json
import os
import statistics
import sys
import time

import pandas as pd


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: csv_peer.py FILE.csv")
    path = sys.argv[1]
    size = os.path.getsize(path)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        frame = pd.read_csv(path)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(json.dumps({"tool": "pandas.read_csv", "version": pd.__version__, "file": path,
                      "bytes": size, "rows": int(frame.shape[0]), "columns": int(frame.shape[1]),
                      "seconds": round(median, 4), "mb_per_s": round(size / 1e6 / median, 1)}))


if __name__ == "__main__":
    main()
