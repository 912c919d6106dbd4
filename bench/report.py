#!/usr/bin/python3
"""Prints the benchmark table from the JSON lines that scripts/bench.sh collected.

usage: report.py RESULTS_DIR   (files: train_loupe.json, train_peer.json, csv_loupe.json, ...)
"""
import json
import pathlib
import sys


def load(folder: pathlib.Path, name: str) -> dict:
    return json.loads((folder / f"{name}.json").read_text().strip().splitlines()[-1])


def main() -> None:
    folder = pathlib.Path(sys.argv[1])
    rows = []
    tl, tp = load(folder, "train_loupe"), load(folder, "train_peer")
    rows.append(("MLP training, samples/s (64-256-256-2, Adam, batch 256, 100k x 64)",
                 tl["samples_per_s"], tp["samples_per_s"], tl["samples_per_s"] / tp["samples_per_s"],
                 "PyTorch %s CPU" % tp["torch"], ">= 1.5"))
    rows.append(("  fraction of float32 GEMM peak (peak measured by each, GFLOP/s)",
                 "%.2f of %.0f" % (tl["fraction_of_peak"], tl["gemm_peak_gflops"]),
                 "%.2f of %.0f" % (tp["fraction_of_peak"], tp["gemm_peak_gflops"]), None, "", ""))
    cl, cp = load(folder, "csv_loupe"), load(folder, "csv_peer")
    rows.append(("CSV load, MB/s (1M x 32 floats, %.0f MB)" % (cl["bytes"] / 1e6),
                 cl["mb_per_s"], cp["mb_per_s"], cl["mb_per_s"] / cp["mb_per_s"],
                 "pandas %s read_csv" % cp["version"], ">= 4"))
    rl, rp = load(folder, "roc_loupe"), load(folder, "roc_peer")
    same = abs(float(rl["auc"]) - float(rp["auc"])) <= 1e-9
    rows.append(("ROC-AUC, seconds (10M scores)", rl["seconds"], rp["seconds"],
                 rp["seconds"] / rl["seconds"], "scikit-learn %s roc_auc_score" % rp["version"],
                 ">= 10"))
    rows.append(("  AUC (equal within 1e-9: %s)" % ("yes" if same else "NO"),
                 rl["auc"], rp["auc"], None, "", ""))

    print("| benchmark | Loupe | peer | ratio | peer | goal |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for name, ours, theirs, ratio, peer, goal in rows:
        fmt = lambda v: ("%.4g" % v) if isinstance(v, float) else str(v)
        print("| %s | %s | %s | %s | %s | %s |" % (
            name, fmt(ours), fmt(theirs), "%.2fx" % ratio if ratio else "", peer, goal))
    shap_file = folder / "shap_loupe.json"
    if shap_file.exists():
        shap = load(folder, "shap_loupe")
        e, k = shap["exact"], shap["kernel"]
        print()
        print("| SHAP (%s) | seconds | goal |" % shap["device"])
        print("| --- | ---: | --- |")
        print("| exact, %d features, %d background rows, %d rows | %.2f | |"
              % (e["features"], e["background"], e["rows"], e["shap_s"]))
        print("| bare batched forward passes it needs | %.2f | |" % e["bare_forward_s"])
        print("| ratio exact / bare | %.2fx | <= 2x |" % e["ratio"])
        print("| KernelSHAP, %d features, %d samples, %d background, %d rows | %.2f | recorded |"
              % (k["features"], k["samples"], k["background"], k["rows"], k["seconds"]))
    if not same:
        sys.exit("bench: ROC-AUC results differ")


if __name__ == "__main__":
    main()
