#!/usr/bin/env bash
# Usage: run_sklearn_check.sh LOUPE_CLI DATA.csv TARGET
# Trains into a temporary folder, then checks the run with scikit-learn, numpy and h5py.
set -euo pipefail
cli=$1 data=$2 target=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" train "$data" --target "$target" --out "$work/run" --quiet
"$cli" evaluate "$work/run/model.h5" "$data" --out "$work/eval" --quiet
/usr/bin/python3 "$(dirname "$0")/check_run_vs_sklearn.py" "$work/run" "$data"
/usr/bin/python3 "$(dirname "$0")/check_run_vs_sklearn.py" "$work/eval" "$data" \
    --model "$work/run/model.h5"
