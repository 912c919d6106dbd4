#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: with a display, the workbench window on
# the bundled breast-cancer sample; headless (or LOUPE_HEADLESS=1), loupe-cli trains an MLP on it
# and prints its test metrics.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build
cmake --preset dev
cmake --build --preset dev -j "$(nproc)"

sample=resources/datasets/breast_cancer.csv
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && "${LOUPE_HEADLESS:-0}" != 1 && -x build/app/loupe ]]; then
    echo "== loupe $sample --target diagnosis =="
    exec build/app/loupe --open "$sample" --target diagnosis
fi

out="${LOUPE_RUN_DIR:-build/sample-run}"
echo "== loupe-cli train $sample --target diagnosis --out $out =="
build/app/loupe-cli train "$sample" --target diagnosis --out "$out" --seed 1
