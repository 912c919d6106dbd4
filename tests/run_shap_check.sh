#!/usr/bin/env bash
# Usage: run_shap_check.sh LOUPE_CLI DATASETS_DIR
# Trains small MLPs on iris (4 features) and an 8-feature subset of breast_cancer, explains rows
# with `loupe-cli explain --method exact` and checks shap.csv against tests/shap_reference.py.
set -euo pipefail
cli=$1 datasets=$2
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$datasets" "$work" <<'PY'
import csv, sys
datasets, work = sys.argv[1:]
def rows(name):
    with open(f"{datasets}/{name}.csv", newline="") as f:
        return list(csv.reader(f))
iris = rows("iris")
with open(f"{work}/iris_bg.csv", "w", newline="") as f:
    csv.writer(f).writerows([iris[0]] + iris[1::10])
bc = rows("breast_cancer")
keep = [bc[0].index(c) for c in bc[0][1:9]] + [bc[0].index("diagnosis")]
with open(f"{work}/bc8.csv", "w", newline="") as f:
    csv.writer(f).writerows([[r[k] for k in keep] for r in bc])
with open(f"{work}/bc8_bg.csv", "w", newline="") as f:
    csv.writer(f).writerows([[r[k] for k in keep] for r in [bc[0]] + bc[1::25]])
PY
"$cli" train "$datasets/iris.csv" --target species --hidden 8 --activation tanh --epochs 20 \
    --seed 1 --out "$work/iris" --quiet
"$cli" explain "$work/iris/model.h5" "$datasets/iris.csv" --method exact --rows 0-4,60,120-122 \
    --background-data "$work/iris_bg.csv" --class versicolor --out "$work/iris_shap" --quiet
/usr/bin/python3 "$here/shap_reference.py" "$work/iris/model.h5" "$datasets/iris.csv" \
    "$work/iris_bg.csv" "$work/iris_shap/shap.csv" --class versicolor
"$cli" train "$work/bc8.csv" --target diagnosis --hidden 16 --epochs 10 --seed 2 \
    --out "$work/bc" --quiet
"$cli" explain "$work/bc/model.h5" "$work/bc8.csv" --method exact --rows 0-9 \
    --background-data "$work/bc8_bg.csv" --out "$work/bc_shap" --quiet
/usr/bin/python3 "$here/shap_reference.py" "$work/bc/model.h5" "$work/bc8.csv" \
    "$work/bc8_bg.csv" "$work/bc_shap/shap.csv"
