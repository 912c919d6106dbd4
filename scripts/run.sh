#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: with a display, the workbench window on
# the bundled sample project (breast-cancer data, target diagnosis); headless (or LOUPE_HEADLESS=1),
# loupe-cli trains an MLP on the same data and prints its test metrics.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build
cmake --preset dev
cmake --build --preset dev -j "$(nproc)"

sample=resources/datasets/breast_cancer.csv
project=resources/projects/breast_cancer.loupe
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && "${LOUPE_HEADLESS:-0}" != 1 && -x build/app/loupe ]]; then
    echo "== loupe $project =="
    exec build/app/loupe "$project"
fi

out="${LOUPE_RUN_DIR:-build/sample-run}"
echo "== loupe-cli train $sample --target diagnosis --out $out =="
build/app/loupe-cli train "$sample" --target diagnosis --out "$out" --seed 1
