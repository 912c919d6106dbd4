#!/usr/bin/python3
"""loupe-cli quality and train's imbalance options, end to end.

1. quality on breast_cancer with a planted leak (a copy of the target, and test rows that repeat
   training rows) writes outliers.csv, label_issues.csv and leakage.json as docs/formats.md says,
   and leakage.json flags both leaks; train prints the same warnings.
2. train --smote K / --class-weight balanced record their settings in metrics.json, and the
   predictions are the data's own rows.
3. Bad input is one line on stderr with exit code 2 and nothing written.

Usage: check_quality_cli.py LOUPE_CLI DATASETS_DIR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("MISMATCH: " + message)


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    cli, datasets = sys.argv[1], sys.argv[2]
    with open(os.path.join(datasets, "breast_cancer.csv"), newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    target = header.index("diagnosis")
    with tempfile.TemporaryDirectory() as work:
        # A copy of the target, and every row twice: most held-out rows then repeat a training row.
        leaky = os.path.join(work, "leaky.csv")
        with open(leaky, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header + ["diagnosis_copy"])
            for row in body + body:
                w.writerow(row + [row[target]])
        out = os.path.join(work, "quality")
        r = run(cli, "quality", leaky, "--target", "diagnosis", "--out", out, "--epochs", "10",
                "--seed", "3")
        check(r.returncode == 0, f"quality exit {r.returncode}: {r.stderr.strip()}")
        if r.returncode == 0:
            print(r.stdout.strip())
            outliers = read_csv(os.path.join(out, "outliers.csv"))
            check(list(outliers[0].keys()) == ["row", "score", "rank"], "outliers.csv header")
            check(len(outliers) == 2 * len(body), "outliers.csv: one line per row")
            issues = read_csv(os.path.join(out, "label_issues.csv"))
            check(list(issues[0].keys()) == ["row", "given", "suggested", "confidence",
                                             "self_confidence", "issue", "rank"],
                  "label_issues.csv header")
            check(len(issues) == 2 * len(body), "label_issues.csv: one line per labelled row")
            check({i["given"] for i in issues} == {"benign", "malignant"}, "class names")
            with open(os.path.join(out, "leakage.json")) as f:
                leakage = json.load(f)
            kinds = {(w["kind"], tuple(w["columns"])) for w in leakage["warnings"]}
            check(("target_derived", ("diagnosis_copy",)) in kinds, "target copy not flagged")
            dup = [w for w in leakage["warnings"] if w["kind"] == "duplicate_rows"]
            check(len(dup) == 1 and len(dup[0]["rows"]) > 0, "duplicate rows not flagged")
            split = leakage["split"]
            check(split["train"] + split["val"] + split["test"] == 2 * len(body), "split sizes")
        r = run(cli, "train", leaky, "--target", "diagnosis", "--out", os.path.join(work, "run0"),
                "--epochs", "1")
        check(r.returncode == 0 and "warning: column 'diagnosis_copy' is a copy" in r.stdout,
              "train does not warn about the target copy")

        data = os.path.join(datasets, "breast_cancer.csv")
        for flags, expected in ((["--smote", "3"], {"resample": "smote", "smote_k": 3}),
                                (["--oversample", "--class-weight", "balanced"],
                                 {"resample": "oversample", "class_weight": "balanced"}),
                                ([], {"resample": "none", "class_weight": "none"})):
            run_dir = os.path.join(work, "run_" + "_".join(f.strip("-") for f in flags))
            r = run(cli, "train", data, "--target", "diagnosis", "--out", run_dir, "--epochs",
                    "2", "--quiet", *flags)
            check(r.returncode == 0, f"train {flags}: exit {r.returncode}: {r.stderr.strip()}")
            if r.returncode:
                continue
            with open(os.path.join(run_dir, "metrics.json")) as f:
                training = json.load(f).get("training", {})
            for key, value in expected.items():
                check(training.get(key) == value, f"train {flags}: training.{key} is "
                      f"{training.get(key)!r}, expected {value!r}")
            predictions = read_csv(os.path.join(run_dir, "predictions.csv"))
            check([int(p["row"]) for p in predictions] == list(range(len(body))),
                  f"train {flags}: predictions are not the data's rows")

        for args, what in (
                (["train", data, "--target", "diagnosis", "--out", os.path.join(work, "x"),
                  "--smote", "3", "--oversample"], "--smote with --oversample"),
                (["train", data, "--target", "mean_radius", "--out", os.path.join(work, "x"),
                  "--smote", "3"], "--smote on a regression target"),
                (["train", data, "--target", "diagnosis", "--out", os.path.join(work, "x"),
                  "--class-weight", "heavy"], "--class-weight heavy"),
                (["quality", data, "--target", "nope", "--out", os.path.join(work, "x")],
                 "quality with a missing target column"),
                (["quality", data, "--target", "diagnosis", "--out", os.path.join(work, "x"),
                  "--folds", "1"], "quality --folds 1")):
            r = run(cli, *args)
            lines = r.stderr.strip().splitlines()
            check(r.returncode == 2 and len(lines) == 1 and lines[0].startswith("loupe-cli: error:"),
                  f"{what}: exit {r.returncode}, stderr {r.stderr.strip()!r}")
            check(not os.path.exists(os.path.join(work, "x")), f"{what}: wrote --out")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
