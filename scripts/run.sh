#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: loupe-cli trains an MLP on the bundled
# breast-cancer sample and prints its test metrics.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build
cmake --preset dev
cmake --build --preset dev -j "$(nproc)"

out="${LOUPE_RUN_DIR:-build/sample-run}"
echo "== loupe-cli train resources/datasets/breast_cancer.csv --target diagnosis --out $out =="
build/app/loupe-cli train resources/datasets/breast_cancer.csv --target diagnosis --out "$out" --seed 1
