#!/usr/bin/env bash
# Usage: run_onnx_check.sh LOUPE_CLI DATA.csv TARGET NODE_MODULES [numeric|categorical|int8
#        [TRAIN_OPTION...]]
# Trains on DATA.csv, exports the model with loupe-cli export, checks the file with onnx.checker
# (python3-onnx, onnx_check.py) and runs it in ONNX Runtime (onnxruntime-node, installed by
# scripts/npm_deps.sh) on every row, against loupe-cli predict: max |difference| <= 1e-5.
# Then again on a copy with missing values in every column, which the pipeline imputes.
# With "categorical", a string column is added second (so numeric columns sit on both sides of
# its one-hot block); the copy also holds categories training never saw. TRAIN_OPTIONs go to
# loupe-cli train (preprocessing choices: --scale, --log, --encode ...).
# With "int8", the trained model is quantized (loupe-cli compress --plugin quantize-int8) and the
# quantized one is exported and compared: its .onnx must keep int8 weights (onnx_check.py --int8)
# and be under 0.3x the float model's .onnx. The ONNX graph runs gemmS8's arithmetic (exact int32
# sums, the same float scale products), so the 1e-5 bound holds for it too: a larger difference
# would mean one input code rounded differently, a real mismatch.
set -euo pipefail
cli=$1 data=$2 target=$3 node_modules=$4 mode=${5:-numeric}
shift $(( $# < 5 ? $# : 5 ))
here=$(dirname "$0")
if [[ ! -f "$node_modules/onnxruntime-node/package.json" ]]; then
    echo "onnxruntime-node is not in $node_modules: run scripts/npm_deps.sh" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

int8=no
if [[ $mode == int8 ]]; then int8=yes mode=numeric; fi

# Deterministic copies of the data: with a colour column, and with missing cells.
/usr/bin/python3 - "$data" "$target" "$mode" "$work" <<'PY'
import csv, sys
data, target, mode, work = sys.argv[1:]
rows = list(csv.reader(open(data, newline="")))
header, body = rows[0], rows[1:]
if mode == "categorical":
    colours = ["red", "green", "blue", "amber"]
    header.insert(1, "colour")
    for i, row in enumerate(body):
        row.insert(1, colours[(i * 7 + len(row[0])) % 4] if i % 13 else "")
csv.writer(open(work + "/train.csv", "w", newline="")).writerows([header] + body)
unseen = ["violet", "NA", "?", "null"]
for i, row in enumerate(body):
    for j, name in enumerate(header):
        if name != target and (i * 5 + j * 3) % 11 == 0:
            row[j] = ""
        elif name == "colour" and i % 17 == 0:
            row[j] = unseen[(i // 17) % 4]
csv.writer(open(work + "/missing.csv", "w", newline="")).writerows([header] + body)
PY

"$cli" train "$work/train.csv" --target "$target" --out "$work/run" --device cpu --quiet "$@"
model="$work/run/model.h5" check_options=()
if [[ $int8 == yes ]]; then
    "$cli" export "$model" --format onnx --out "$work/float.onnx" --quiet
    "$cli" compress "$model" "$work/train.csv" --target "$target" --plugin quantize-int8 \
        --out "$work/int8" --device cpu --quiet
    model="$work/int8/model.h5" check_options=(--int8)
fi
"$cli" export "$model" --format onnx --out "$work/model.onnx" --quiet
/usr/bin/python3 "$here/onnx_check.py" "$work/model.onnx" "$model" \
    --spec "$work/spec.json" "${check_options[@]}"
if [[ $int8 == yes ]]; then
    float_size=$(stat -c %s "$work/float.onnx") int8_size=$(stat -c %s "$work/model.onnx")
    echo "int8 .onnx: $int8_size bytes, float .onnx: $float_size bytes"
    if (( int8_size * 10 >= float_size * 3 )); then
        echo "the int8 .onnx is not under 0.3x the float one" >&2
        exit 1
    fi
fi
for csv in "$work/train.csv" "$work/missing.csv"; do
    "$cli" predict "$model" "$csv" --out "$work/predictions.csv" --device cpu --quiet
    NODE_PATH="$node_modules" node "$here/onnx_runtime_check.js" "$work/model.onnx" \
        "$work/spec.json" "$csv" "$work/predictions.csv" 1e-5
done
