#!/usr/bin/python3
"""Prints the benchmark table from the JSON lines that scripts/bench.sh collected.

usage: report.py RESULTS_DIR   (files: train_loupe.json, train_peer.json, csv_loupe.json, ...;
shap_loupe.json, open_loupe.json, open_peer.json and ui_latency.json are printed when present)
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
    print_int8(folder)
    print_workbench(folder)
    if not same:
        sys.exit("bench: ROC-AUC results differ")


def print_int8(folder: pathlib.Path) -> None:
    """bench_int8: float vs int8 (quantize-int8) inference of the same MLPs, median microseconds."""
    if not (folder / "int8_loupe.json").exists():
        return
    r = load(folder, "int8_loupe")
    print()
    print("| inference (%s; load average %s) | float us | int8 us | int8 speed-up | goal |"
          % (r["device"], r.get("load_average", "?")))
    print("| --- | ---: | ---: | ---: | --- |")
    for shape in ("30-512-256-2", "256-1024-1024-10"):
        for batch in ("batch_1", "batch_1024"):
            m = r[shape][batch]
            print("| MLP %s, %s | %.1f | %.1f | %.2fx | %s |" % (
                shape, batch.replace("_", " "), m["float_us"], m["int8_us"], m["speedup"],
                "> 1x" if batch == "batch_1024" else "recorded"))


def print_workbench(folder: pathlib.Path) -> None:
    """The window's numbers: bench_open_csv (with pandas on the same file) and bench_ui_latency."""
    if (folder / "open_loupe.json").exists():
        ol = load(folder, "open_loupe")
        print()
        print("| workbench (Qt, offscreen; load average %s) | Loupe | peer | ratio | peer | goal |"
              % ol.get("load_average", "?"))
        print("| --- | ---: | ---: | ---: | --- | --- |")
        peer, ratio, name = "", "", ""
        if (folder / "open_peer.json").exists():
            op = load(folder, "open_peer")
            peer, name = "%.2f" % op["seconds"], "pandas %s read_csv" % op["version"]
            ratio = "%.2fx" % (op["seconds"] / ol["first_paint_s"])
        print("| open %d x %d CSV (%.0f MB): openFile to first rows painted, s | %.2f | %s | %s "
              "| %s | < 3 s |" % (ol["rows"], ol["columns"], ol["bytes"] / 1e6,
                                   ol["first_paint_s"], peer, ratio, name))
        print("| jump to the last row (Ctrl+End to repainted), ms | %.1f | | | | < 100 ms |"
              % ol["jump_last_ms"])
    if (folder / "ui_latency.json").exists():
        ui = load(folder, "ui_latency")
        print()
        print("| UI event-loop lateness, 10 ms probe + user action every 100 ms (load average %s) "
              "| p50 ms | p99 ms | max ms | ticks | goal |" % ui.get("load_average", "?"))
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        scenarios = [
            ("idle", "user actions only (baseline)"),
            ("training", "training %d rows, %d epochs (%.1f s)" % (
                ui["train_rows"], ui["train_epochs"], ui["train_seconds"])),
            ("load_1m", "opening the 1M-row CSV (%.2f s to shown)" % ui["load_1m_seconds"]),
            ("filter_1m", "typing a filter over 1M rows x 20 columns"),
        ]
        for key, text in scenarios:
            r = ui[key]
            print("| %s | %.1f | %.1f | %.1f | %d | %s |" % (
                text, r["p50_ms"], r["p99_ms"], r["max_ms"], r["samples"],
                "p99 < 50" if key != "idle" else ""))


if __name__ == "__main__":
    main()
