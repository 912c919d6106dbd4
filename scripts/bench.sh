#!/usr/bin/env bash
# Runs Loupe's benchmarks against their peers in one run and prints one table with the ratios:
#   MLP training vs PyTorch (CPU), CSV load vs pandas.read_csv, ROC-AUC vs scikit-learn,
#   and exact SHAP against the bare forward passes it needs (plus KernelSHAP seconds);
#   then the workbench window (offscreen): a 1M x 20 CSV's first painted rows (pandas.read_csv of
#   the same file beside it) and the UI event loop's lateness while training, loading, filtering.
# Usage: scripts/bench.sh [--native]   (--native tunes Loupe for this processor: -march=native)
# Results (JSON per tool) land in build-release/bench-results/. Data is generated, seeded.
set -euo pipefail
cd "$(dirname "$0")/.."

native=OFF
for arg in "$@"; do
    case "$arg" in
        --native) native=ON ;;
        *) echo "bench.sh: unknown option '$arg' (--native)" >&2; exit 2 ;;
    esac
done

scripts/deps.sh build bench
cmake --preset release -DLOUPE_NATIVE=$native -DLOUPE_TESTS=OFF >/dev/null
cmake --build --preset release -j "$(nproc)" --target bench_train bench_csv bench_roc bench_shap \
    bench_open_csv bench_ui_latency bench_int8 bench_search

bin=build-release/bench
results=build-release/bench-results
data=build-release/bench-data
mkdir -p "$results" "$data"
py=/usr/bin/python3
# The peer gets a real BLAS on one thread per GEMM and two torch threads: OpenBLAS's own threads on
# top of torch's would oversubscribe the two cores.
export OPENBLAS_NUM_THREADS=1

echo "== MLP training: Loupe, then PyTorch =="
"$bin/bench_train" | tee "$results/train_loupe.json"
$py bench/train_peer.py | tee "$results/train_peer.json"

echo "== CSV load: Loupe, then pandas =="
[[ -f "$data/floats_1m_32.csv" ]] || $py bench/make_csv.py "$data/floats_1m_32.csv" 1000000 32
"$bin/bench_csv" "$data/floats_1m_32.csv" | tee "$results/csv_loupe.json"
$py bench/csv_peer.py "$data/floats_1m_32.csv" | tee "$results/csv_peer.json"

echo "== ROC-AUC on 10M scores: Loupe, then scikit-learn (same data) =="
[[ -f "$data/roc_10m.bin" ]] || $py bench/roc_peer.py --make "$data/roc_10m.bin"
"$bin/bench_roc" "$data/roc_10m.bin" | tee "$results/roc_loupe.json"
$py bench/roc_peer.py "$data/roc_10m.bin" | tee "$results/roc_peer.json"

echo "== SHAP: exact vs its bare batched forward passes; KernelSHAP =="
"$bin/bench_shap" | tee "$results/shap_loupe.json"

echo "== Inference: float vs int8 (quantize-int8) of the same MLPs, batch 1 and 1024 =="
"$bin/bench_int8" | tee "$results/int8_loupe.json"

echo "== Hyperparameter search: Bayes (GP) and TPE with a third of the grid's trials =="
"$bin/bench_search" | tee "$results/search_loupe.json"

# The window runs offscreen (the benchmarks set QT_QPA_PLATFORM=offscreen unless it is set).
echo "== Workbench: open a 1M x 20 CSV to its first painted rows, jump to the last; pandas =="
"$bin/bench_open_csv" "$data/mixed_1m_20.csv" | tee "$results/open_loupe.json"  # writes the file
$py bench/csv_peer.py "$data/mixed_1m_20.csv" | tee "$results/open_peer.json"

echo "== Workbench: UI event-loop lateness while training 100k rows, loading and filtering 1M =="
"$bin/bench_ui_latency" --data "$data" | tee "$results/ui_latency.json"

echo
$py bench/report.py "$results"
